import { OnflexError, toOnflexError } from "@onflex/core";
import type { DeviceAuthResult, DeviceAuthStart, OnboardingApi } from "@onflex/core";
import { assign, fromPromise, setup } from "xstate";
import type { ExternalOpener } from "../journey/journey.types.js";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { nextPollCount, pollDelayMs } from "../shared/shared.poll.js";
import { toFlowError } from "../shared/shared.utils.js";
import type { DeviceAuthContext, DeviceAuthEvent, DeviceAuthInput, DeviceAuthOutcome, DeviceAuthOutput } from "./device-auth.types.js";

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function deviceAuthActors(api: OnboardingApi) {
  return {
    startSignIn: fromPromise<DeviceAuthStart, { deviceId: string; usesOAuth: boolean }>(async ({ input, signal }) => {
      // The same answer the server gives for a provider without an OAuth sign-in, without asking it.
      if (!input.usesOAuth) throw new OnflexError("conflict", "This device's provider has no OAuth sign-in.", { retryable: false });
      return api.deviceAuth.start({ deviceId: input.deviceId }, { signal });
    }),
    checkSignIn: fromPromise<DeviceAuthResult, { deviceId: string; state: string }>(({ input, signal }) => api.deviceAuth.status(input, { signal })),
    completeSignIn: fromPromise<DeviceAuthResult, { deviceId: string; continuationUri: string }>(({ input, signal }) => api.deviceAuth.complete(input, { signal })),
  };
}

/**
 * Opening the maker's sign-in: called while the click that sent AUTH.OPEN is still being
 * handled, so a popup is not blocked; what the opener answers comes back as an event.
 */
export function deviceAuthActions(open: ExternalOpener) {
  return {
    openSignIn: ({ context, self }: { context: DeviceAuthContext; self: { send: (event: DeviceAuthEvent) => void } }) => {
      const result = context.signIn ? open({ url: context.signIn.authorizationUri, purpose: "device_auth" }) : undefined;
      self.send(result && !result.opened ? { type: "AUTH.OPEN_BLOCKED" } : { type: "AUTH.OPENED", mode: result?.mode ?? "popup" });
    },
  };
}

/** A continuation URL as a host or a window may send it: a bounded string, or nothing. */
function continuationOf(event: DeviceAuthEvent): string | null {
  const url = event.type === "AUTH.RETURNED" || event.type === "FLOW.RESUME" ? event.url : undefined;
  return typeof url === "string" && url.length > 0 && url.length <= 4096 ? url : null;
}

type Answered = { output: DeviceAuthResult };
const answerOf = (event: unknown) => (event as Answered).output;

/** Where an answer from the server leads: one transition per outcome, each to its own state. */
const ANSWERS = [
  { guard: "isComplete", target: "#deviceAuth.authorised", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "access_denied" } }, target: "#deviceAuth.denied", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "state_mismatch" } }, target: "#deviceAuth.stateMismatch", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "code_reused_or_expired" } }, target: "#deviceAuth.codeExpired", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "provider_unavailable" } }, target: "#deviceAuth.providerUnavailable", actions: "storeAnswer" },
] as const;

const retryOrExit = { on: { "AUTH.RETRY": { target: "#deviceAuth.preparing" }, "AUTH.EXIT": { target: "#deviceAuth.exited" } } } as const;

export const deviceAuthMachine = setup({
  types: {
    context: {} as DeviceAuthContext,
    events: {} as DeviceAuthEvent,
    input: {} as DeviceAuthInput,
    output: {} as DeviceAuthOutput,
  },
  actors: deviceAuthActors(UNBOUND_DEPS.api),
  actions: {
    ...deviceAuthActions(() => ({ opened: false, mode: "popup" })),
    storeSignIn: assign((_, signIn: DeviceAuthStart) => ({ signIn, polls: 0, outcome: null, error: null })),
    clearSignIn: assign({ signIn: null, polls: 0, outcome: null, error: null }),
    storeAnswer: assign(({ event }) => {
      const answer = answerOf(event);
      if (answer.status === "complete") return { authorised: answer.device, outcome: null };
      return { outcome: answer.status === "failed" ? answer.reason : null };
    }),
    markCancelled: assign({ outcome: "cancelled" as const }),
    markGuided: assign({ guided: true }),
    // Counted only as far as the backoff grows (shared.poll.ts).
    countPoll: assign(({ context }) => ({ polls: nextPollCount(context.polls) })),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
  },
  guards: {
    /** Start refused the device: its provider has no OAuth sign-in (a guided one: the maker's app, a pairing code). */
    isGuided: (_, params: { error: unknown }) => toOnflexError(params.error).code === "conflict",
    isComplete: ({ event }) => answerOf(event).status === "complete",
    failedWith: ({ event }, params: { reason: DeviceAuthOutcome }) => {
      const answer = answerOf(event);
      return answer.status === "failed" && answer.reason === params.reason;
    },
    hasContinuation: ({ event }) => continuationOf(event) !== null,
  },
  delays: {
    // 2 s, then 1.5 times longer each check, at most 15 s: a user signs in within a minute or two.
    pollDelay: ({ context }) => pollDelayMs(context.polls),
  },
}).createMachine({
  id: "deviceAuth",
  context: ({ input }) => ({ device: input.device, guided: false, signIn: null, polls: 0, outcome: null, authorised: null, error: null }),
  initial: "preparing",
  states: {
    // The maker's URI is fetched before the button is offered, so the click can open it at once.
    preparing: {
      entry: "clearSignIn",
      invoke: {
        src: "startSignIn",
        id: "startSignIn",
        input: ({ context }) => ({ deviceId: context.device.deviceId, usesOAuth: context.device.providerUsesOAuth }),
        onDone: { target: "ready", actions: { type: "storeSignIn", params: ({ event }) => event.output } },
        onError: [
          { guard: { type: "isGuided", params: ({ event }) => ({ error: event.error }) }, target: "notSupported", actions: "markGuided" },
          { target: "startFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
        ],
      },
      on: { "AUTH.EXIT": "exited" },
    },
    startFailed: retryOrExit,
    ready: { on: { "AUTH.OPEN": "opening", "AUTH.EXIT": "exited" } },
    opening: {
      entry: "openSignIn",
      on: { "AUTH.OPENED": "waiting", "AUTH.OPEN_BLOCKED": "popupBlocked" },
    },
    popupBlocked: {
      on: {
        "AUTH.LINK_OPENED": "waiting",
        "FLOW.RESUME": { guard: "hasContinuation", target: "completing" },
        "AUTH.RETURNED": { guard: "hasContinuation", target: "completing" },
        "AUTH.CANCEL": { target: "cancelled", actions: "markCancelled" },
      },
    },
    waiting: {
      initial: "resting",
      states: {
        // PAGE_VISIBLE here is the page saying so as it mounts: a journey restored from a save
        // (whose timers were not saved) checks at once instead of never.
        resting: { after: { pollDelay: "checking" }, on: { "AUTH.PAGE_HIDDEN": "paused", "AUTH.PAGE_VISIBLE": "checking" } },
        // The page is hidden (the user is in the sign-in window): no checks until they come back, then one at once.
        paused: { on: { "AUTH.PAGE_VISIBLE": "checking" } },
        checking: {
          invoke: {
            src: "checkSignIn",
        id: "checkSignIn",
            input: ({ context }) => ({ deviceId: context.device.deviceId, state: context.signIn?.state ?? "" }),
            onDone: [...ANSWERS, { target: "resting", actions: "countPoll" }],
            // A check that fails (offline, a server hiccup) is tried again later; the sign-in is still valid.
            onError: { target: "resting", actions: "countPoll" },
          },
          on: { "AUTH.PAGE_HIDDEN": "paused" },
        },
      },
      on: {
        // Both the popup's message and a host's resume carry the URL; the first one wins, the
        // second finds the flow completing, which ignores it: one exchange.
        "AUTH.RETURNED": { guard: "hasContinuation", target: "completing" },
        "FLOW.RESUME": { guard: "hasContinuation", target: "completing" },
        "AUTH.CANCEL": { target: "cancelled", actions: "markCancelled" },
      },
    },
    completing: {
      invoke: {
        src: "completeSignIn",
        id: "completeSignIn",
        input: ({ context, event }) => ({ deviceId: context.device.deviceId, continuationUri: continuationOf(event) ?? "" }),
        // "pending" after an exchange is not an answer a server should give: shown as a failure to retry.
        onDone: [
          ...ANSWERS,
          {
            target: "#deviceAuth.completeFailed",
            actions: { type: "storeError", params: () => ({ error: new OnflexError("invalid_response", "The sign-in could not be finished.") }) },
          },
        ],
        onError: { target: "completeFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    denied: retryOrExit,
    cancelled: retryOrExit,
    stateMismatch: retryOrExit,
    codeExpired: retryOrExit,
    providerUnavailable: retryOrExit,
    completeFailed: retryOrExit,
    authorised: { type: "final" },
    notSupported: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }): DeviceAuthOutput => {
    if (context.authorised) return { outcome: "authorised", device: context.authorised };
    if (context.guided) return { outcome: "guided_not_supported_yet", provider: context.device.provider };
    return null;
  },
});

export type DeviceAuthMachine = typeof deviceAuthMachine;
