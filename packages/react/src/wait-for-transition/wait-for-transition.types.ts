import type { WaitForTransitionMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type WaitForTransitionActorRef = ActorRefFrom<WaitForTransitionMachine>;
