import { toOnflexError } from "@onflex/core";
import type { OnboardingApi, TariffOffer, TariffSwitch } from "@onflex/core";
import { and, assign, fromPromise, not, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { toFlowError } from "../shared/shared.utils.js";
import type { TariffSwitchContext, TariffSwitchEvent, TariffSwitchInput, TariffSwitchOutput } from "./tariff-switch.types.js";

/** Resolves after `ms`, or at once when the flow stops waiting (the signal aborts). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The flow's I/O, bound to an API by the journey (or `bindFlow`). The wait between status
 * checks is an actor too, so a test (or a host) swaps time like any other dependency.
 */
export function tariffSwitchActors(api: OnboardingApi) {
  return {
    loadOffer: fromPromise<TariffOffer, { deviceId: string; tariffCode: string | null }>(({ input, signal }) =>
      api.tariffs.offer({ deviceId: input.deviceId, ...(input.tariffCode ? { tariffCode: input.tariffCode } : {}) }, { signal }),
    ),
    acceptOffer: fromPromise<TariffSwitch, { deviceId: string; offerId: string }>(({ input, signal }) => api.tariffs.accept(input, { signal })),
    declineOffer: fromPromise<TariffSwitch, { deviceId: string; offerId: string }>(({ input, signal }) => api.tariffs.decline(input, { signal })),
    checkSwitch: fromPromise<TariffSwitch, { deviceId: string }>(({ input, signal }) => api.tariffs.switchStatus(input, { signal })),
    waitBeforeCheck: fromPromise<void, { ms: number }>(({ input, signal }) => pause(input.ms, signal)),
  };
}

type Answered = { output: TariffSwitch };
const answerOf = (event: unknown) => (event as Answered).output;

const isStatus = (status: TariffSwitch["status"]) => ({ type: "hasStatus", params: { status } }) as const;

/** Where a switch the server answered leads, whichever call answered it. */
const DECIDED = [
  { guard: isStatus("COMPLETE"), target: "#tariffSwitch.switched", actions: "storeDecision" },
  { guard: isStatus("DECLINED"), target: "#tariffSwitch.declined", actions: "storeDecision" },
] as const;

const retryOrExit = (retry: string) => ({ on: { "TARIFF.RETRY": { target: retry }, "TARIFF.EXIT": { target: "#tariffSwitch.exited" } } }) as const;

export const tariffSwitchMachine = setup({
  types: {
    context: {} as TariffSwitchContext,
    events: {} as TariffSwitchEvent,
    input: {} as TariffSwitchInput,
    output: {} as TariffSwitchOutput,
  },
  actors: tariffSwitchActors(UNBOUND_DEPS.api),
  actions: {
    storeOffer: assign((_, offer: TariffOffer) => ({ offer, error: null })),
    storeDecision: assign(({ event }) => ({ decision: answerOf(event), error: null })),
    // Counted only as far as the backoff grows (it reaches its 15 s cap at the fifth check).
    countPoll: assign(({ context }) => ({ polls: Math.min(context.polls + 1, 5) })),
    resetPolls: assign({ polls: 0 }),
    markLeft: assign({ left: true }),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
  },
  guards: {
    isWaitMode: ({ context }) => context.mode === "wait",
    /** The device has no switch yet. */
    isNotFound: ({ event }) => toOnflexError((event as { error?: unknown }).error).code === "not_found",
    hasStatus: ({ event }, params: { status: TariffSwitch["status"] }) => answerOf(event).status === params.status,
    /** The offer was no longer valid when accepted: a new one has to be fetched. */
    isOfferExpired: (_, params: { error: unknown }) => {
      const error = toOnflexError(params.error);
      return error.code === "conflict" && error.details?.["reason"] === "offer_expired";
    },
  },
}).createMachine({
  id: "tariffSwitch",
  context: ({ input }) => ({ mode: input.mode, device: input.device, tariffCode: input.tariffCode, offer: null, decision: null, polls: 0, left: false, error: null }),
  // Both modes start from how the device's switch stands, so a reload or a second visit after
  // accepting shows the switch rather than a new offer.
  initial: "checking",
  states: {
    loading: {
      invoke: {
        src: "loadOffer",
        id: "loadOffer",
        input: ({ context }) => ({ deviceId: context.device.deviceId, tariffCode: context.tariffCode }),
        onDone: { target: "offer", actions: { type: "storeOffer", params: ({ event }) => event.output } },
        onError: { target: "loadFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
      on: { "TARIFF.EXIT": "exited" },
    },
    loadFailed: retryOrExit("#tariffSwitch.loading"),
    offer: { on: { "TARIFF.ACCEPT": "accepting", "TARIFF.DECLINE": "confirmingDecline", "TARIFF.EXIT": "exited" } },
    confirmingDecline: { on: { "TARIFF.CONFIRM_DECLINE": "declining", "TARIFF.KEEP": "offer" } },
    declining: {
      invoke: {
        src: "declineOffer",
        id: "declineOffer",
        input: ({ context }) => ({ deviceId: context.device.deviceId, offerId: context.offer?.offerId ?? "" }),
        onDone: { target: "declined", actions: "storeDecision" },
        onError: { target: "declineFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    declineFailed: retryOrExit("#tariffSwitch.declining"),
    accepting: {
      invoke: {
        src: "acceptOffer",
        id: "acceptOffer",
        input: ({ context }) => ({ deviceId: context.device.deviceId, offerId: context.offer?.offerId ?? "" }),
        // Accepted: waiting on the test charge or scheduled both end the offer here.
        onDone: [...DECIDED, { target: "accepted", actions: "storeDecision" }],
        onError: [
          { guard: { type: "isOfferExpired", params: ({ event }) => ({ error: event.error }) }, target: "offerExpired", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
          { target: "acceptFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
        ],
      },
    },
    acceptFailed: retryOrExit("#tariffSwitch.accepting"),
    // Retry fetches a fresh offer: the old one cannot be accepted any more.
    offerExpired: retryOrExit("#tariffSwitch.loading"),
    accepted: { on: { "TARIFF.CONTINUE": "done" } },
    checking: {
      invoke: {
        src: "checkSwitch",
        id: "checkSwitch",
        input: ({ context }) => ({ deviceId: context.device.deviceId }),
        onDone: [
          { guard: isStatus("COMPLETE"), target: "switched", actions: "storeDecision" },
          { guard: isStatus("SCHEDULED"), target: "accepted", actions: "storeDecision" },
          { guard: and(["isWaitMode", isStatus("PENDING_TEST_CHARGE")]), target: "waiting", actions: ["storeDecision", "resetPolls"] },
          { guard: isStatus("PENDING_TEST_CHARGE"), target: "accepted", actions: "storeDecision" },
          { guard: "isWaitMode", target: "declined", actions: "storeDecision" },
          // Declined before (the user came back): a new offer.
          { target: "loading" },
        ],
        onError: [
          { guard: and([not("isWaitMode"), "isNotFound"]), target: "loading" },
          { target: "checkFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
        ],
      },
      on: { "TARIFF.EXIT": "exited" },
    },
    checkFailed: retryOrExit("#tariffSwitch.checking"),
    waiting: {
      initial: "resting",
      states: {
        // 2 s, then 1.5 times longer each check, at most 15 s (as device authorisation waits).
        resting: {
          invoke: { src: "waitBeforeCheck", id: "waitBeforeCheck", input: ({ context }) => ({ ms: Math.min(2000 * 1.5 ** context.polls, 15000) }), onDone: "polling" },
          on: { "TARIFF.PAGE_HIDDEN": "paused" },
        },
        // The page is hidden: no checks until it is shown again, then one at once.
        paused: { on: { "TARIFF.PAGE_VISIBLE": "polling" } },
        polling: {
          invoke: {
            src: "checkSwitch",
            id: "checkSwitch",
            input: ({ context }) => ({ deviceId: context.device.deviceId }),
            onDone: [
              ...DECIDED,
              { guard: isStatus("SCHEDULED"), target: "#tariffSwitch.accepted", actions: "storeDecision" },
              { target: "resting", actions: ["storeDecision", "countPoll"] },
            ],
            // A check that fails (offline, a server hiccup) is tried again later; the switch still stands.
            onError: { target: "resting", actions: "countPoll" },
          },
          on: { "TARIFF.PAGE_HIDDEN": "paused" },
        },
      },
      on: { "TARIFF.EXIT": "exited" },
    },
    switched: { on: { "TARIFF.CONTINUE": "done" } },
    done: { type: "final" },
    declined: { type: "final" },
    // Leaving keeps what the server knows (a switch may already wait on the test charge); the journey is told the user left.
    exited: { type: "final", entry: "markLeft" },
  },
  output: ({ context }): TariffSwitchOutput => {
    if (context.left || !context.decision) return null;
    if (context.decision.status === "DECLINED") return { outcome: "declined", tariffSwitch: context.decision };
    return { outcome: "accepted", tariffSwitch: context.decision };
  },
});

export type TariffSwitchMachine = typeof tariffSwitchMachine;
