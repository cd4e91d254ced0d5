import type { VirtualKeyMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type VirtualKeyActorRef = ActorRefFrom<VirtualKeyMachine>;
