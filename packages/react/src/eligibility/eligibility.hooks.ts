import {
  connectEligibility,
  eligibilityMachine,
  type EligibilityInput,
  type EligibilityMachine,
  type EligibilityView,
} from "@onflex/machines";
import { useActorRef, useSelector } from "@xstate/react";
import { useMemo } from "react";
import type { ActorRefFrom } from "xstate";
import { useOnboardingApi } from "../provider/onflex.context.js";

export type EligibilityActorRef = ActorRefFrom<EligibilityMachine>;

/** A new eligibility check on the provider's API; it starts checking as soon as it mounts. */
export function useEligibilityActor(input: Omit<EligibilityInput, "api">): EligibilityActorRef {
  const api = useOnboardingApi();
  return useActorRef(eligibilityMachine, { input: { ...input, api } });
}

export function useEligibilityView(actor: EligibilityActorRef): EligibilityView {
  const snapshot = useSelector(actor, (state) => state);
  return useMemo(() => connectEligibility(snapshot, actor.send), [snapshot, actor]);
}

export function useEligibilityFlow(input: Omit<EligibilityInput, "api">): { actor: EligibilityActorRef; view: EligibilityView } {
  const actor = useEligibilityActor(input);
  return { actor, view: useEligibilityView(actor) };
}
