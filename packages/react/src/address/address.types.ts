import type { AddressMachine } from "@onflex/machines";
import type { ActorRefFrom } from "xstate";

export type AddressActorRef = ActorRefFrom<AddressMachine>;
