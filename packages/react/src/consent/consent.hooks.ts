import { connectConsent, consentMachine, type ConsentInput, type ConsentMachine, type ConsentView } from "@onflex/machines";
import { useActorRef, useSelector } from "@xstate/react";
import { useMemo } from "react";
import type { ActorRefFrom } from "xstate";
import { useClock, useOnboardingApi } from "../provider/onflex.context.js";

export type ConsentActorRef = ActorRefFrom<ConsentMachine>;

/**
 * A new consent flow on the provider's API; it loads the terms as soon as it mounts. The
 * consent is stamped with `input.now`, else the provider's clock, else the device clock.
 */
export function useConsentActor(input: Omit<ConsentInput, "api">): ConsentActorRef {
  const api = useOnboardingApi();
  const clock = useClock();
  const now = input.now ?? clock;
  return useActorRef(consentMachine, { input: { ...input, api, ...(now ? { now } : {}) } });
}

export function useConsentView(actor: ConsentActorRef): ConsentView {
  const snapshot = useSelector(actor, (state) => state);
  return useMemo(() => connectConsent(snapshot, actor.send), [snapshot, actor]);
}

export function useConsentFlow(input: Omit<ConsentInput, "api">): { actor: ConsentActorRef; view: ConsentView } {
  const actor = useConsentActor(input);
  return { actor, view: useConsentView(actor) };
}
