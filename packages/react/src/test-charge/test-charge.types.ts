import type { TestChargeMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type TestChargeActorRef = ActorRefFrom<TestChargeMachine>;
