import type { EligibilityResult, OnboardingApi } from "@onflex/core";
import { assign, fromPromise, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { toFlowError } from "../shared/shared.utils.js";
import type { EligibilityContext, EligibilityEvent, EligibilityInput, EligibilityOutput } from "./eligibility.types.js";

/**
 * The flow's I/O. It does not retry by itself: the HTTP adapter already retries a safe call
 * with backoff, so a failure that reaches the flow is shown with a Retry button.
 */
export function eligibilityActors(api: OnboardingApi) {
  return {
    checkEligibility: fromPromise<EligibilityResult, { mpan: string; assetModel: string | undefined }>(({ input, signal }) =>
      api.eligibility.check(input.assetModel === undefined ? { mpan: input.mpan } : { mpan: input.mpan, assetModel: input.assetModel }, { signal }),
    ),
  };
}

export const eligibilityMachine = setup({
  types: {
    context: {} as EligibilityContext,
    events: {} as EligibilityEvent,
    input: {} as EligibilityInput,
    output: {} as EligibilityOutput | null,
  },
  actors: eligibilityActors(UNBOUND_DEPS.api),
  actions: {
    storeResult: assign((_, result: EligibilityResult) => ({ result, error: null })),
    storeFailure: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
    clearError: assign({ error: null }),
  },
}).createMachine({
  id: "eligibility",
  context: ({ input }) => ({
    mpan: input.mpan,
    assetModel: input.assetModel,
    propositions: input.propositions,
    result: null,
    error: null,
  }),
  initial: "checking",
  states: {
    checking: {
      invoke: {
        id: "checkEligibility",
        src: "checkEligibility",
        input: ({ context }) => ({ mpan: context.mpan, assetModel: context.assetModel }),
        onDone: { target: "checked", actions: { type: "storeResult", params: ({ event }) => event.output } },
        onError: { target: "failed", actions: { type: "storeFailure", params: ({ event }) => ({ error: event.error }) } },
      },
      on: { "ELIGIBILITY.EXIT": "exited" },
    },
    failed: {
      on: {
        "ELIGIBILITY.RETRY": { target: "checking", actions: "clearError" },
        "ELIGIBILITY.EXIT": "exited",
      },
    },
    checked: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }) => context.result,
});

export type EligibilityMachine = typeof eligibilityMachine;
