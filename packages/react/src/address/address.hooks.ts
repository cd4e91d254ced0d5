import { addressMachine, connectAddress, type AddressInput, type AddressMachine, type AddressView } from "@onflex/machines";
import { useActorRef, useSelector } from "@xstate/react";
import { useMemo } from "react";
import type { ActorRefFrom } from "xstate";
import { useOnboardingApi } from "../provider/onflex.context.js";

export type AddressActorRef = ActorRefFrom<AddressMachine>;

/** A new address actor on the provider's API; `input` is read once, when it is created. */
export function useAddressActor(input: Omit<AddressInput, "api"> = {}): AddressActorRef {
  const api = useOnboardingApi();
  return useActorRef(addressMachine, { input: { ...input, api } });
}

/** The view model of an address actor, recomputed on every snapshot. */
export function useAddressView(actor: AddressActorRef): AddressView {
  const snapshot = useSelector(actor, (state) => state);
  return useMemo(() => connectAddress(snapshot, actor.send), [snapshot, actor]);
}

/** An address flow of its own: the actor plus its view model. */
export function useAddressFlow(input?: Omit<AddressInput, "api">): { actor: AddressActorRef; view: AddressView } {
  const actor = useAddressActor(input);
  return { actor, view: useAddressView(actor) };
}
