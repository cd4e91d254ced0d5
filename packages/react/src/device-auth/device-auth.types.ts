import type { DeviceAuthMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type DeviceAuthActorRef = ActorRefFrom<DeviceAuthMachine>;
