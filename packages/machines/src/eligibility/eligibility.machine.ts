import type { EligibilityResult, OnboardingApi } from "@onflex/core";
import { assign, fromPromise, setup } from "xstate";
import { toFlowError } from "../shared/shared.utils.js";
import type { EligibilityContext, EligibilityEvent, EligibilityInput, EligibilityOutput } from "./eligibility.types.js";

export const DEFAULT_ELIGIBILITY_RETRY = { attempts: 2, baseDelayMs: 500 } as const;

export const eligibilityMachine = setup({
  types: {
    context: {} as EligibilityContext,
    events: {} as EligibilityEvent,
    input: {} as EligibilityInput,
    output: {} as EligibilityOutput | null,
  },
  actors: {
    checkEligibility: fromPromise<EligibilityResult, { api: OnboardingApi; mpan: string; assetModel: string | undefined }>(
      ({ input, signal }) =>
        input.api.eligibility.check(
          input.assetModel === undefined ? { mpan: input.mpan } : { mpan: input.mpan, assetModel: input.assetModel },
          { signal },
        ),
    ),
  },
  delays: {
    retryDelay: ({ context }) => context.retry.baseDelayMs * 2 ** Math.max(0, context.attempt - 1),
  },
  guards: {
    canRetryAutomatically: ({ context }, params: { error: unknown }) =>
      toFlowError(params.error).retryable && context.attempt < context.retry.attempts,
  },
  actions: {
    storeResult: assign((_, result: EligibilityResult) => ({ result, error: null, attempt: 0 })),
    storeFailure: assign(({ context }, params: { error: unknown }) => ({
      error: toFlowError(params.error),
      attempt: context.attempt + 1,
    })),
    resetAttempts: assign({ attempt: 0, error: null }),
  },
}).createMachine({
  id: "eligibility",
  context: ({ input }) => ({
    api: input.api,
    mpan: input.mpan,
    assetModel: input.assetModel,
    propositions: input.propositions,
    retry: { ...DEFAULT_ELIGIBILITY_RETRY, ...input.retry },
    attempt: 0,
    result: null,
    error: null,
  }),
  initial: "checking",
  states: {
    checking: {
      invoke: {
        id: "checkEligibility",
        src: "checkEligibility",
        input: ({ context }) => ({ api: context.api, mpan: context.mpan, assetModel: context.assetModel }),
        onDone: { target: "checked", actions: { type: "storeResult", params: ({ event }) => event.output } },
        onError: [
          {
            guard: { type: "canRetryAutomatically", params: ({ event }) => ({ error: event.error }) },
            target: "waitingToRetry",
            actions: { type: "storeFailure", params: ({ event }) => ({ error: event.error }) },
          },
          { target: "failed", actions: { type: "storeFailure", params: ({ event }) => ({ error: event.error }) } },
        ],
      },
    },
    waitingToRetry: {
      after: { retryDelay: "checking" },
      on: { "ELIGIBILITY.EXIT": "exited" },
    },
    failed: {
      on: {
        "ELIGIBILITY.RETRY": { target: "checking", actions: "resetAttempts" },
        "ELIGIBILITY.EXIT": "exited",
      },
    },
    checked: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }) => context.result,
});

export type EligibilityMachine = typeof eligibilityMachine;
