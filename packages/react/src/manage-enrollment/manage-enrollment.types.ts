import type { ManageEnrollmentMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type ManageEnrollmentActorRef = ActorRefFrom<ManageEnrollmentMachine>;
