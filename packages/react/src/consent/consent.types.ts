import type { ConsentMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type ConsentActorRef = ActorRefFrom<ConsentMachine>;
