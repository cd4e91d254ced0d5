import type { ConsentRecord, OnboardingApi, Terms } from "@onflex/core";
import { assertEvent, assign, fromPromise, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { toFlowError } from "../shared/shared.utils.js";
import type { ConsentContext, ConsentEvent, ConsentInput, ConsentOutput } from "./consent.types.js";

// Exported so declaration emit can name it in the journey machine's type.
export interface RecordConsentInput {
  mpan: string;
  proposition: string;
  termsVersion: string;
  givenAt: string;
  idempotencyKey: string;
}

function newIdempotencyKey(givenAt: string): string {
  // randomUUID is in every supported browser and Node 20; the fallback only keeps odd runtimes working.
  return typeof globalThis.crypto?.randomUUID === "function"
    ? globalThis.crypto.randomUUID()
    : `consent-${givenAt}-${Math.random().toString(36).slice(2)}`;
}

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function consentActors(api: OnboardingApi) {
  return {
    loadTerms: fromPromise<Terms, { proposition: string }>(({ input, signal }) => api.consents.terms({ proposition: input.proposition }, { signal })),
    recordConsent: fromPromise<ConsentRecord, RecordConsentInput>(({ input, signal }) =>
      api.consents.record(
        { mpan: input.mpan, proposition: input.proposition, termsVersion: input.termsVersion, givenAt: input.givenAt },
        { signal, idempotencyKey: input.idempotencyKey },
      ),
    ),
  };
}

/** Stamps the moment the user pressed Accept with the journey's clock. */
export function consentActions(clock: () => Date) {
  return {
    stampGivenAt: assign<ConsentContext, ConsentEvent, undefined, ConsentEvent, never>(() => {
      const givenAt = clock().toISOString();
      return { givenAt, idempotencyKey: newIdempotencyKey(givenAt), error: null };
    }),
  };
}

export const consentMachine = setup({
  types: {
    context: {} as ConsentContext,
    events: {} as ConsentEvent,
    input: {} as ConsentInput,
    output: {} as ConsentOutput | null,
  },
  actors: consentActors(UNBOUND_DEPS.api),
  guards: {
    hasAgreed: ({ context }) => context.hasAgreed,
  },
  actions: {
    storeTerms: assign((_, terms: Terms) => ({ terms, error: null })),
    storeAgreement: assign(({ event }) => {
      assertEvent(event, "CONSENT.SET_AGREED");
      return { hasAgreed: event.agreed === true };
    }),
    ...consentActions(UNBOUND_DEPS.clock),
    storeRecord: assign((_, record: ConsentRecord) => ({ record, error: null })),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
    clearError: assign({ error: null }),
  },
}).createMachine({
  id: "consent",
  context: ({ input }) => ({
    mpan: input.mpan,
    proposition: input.proposition,
    terms: null,
    hasAgreed: false,
    givenAt: null,
    idempotencyKey: null,
    record: null,
    error: null,
  }),
  initial: "loadingTerms",
  states: {
    loadingTerms: {
      invoke: {
        id: "loadTerms",
        src: "loadTerms",
        input: ({ context }) => ({ proposition: context.proposition }),
        onDone: { target: "reviewing", actions: { type: "storeTerms", params: ({ event }) => event.output } },
        onError: { target: "loadFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
      on: { "CONSENT.DECLINE": "declined" },
    },
    loadFailed: {
      on: {
        "CONSENT.RETRY": { target: "loadingTerms", actions: "clearError" },
        "CONSENT.DECLINE": "declined",
      },
    },
    reviewing: {
      on: {
        "CONSENT.SET_AGREED": { actions: "storeAgreement" },
        "CONSENT.ACCEPT": { guard: "hasAgreed", target: "recording", actions: "stampGivenAt" },
        "CONSENT.DECLINE": "declined",
      },
    },
    recording: {
      invoke: {
        id: "recordConsent",
        src: "recordConsent",
        input: ({ context }) => ({
          mpan: context.mpan,
          proposition: context.proposition,
          termsVersion: context.terms?.version ?? "",
          givenAt: context.givenAt ?? "",
          idempotencyKey: context.idempotencyKey ?? "",
        }),
        onDone: { target: "done", actions: { type: "storeRecord", params: ({ event }) => event.output } },
        onError: { target: "recordFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    recordFailed: {
      on: {
        // Same givenAt and key: the user agreed when they pressed Accept, not when the retry worked.
        "CONSENT.RETRY": { target: "recording", actions: "clearError" },
        "CONSENT.DECLINE": "declined",
      },
    },
    done: { type: "final" },
    declined: { type: "final" },
  },
  output: ({ context }) => context.record,
});

export type ConsentMachine = typeof consentMachine;
