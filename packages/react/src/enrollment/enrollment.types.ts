import type { EnrollmentMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type EnrollmentActorRef = ActorRefFrom<EnrollmentMachine>;
