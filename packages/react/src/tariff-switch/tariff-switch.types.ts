import type { TariffSwitchMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type TariffSwitchActorRef = ActorRefFrom<TariffSwitchMachine>;
