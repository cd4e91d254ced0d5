import type { DeviceSelectionMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type DeviceSelectionActorRef = ActorRefFrom<DeviceSelectionMachine>;
