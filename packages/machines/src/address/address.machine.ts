import { parseMpan, parseUkPostcode } from "@onflex/core";
import type { AddressSearchResult, Meter, MeterLookupResult, OnboardingApi } from "@onflex/core";
import { assertEvent, assign, fromPromise, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { text, toFlowError } from "../shared/shared.utils.js";
import type { AddressContext, AddressEvent, AddressInput, AddressOutput, ManualDraft, ManualFieldErrors } from "./address.types.js";

const EMPTY_DRAFT: ManualDraft = { line1: "", line2: "", town: "", postcode: "", mpan: "" };

/** Only known fields, only strings: drafts arrive from forms and hosts. */
function mergeDraft(draft: ManualDraft, values: unknown): ManualDraft {
  const next = { ...draft };
  if (values && typeof values === "object") {
    for (const key of Object.keys(EMPTY_DRAFT) as (keyof ManualDraft)[]) {
      const value = (values as Record<string, unknown>)[key];
      if (typeof value === "string") next[key] = value;
    }
  }
  return next;
}

function validateManual(draft: ManualDraft): ManualFieldErrors {
  const errors: ManualFieldErrors = {};
  if (!draft.line1.trim()) errors.line1 = "required";
  if (!draft.town.trim()) errors.town = "required";
  const postcode = parseUkPostcode(draft.postcode);
  if (!postcode.ok) errors.postcode = postcode.reason;
  const mpan = parseMpan(draft.mpan);
  if (!mpan.ok) errors.mpan = mpan.reason;
  return errors;
}

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function addressActors(api: OnboardingApi) {
  return {
    lookupAddresses: fromPromise<AddressSearchResult, { postcode: string }>(({ input, signal }) =>
      api.addresses.search({ postcode: input.postcode }, { signal }),
    ),
    resolveMeters: fromPromise<MeterLookupResult, { addressId: string }>(({ input, signal }) =>
      api.meters.byAddress({ addressId: input.addressId }, { signal }),
    ),
    lookupMeterByMpan: fromPromise<Meter, { mpan: string }>(({ input, signal }) => api.meters.byMpan({ mpan: input.mpan }, { signal })),
  };
}

export const addressMachine = setup({
  types: {
    context: {} as AddressContext,
    events: {} as AddressEvent,
    input: {} as AddressInput,
    output: {} as AddressOutput | null,
  },
  actors: addressActors(UNBOUND_DEPS.api),
  guards: {
    isValidPostcode: ({ context, event }) => {
      assertEvent(event, "ADDRESS.SUBMIT_POSTCODE");
      return parseUkPostcode(event.postcode ?? context.postcodeDraft).ok;
    },
    hasAddresses: ({ context }) => context.addresses.length > 0,
    isListedAddress: ({ context, event }) => {
      assertEvent(event, "ADDRESS.SELECT_ADDRESS");
      return context.addresses.some((address) => address.id === event.addressId);
    },
    isListedMeter: ({ context, event }) => {
      assertEvent(event, "ADDRESS.SELECT_METER");
      return context.meters.some((meter) => meter.mpan === event.mpan);
    },
    /** Reads a count handed over as params, so done events stay typed at the transition. */
    hasAtLeast: (_, params: { count: number; min: number }) => params.count >= params.min,
    isExactly: (_, params: { count: number; expected: number }) => params.count === params.expected,
    isNotFound: (_, params: { error: unknown }) => toFlowError(params.error).code === "not_found",
    isValidManual: ({ context, event }) => {
      assertEvent(event, "ADDRESS.SUBMIT_MANUAL");
      return Object.keys(validateManual(mergeDraft(context.manualDraft, event.values))).length === 0;
    },
  },
  actions: {
    storePostcode: assign(({ context, event }) => {
      assertEvent(event, "ADDRESS.SUBMIT_POSTCODE");
      const typed = event.postcode ?? context.postcodeDraft;
      const parsed = parseUkPostcode(typed);
      return {
        postcodeDraft: text(typed),
        postcode: parsed.ok ? parsed.postcode : null,
        postcodeError: null,
        addresses: [],
        selectedAddress: null,
        meters: [],
        error: null,
      };
    }),
    rejectPostcode: assign(({ context, event }) => {
      assertEvent(event, "ADDRESS.SUBMIT_POSTCODE");
      const typed = event.postcode ?? context.postcodeDraft;
      const parsed = parseUkPostcode(typed);
      return { postcodeDraft: text(typed), postcodeError: parsed.ok ? null : parsed.reason };
    }),
    storeAddresses: assign(({ context }, result: AddressSearchResult) => ({
      addresses: result.addresses,
      postcode: result.postcode || context.postcode,
    })),
    storeSelectedAddress: assign(({ context, event }) => {
      assertEvent(event, "ADDRESS.SELECT_ADDRESS");
      return {
        selectedAddress: context.addresses.find((address) => address.id === event.addressId) ?? null,
        meters: [],
        meter: null,
        // A listed address replaces anything typed on the manual form earlier.
        manualAddress: null,
        manualMpan: null,
        error: null,
      };
    }),
    storeMeters: assign((_, result: MeterLookupResult) => ({ meters: result.meters })),
    storeOnlyMeter: assign({ meter: ({ context }) => context.meters[0] ?? null }),
    storeChosenMeter: assign(({ context, event }) => {
      assertEvent(event, "ADDRESS.SELECT_METER");
      return { meter: context.meters.find((meter) => meter.mpan === event.mpan) ?? null };
    }),
    storeVerifiedMeter: assign((_, meter: Meter) => ({ meter })),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
    clearError: assign({ error: null }),
    startManualEntry: assign(({ context }) => ({
      manualReason: "address_not_listed" as const,
      manualErrors: {},
      manualDraft: { ...context.manualDraft, postcode: context.manualDraft.postcode || context.postcode || context.postcodeDraft },
      error: null,
    })),
    /** The address was found but no meter matched: keep what we know and ask only for the MPAN. */
    startMeterNotFoundEntry: assign(({ context }) => {
      const address = context.selectedAddress;
      return {
        manualReason: "meter_not_found" as const,
        manualErrors: {},
        manualDraft: address
          ? { ...context.manualDraft, line1: address.line1, line2: address.line2 ?? "", town: address.town, postcode: address.postcode }
          : context.manualDraft,
      };
    }),
    storeManual: assign(({ context, event }) => {
      assertEvent(event, "ADDRESS.SUBMIT_MANUAL");
      const draft = mergeDraft(context.manualDraft, event.values);
      const postcode = parseUkPostcode(draft.postcode);
      const mpan = parseMpan(draft.mpan);
      const line2 = draft.line2.trim();
      return {
        manualDraft: draft,
        manualErrors: {},
        manualAddress: {
          line1: draft.line1.trim(),
          ...(line2 ? { line2 } : {}),
          town: draft.town.trim(),
          postcode: postcode.ok ? postcode.postcode : draft.postcode,
        },
        manualMpan: mpan.ok ? mpan.core : null,
        error: null,
      };
    }),
    rejectManual: assign(({ context, event }) => {
      assertEvent(event, "ADDRESS.SUBMIT_MANUAL");
      const draft = mergeDraft(context.manualDraft, event.values);
      return { manualDraft: draft, manualErrors: validateManual(draft) };
    }),
    markMpanNotFound: assign(({ context }) => ({ manualErrors: { ...context.manualErrors, mpan: "not_found" as const }, error: null })),
  },
}).createMachine({
  id: "address",
  context: ({ input }) => ({
    postcodeDraft: text(input.postcode),
    postcodeError: null,
    postcode: null,
    addresses: [],
    selectedAddress: null,
    meters: [],
    manualDraft: EMPTY_DRAFT,
    manualErrors: {},
    manualReason: null,
    manualAddress: null,
    manualMpan: null,
    meter: null,
    error: null,
  }),
  initial: "postcode",
  on: { "ADDRESS.EXIT": ".exited" },
  states: {
    postcode: {
      on: {
        "ADDRESS.SUBMIT_POSTCODE": [{ guard: "isValidPostcode", target: "searching", actions: "storePostcode" }, { actions: "rejectPostcode" }],
      },
    },
    searching: {
      invoke: {
        id: "lookupAddresses",
        src: "lookupAddresses",
        input: ({ context }) => ({ postcode: context.postcode ?? "" }),
        onDone: [
          {
            guard: { type: "hasAtLeast", params: ({ event }) => ({ count: event.output.addresses.length, min: 1 }) },
            target: "results",
            actions: { type: "storeAddresses", params: ({ event }) => event.output },
          },
          { target: "noResults", actions: { type: "storeAddresses", params: ({ event }) => event.output } },
        ],
        onError: { target: "searchFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
      on: { "ADDRESS.CHANGE_POSTCODE": "postcode" },
    },
    searchFailed: {
      on: {
        "ADDRESS.RETRY": { target: "searching", actions: "clearError" },
        "ADDRESS.CHANGE_POSTCODE": { target: "postcode", actions: "clearError" },
      },
    },
    results: {
      on: {
        "ADDRESS.SELECT_ADDRESS": { guard: "isListedAddress", target: "resolvingMeter", actions: "storeSelectedAddress" },
        "ADDRESS.ENTER_MANUALLY": { target: "manual", actions: "startManualEntry" },
        "ADDRESS.CHANGE_POSTCODE": "postcode",
        "ADDRESS.BACK": "postcode",
      },
    },
    noResults: {
      on: {
        "ADDRESS.ENTER_MANUALLY": { target: "manual", actions: "startManualEntry" },
        "ADDRESS.CHANGE_POSTCODE": "postcode",
        "ADDRESS.BACK": "postcode",
      },
    },
    resolvingMeter: {
      invoke: {
        id: "resolveMeters",
        src: "resolveMeters",
        input: ({ context }) => ({ addressId: context.selectedAddress?.id ?? "" }),
        onDone: [
          {
            guard: { type: "isExactly", params: ({ event }) => ({ count: event.output.meters.length, expected: 1 }) },
            target: "done",
            actions: [{ type: "storeMeters", params: ({ event }) => event.output }, "storeOnlyMeter"],
          },
          {
            guard: { type: "hasAtLeast", params: ({ event }) => ({ count: event.output.meters.length, min: 2 }) },
            target: "chooseMeter",
            actions: { type: "storeMeters", params: ({ event }) => event.output },
          },
          { target: "manual", actions: [{ type: "storeMeters", params: ({ event }) => event.output }, "startMeterNotFoundEntry"] },
        ],
        onError: { target: "resolveFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
      on: { "ADDRESS.BACK": "results", "ADDRESS.CHANGE_POSTCODE": "postcode" },
    },
    resolveFailed: {
      on: {
        "ADDRESS.RETRY": { target: "resolvingMeter", actions: "clearError" },
        "ADDRESS.BACK": { target: "results", actions: "clearError" },
        "ADDRESS.CHANGE_POSTCODE": { target: "postcode", actions: "clearError" },
      },
    },
    chooseMeter: {
      on: {
        "ADDRESS.SELECT_METER": { guard: "isListedMeter", target: "done", actions: "storeChosenMeter" },
        "ADDRESS.BACK": "results",
        "ADDRESS.CHANGE_POSTCODE": "postcode",
      },
    },
    manual: {
      on: {
        "ADDRESS.SUBMIT_MANUAL": [{ guard: "isValidManual", target: "verifyingMpan", actions: "storeManual" }, { actions: "rejectManual" }],
        // Manual entry is only reachable after a search, so back is to its results (or to "none found").
        "ADDRESS.BACK": [{ guard: "hasAddresses", target: "results" }, { target: "noResults" }],
        "ADDRESS.CHANGE_POSTCODE": "postcode",
      },
    },
    verifyingMpan: {
      invoke: {
        id: "lookupMeterByMpan",
        src: "lookupMeterByMpan",
        input: ({ context }) => ({ mpan: context.manualMpan ?? "" }),
        onDone: { target: "done", actions: { type: "storeVerifiedMeter", params: ({ event }) => event.output } },
        onError: [
          // A valid MPAN that no meter has is the user's to fix, not a failure to retry.
          { guard: { type: "isNotFound", params: ({ event }) => ({ error: event.error }) }, target: "manual", actions: "markMpanNotFound" },
          { target: "verifyFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
        ],
      },
      on: { "ADDRESS.BACK": "manual" },
    },
    verifyFailed: {
      on: {
        "ADDRESS.RETRY": { target: "verifyingMpan", actions: "clearError" },
        "ADDRESS.BACK": { target: "manual", actions: "clearError" },
      },
    },
    done: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }) => {
    const address = context.manualAddress ?? context.selectedAddress;
    if (!context.meter || !address) return null;
    return { address, meter: context.meter, isManual: context.manualAddress !== null };
  },
});

export type AddressMachine = typeof addressMachine;
