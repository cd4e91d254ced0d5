import { normalisePairingCode, OnflexError, PairingCode, toOnflexError } from "@onflex/core";
import type { DeviceAuthGuide, DeviceAuthResult, DeviceAuthStart, GuidedAuthResult, OnboardingApi } from "@onflex/core";
import { assign, fromPromise, setup } from "xstate";
import type { ExternalOpener } from "../journey/journey.types.js";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { nextPollCount, pollDelayMs } from "../shared/shared.poll.js";
import { toFlowError } from "../shared/shared.utils.js";
import type { DeviceAuthContext, DeviceAuthEvent, DeviceAuthInput, DeviceAuthOutcome, DeviceAuthOutput, GuidedWayKind } from "./device-auth.types.js";

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
    loadGuide: fromPromise<DeviceAuthGuide, { deviceId: string }>(({ input, signal }) => api.deviceAuth.guide(input, { signal })),
    submitCode: fromPromise<GuidedAuthResult, { deviceId: string; code: string }>(({ input, signal }) => api.deviceAuth.submitCode(input, { signal })),
    checkGuided: fromPromise<GuidedAuthResult, { deviceId: string }>(({ input, signal }) => api.deviceAuth.guidedStatus(input, { signal })),
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
    /** The maker's app: a phone or a WebView opens it through the host; whatever the opener says, the flow waits (the link stays on screen). */
    openApp: ({ context }: { context: DeviceAuthContext }) => {
      const app = context.guide?.ways.find((way) => way.type === "UserActionRequired");
      if (app) open({ url: app.appUri, purpose: "device_auth_app" });
    },
  };
}

/** A continuation URL as a host or a window may send it: a bounded string, or nothing. */
function continuationOf(event: DeviceAuthEvent): string | null {
  const url = event.type === "AUTH.RETURNED" || event.type === "FLOW.RESUME" ? event.url : undefined;
  return typeof url === "string" && url.length > 0 && url.length <= 4096 ? url : null;
}

/** A pairing code as a user may have typed it, in its normal form; null when it is not one. */
function pairingCodeOf(event: DeviceAuthEvent): string | null {
  if (event.type !== "GUIDED.SUBMIT_CODE" || typeof event.code !== "string" || event.code.length > 64) return null;
  const code = normalisePairingCode(event.code);
  return PairingCode.safeParse(code).success ? code : null;
}

/** How long the flow waits for the maker before saying it is taking long: most users finish in the app within a few minutes. */
export const GUIDED_PATIENCE_MS = 5 * 60_000;

type Answered = { output: DeviceAuthResult | GuidedAuthResult };
const answerOf = (event: unknown) => (event as Answered).output;

/** Where an answer from the server leads: one transition per outcome, each to its own state. */
const ANSWERS = [
  { guard: "isComplete", target: "#deviceAuth.authorised", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "access_denied" } }, target: "#deviceAuth.denied", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "state_mismatch" } }, target: "#deviceAuth.stateMismatch", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "code_reused_or_expired" } }, target: "#deviceAuth.codeExpired", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "provider_unavailable" } }, target: "#deviceAuth.providerUnavailable", actions: "storeAnswer" },
] as const;

/** Where a guided answer leads (the pairing code's, or a status check's). */
const GUIDED_ANSWERS = [
  { guard: "isComplete", target: "#deviceAuth.authorised", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "code_wrong" } }, target: "#deviceAuth.codeWrong", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "code_expired" } }, target: "#deviceAuth.pairingCodeExpired", actions: "storeAnswer" },
  { guard: { type: "failedWith", params: { reason: "maker_failed" } }, target: "#deviceAuth.makerFailed", actions: "storeAnswer" },
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
    clearGuide: assign({ guide: null, way: null, outcome: null }),
    storeGuide: assign((_, guide: DeviceAuthGuide) => ({ guide, outcome: null, error: null })),
    chooseWay: assign((_, params: { way: GuidedWayKind }) => ({ way: params.way, outcome: null, error: null })),
    storeCode: assign(({ event }) => ({ code: pairingCodeOf(event), outcome: null, error: null })),
    // A check the user asked for starts the backoff again: they are looking now.
    resetPolls: assign({ polls: 0 }),
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
    hasPairingCode: ({ event }) => pairingCodeOf(event) !== null,
    /** The guide offers this way (the server may offer only one). */
    offers: ({ context, event }, params: { way: GuidedWayKind }) => {
      if (event.type !== "GUIDED.CHOOSE" || event.way !== params.way) return false;
      const type = params.way === "app" ? "UserActionRequired" : "UserInputRequired";
      return context.guide?.ways.some((way) => way.type === type) ?? false;
    },
  },
  delays: {
    // 2 s, then 1.5 times longer each check, at most 15 s: a user signs in within a minute or two.
    pollDelay: ({ context }) => pollDelayMs(context.polls),
    guidedPatience: GUIDED_PATIENCE_MS,
  },
}).createMachine({
  id: "deviceAuth",
  context: ({ input }) => ({ device: input.device, guided: false, guide: null, way: null, code: null, signIn: null, polls: 0, outcome: null, authorised: null, error: null }),
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
          { guard: { type: "isGuided", params: ({ event }) => ({ error: event.error }) }, target: "guideLoading", actions: "markGuided" },
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
    // Guided: a provider without an OAuth sign-in. The platform says how (the maker's app, a
    // pairing code); the user does it there; the flow waits for the device to be authorised.
    guideLoading: {
      // A new attempt: the platform may now offer other ways.
      entry: "clearGuide",
      invoke: {
        src: "loadGuide",
        id: "loadGuide",
        input: ({ context }) => ({ deviceId: context.device.deviceId }),
        onDone: { target: "choosing", actions: { type: "storeGuide", params: ({ event }) => event.output } },
        onError: { target: "guideFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
      on: { "AUTH.EXIT": "exited" },
    },
    guideFailed: { on: { "AUTH.RETRY": "guideLoading", "AUTH.EXIT": "exited" } },
    choosing: {
      on: {
        "GUIDED.CHOOSE": [
          { guard: { type: "offers", params: { way: "app" as const } }, target: "appSteps" },
          { guard: { type: "offers", params: { way: "code" as const } }, target: "codeEntry" },
        ],
        "AUTH.EXIT": "exited",
      },
    },
    appSteps: {
      entry: { type: "chooseWay", params: { way: "app" as const } },
      on: {
        "GUIDED.OPEN_APP": { target: "guidedWaiting", actions: "openApp" },
        "GUIDED.APP_DONE": "guidedWaiting",
        "GUIDED.CHOOSE_AGAIN": "choosing",
        "AUTH.EXIT": "exited",
      },
    },
    // Also where a wrong or expired code, or a check that said so, sends the user back to.
    codeEntry: {
      entry: { type: "chooseWay", params: { way: "code" as const } },
      on: {
        "GUIDED.SUBMIT_CODE": { guard: "hasPairingCode", target: "submittingCode", actions: "storeCode" },
        "GUIDED.CHOOSE_AGAIN": "choosing",
        "AUTH.EXIT": "exited",
      },
    },
    submittingCode: {
      invoke: {
        src: "submitCode",
        id: "submitCode",
        input: ({ context }) => ({ deviceId: context.device.deviceId, code: context.code ?? "" }),
        // Taken, the maker still confirming: wait for the device like after the app.
        onDone: [...GUIDED_ANSWERS, { target: "guidedWaiting" }],
        onError: { target: "submitFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    submitFailed: { on: { "AUTH.RETRY": "submittingCode", "GUIDED.EDIT_CODE": "codeEntry", "AUTH.EXIT": "exited" } },
    codeWrong: { on: { "GUIDED.EDIT_CODE": "codeEntry", "GUIDED.CHOOSE_AGAIN": "choosing", "AUTH.EXIT": "exited" } },
    pairingCodeExpired: { on: { "GUIDED.EDIT_CODE": "codeEntry", "GUIDED.CHOOSE_AGAIN": "choosing", "AUTH.EXIT": "exited" } },
    guidedWaiting: {
      entry: "resetPolls",
      initial: "resting",
      after: { guidedPatience: "stillWaiting" },
      states: {
        // PAGE_VISIBLE here is the page saying so as it mounts: a restored journey checks at once.
        resting: { after: { pollDelay: "checking" }, on: { "AUTH.PAGE_HIDDEN": "paused", "AUTH.PAGE_VISIBLE": "checking" } },
        // The page is hidden (the user is in the maker's app): no checks until they come back, then one at once.
        paused: { on: { "AUTH.PAGE_VISIBLE": "checking" } },
        checking: {
          invoke: {
            src: "checkGuided",
            id: "checkGuided",
            input: ({ context }) => ({ deviceId: context.device.deviceId }),
            onDone: [...GUIDED_ANSWERS, { target: "resting", actions: "countPoll" }],
            // A check that fails (offline, a server hiccup) is tried again later.
            onError: { target: "resting", actions: "countPoll" },
          },
          on: { "AUTH.PAGE_HIDDEN": "paused" },
        },
      },
      on: {
        "GUIDED.CHECK_NOW": { target: ".checking", actions: "resetPolls" },
        "FLOW.RESUME": ".checking",
        "GUIDED.CHOOSE_AGAIN": "choosing",
        "AUTH.EXIT": "exited",
      },
    },
    // Still pending after a while: keep waiting (checks start again) or leave; nothing is checked meanwhile.
    stillWaiting: {
      on: {
        "GUIDED.KEEP_WAITING": "guidedWaiting",
        "GUIDED.CHECK_NOW": "guidedWaiting.checking",
        "GUIDED.CHOOSE_AGAIN": "choosing",
        "AUTH.EXIT": "exited",
      },
    },
    // The maker reported AUTHENTICATION_FAILED: Try again starts a new attempt.
    makerFailed: { on: { "AUTH.RETRY": "guideLoading", "AUTH.EXIT": "exited" } },
    authorised: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }): DeviceAuthOutput => {
    if (context.authorised) return { outcome: "authorised", device: context.authorised };
    return null;
  },
});

export type DeviceAuthMachine = typeof deviceAuthMachine;
