import type { ConsentRecord, EligibilityResult } from "@onflex/core";
import { assign, setup } from "xstate";
import { addressMachine } from "../address/address.machine.js";
import type { AddressOutput } from "../address/address.types.js";
import { consentMachine } from "../consent/consent.machine.js";
import { eligibilityMachine } from "../eligibility/eligibility.machine.js";
import type { JourneyContext, JourneyEvent, JourneyInput, JourneyOutput } from "./journey.types.js";

/** Whether the result says yes for this journey's proposition (no answer for it counts as no). */
export function isEligibleFor(result: EligibilityResult | null, proposition: string): boolean {
  return result?.propositions.some((item) => item.proposition === proposition && item.isEligible) ?? false;
}

export const journeyMachine = setup({
  types: {
    context: {} as JourneyContext,
    events: {} as JourneyEvent,
    input: {} as JourneyInput,
    output: {} as JourneyOutput | null,
    children: {} as { address: "addressFlow"; eligibility: "eligibilityFlow"; consent: "consentFlow" },
  },
  actors: {
    addressFlow: addressMachine,
    eligibilityFlow: eligibilityMachine,
    consentFlow: consentMachine,
  },
  guards: {
    isPresent: (_, params: { value: unknown }) => params.value !== null && params.value !== undefined,
    isEligible: ({ context }, params: { result: EligibilityResult | null }) => isEligibleFor(params.result, context.preset.proposition),
  },
  actions: {
    storeAddress: assign((_, output: AddressOutput | null) =>
      output ? { address: output.address, meter: output.meter, isManualAddress: output.isManual, eligibility: null, consent: null } : {},
    ),
    storeEligibility: assign((_, result: EligibilityResult | null) => ({ eligibility: result })),
    storeConsent: assign((_, consent: ConsentRecord | null) => ({ consent })),
    clearEligibility: assign({ eligibility: null }),
    markExit: assign((_, params: { reason: "user" | "declined" }) => ({ exitReason: params.reason })),
  },
}).createMachine({
  id: "journey",
  context: ({ input }) => ({
    api: input.api,
    preset: input.preset,
    assetModel: input.assetModel,
    now: input.now,
    eligibilityRetry: input.eligibilityRetry,
    address: null,
    isManualAddress: false,
    meter: null,
    eligibility: null,
    consent: null,
    exitReason: null,
  }),
  initial: "address",
  on: { "JOURNEY.EXIT": { target: ".exited", actions: { type: "markExit", params: { reason: "user" } } } },
  states: {
    address: {
      invoke: {
        id: "address",
        src: "addressFlow",
        // Coming back to change the address starts from the postcode used last time.
        input: ({ context }) => ({ api: context.api, ...(context.address ? { postcode: context.address.postcode } : {}) }),
        onDone: [
          {
            guard: { type: "isPresent", params: ({ event }) => ({ value: event.output }) },
            target: "qualifying",
            actions: { type: "storeAddress", params: ({ event }) => event.output },
          },
          { target: "exited", actions: { type: "markExit", params: { reason: "user" } } },
        ],
      },
    },
    /**
     * From the moment the MPAN is known the eligibility check runs here, in the background of
     * every step inside this state; the journey only waits for it at the `checking` gate.
     */
    qualifying: {
      invoke: {
        id: "eligibility",
        src: "eligibilityFlow",
        input: ({ context }) => ({
          api: context.api,
          mpan: context.meter?.mpan ?? "",
          propositions: [context.preset.proposition],
          ...(context.assetModel === undefined ? {} : { assetModel: context.assetModel }),
          ...(context.eligibilityRetry ? { retry: context.eligibilityRetry } : {}),
        }),
        onDone: [
          {
            guard: { type: "isEligible", params: ({ event }) => ({ result: event.output }) },
            target: ".consent",
            actions: { type: "storeEligibility", params: ({ event }) => event.output },
          },
          {
            guard: { type: "isPresent", params: ({ event }) => ({ value: event.output }) },
            target: ".ineligible",
            actions: { type: "storeEligibility", params: ({ event }) => event.output },
          },
          // The check's own exit: the user gave up after it failed.
          { target: "exited", actions: { type: "markExit", params: { reason: "user" } } },
        ],
      },
      initial: "checking",
      on: { "JOURNEY.BACK": { target: "address", actions: "clearEligibility" } },
      states: {
        checking: {},
        ineligible: {},
        consent: {
          invoke: {
            id: "consent",
            src: "consentFlow",
            input: ({ context }) => ({
              api: context.api,
              mpan: context.meter?.mpan ?? "",
              proposition: context.preset.proposition,
              ...(context.now ? { now: context.now } : {}),
            }),
            onDone: [
              {
                guard: { type: "isPresent", params: ({ event }) => ({ value: event.output }) },
                target: "#journey.done",
                actions: { type: "storeConsent", params: ({ event }) => event.output },
              },
              { target: "#journey.exited", actions: { type: "markExit", params: { reason: "declined" } } },
            ],
          },
        },
      },
    },
    done: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }) =>
    context.address && context.meter && context.eligibility && context.consent
      ? {
          proposition: context.preset.proposition,
          address: context.address,
          meter: context.meter,
          eligibility: context.eligibility,
          consent: context.consent,
        }
      : null,
});

export type JourneyMachine = typeof journeyMachine;
