import type { EligibilityMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type EligibilityActorRef = ActorRefFrom<EligibilityMachine>;
