import type { OnboardingApi, RegisteredDevice, VirtualKeyDetails, VirtualKeyStatus } from "@onflex/core";
import { OnflexError, toOnflexError, VIRTUAL_KEY_PROVIDERS } from "@onflex/core";
import { assign, fromPromise, setup } from "xstate";
import type { ExternalOpener } from "../journey/journey.types.js";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { nextPollCount, pollDelayMs } from "../shared/shared.poll.js";
import { toFlowError } from "../shared/shared.utils.js";
import type { VirtualKeyContext, VirtualKeyEvent, VirtualKeyInput, VirtualKeyNotice, VirtualKeyOutput } from "./virtual-key.types.js";

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function virtualKeyActors(api: OnboardingApi) {
  const status = fromPromise<VirtualKeyStatus, { deviceId: string }>(({ input, signal }) => api.virtualKey.status(input, { signal }));
  return {
    loadDetails: fromPromise<VirtualKeyDetails, { deviceId: string; provider: RegisteredDevice["provider"] }>(async ({ input, signal }) => {
      // The same answer the server gives for a device that needs no virtual key, without asking it.
      if (!(VIRTUAL_KEY_PROVIDERS as readonly string[]).includes(input.provider)) {
        throw new OnflexError("conflict", "This device's provider needs no virtual key.", { retryable: false, details: { provider: input.provider } });
      }
      return api.virtualKey.details({ deviceId: input.deviceId }, { signal });
    }),
    /** A check while waiting, on the backoff timer; its failures are tried again later. */
    pollStatus: status,
    /** A check the user asked for ("I've added the key"); its answer is shown. */
    checkStatus: status,
  };
}

/**
 * Opening the link that adds the key: called while the click that sent KEY.OPEN is still being
 * handled, so a popup is not blocked; what the opener answers comes back as an event.
 */
export function virtualKeyActions(open: ExternalOpener) {
  return {
    openKeyLink: ({ context, self }: { context: VirtualKeyContext; self: { send: (event: VirtualKeyEvent) => void } }) => {
      if (!context.details) return;
      const result = open({ url: context.details.virtualKeyUri, purpose: "virtual_key" });
      self.send({ type: "KEY.OPEN_RESULT", opened: result ? result.opened : true });
    },
  };
}

type Answered = { output: VirtualKeyStatus };
const answerOf = (event: unknown) => (event as Answered).output;


export const virtualKeyMachine = setup({
  types: {
    context: {} as VirtualKeyContext,
    events: {} as VirtualKeyEvent,
    input: {} as VirtualKeyInput,
    output: {} as VirtualKeyOutput,
  },
  actors: virtualKeyActors(UNBOUND_DEPS.api),
  actions: {
    ...virtualKeyActions(() => ({ opened: false, mode: "popup" })),
    storeDetails: assign((_, details: VirtualKeyDetails) => ({ details, polls: 0, error: null })),
    storePaired: assign(({ event }) => {
      const answer = answerOf(event);
      return { pairedAt: answer.status === "PAIRED" ? answer.pairedAt : null };
    }),
    markOpened: assign({ opened: true }),
    markNotNeeded: assign({ notNeeded: true }),
    storeOpenResult: assign((_, params: { opened: boolean }) => ({ openBlocked: !params.opened })),
    countPoll: assign(({ context }) => ({ polls: nextPollCount(context.polls) })),
    // A check the user asked for starts the backoff again: they are looking now.
    showNotice: assign((_, params: { notice: VirtualKeyNotice }) => ({ notice: params.notice, polls: 0, error: null })),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
  },
  guards: {
    /** The device's provider needs no virtual key (the loader's or the server's `conflict`). */
    needsNoKey: (_, params: { error: unknown }) => toOnflexError(params.error).code === "conflict",
    answered: ({ event }, params: { status: VirtualKeyStatus["status"] }) => answerOf(event).status === params.status,
  },
  delays: {
    pollDelay: ({ context }) => pollDelayMs(context.polls),
  },
}).createMachine({
  id: "virtualKey",
  context: ({ input }) => ({
    device: input.device,
    display: input.display ?? "auto",
    details: null,
    polls: 0,
    notice: null,
    opened: false,
    openBlocked: false,
    notNeeded: false,
    pairedAt: null,
    error: null,
  }),
  initial: "loading",
  states: {
    // The link is fetched before anything is offered, so the click can open it at once.
    loading: {
      invoke: {
        src: "loadDetails",
        id: "loadDetails",
        input: ({ context }) => ({ deviceId: context.device.deviceId, provider: context.device.provider }),
        onDone: { target: "waiting", actions: { type: "storeDetails", params: ({ event }) => event.output } },
        onError: [
          { guard: { type: "needsNoKey", params: ({ event }) => ({ error: event.error }) }, target: "notNeeded", actions: "markNotNeeded" },
          { target: "loadFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
        ],
      },
      on: { "KEY.EXIT": "exited" },
    },
    loadFailed: { on: { "KEY.RETRY": "loading", "KEY.EXIT": "exited" } },
    // The key is offered; the car is checked in the background meanwhile, as the user may add it without saying so.
    waiting: {
      initial: "resting",
      states: {
        resting: { after: { pollDelay: "checking" }, on: { "KEY.PAGE_HIDDEN": "paused" } },
        // The page is hidden (the user is in the Tesla app): no checks until they come back, then one at once.
        paused: { on: { "KEY.PAGE_VISIBLE": "checking" } },
        checking: {
          invoke: {
            src: "pollStatus",
            id: "pollStatus",
            input: ({ context }) => ({ deviceId: context.device.deviceId }),
            onDone: [
              { guard: { type: "answered", params: { status: "PAIRED" as const } }, target: "#virtualKey.paired", actions: "storePaired" },
              // Not yet, or the car is asleep: nothing to tell a user who did not ask; check again later.
              { target: "resting", actions: "countPoll" },
            ],
            // A check that fails (offline, the provider failing) is tried again later.
            onError: { target: "resting", actions: "countPoll" },
          },
          on: { "KEY.PAGE_HIDDEN": "paused" },
        },
      },
      on: {
        "KEY.OPEN": { actions: ["markOpened", "openKeyLink"] },
        "KEY.OPEN_RESULT": { actions: { type: "storeOpenResult", params: ({ event }) => ({ opened: event.opened }) } },
        "KEY.CHECK": "confirming",
        "FLOW.RESUME": ".checking",
        "KEY.EXIT": "exited",
      },
    },
    confirming: {
      invoke: {
        src: "checkStatus",
        id: "checkStatus",
        input: ({ context }) => ({ deviceId: context.device.deviceId }),
        onDone: [
          { guard: { type: "answered", params: { status: "PAIRED" as const } }, target: "paired", actions: "storePaired" },
          { guard: { type: "answered", params: { status: "VEHICLE_OFFLINE" as const } }, target: "waiting", actions: { type: "showNotice", params: { notice: "vehicle_offline" as const } } },
          { target: "waiting", actions: { type: "showNotice", params: { notice: "not_paired" as const } } },
        ],
        onError: { target: "checkFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    checkFailed: { on: { "KEY.RETRY": "confirming", "KEY.EXIT": "exited" } },
    paired: { type: "final" },
    notNeeded: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }): VirtualKeyOutput => {
    const { device } = context;
    if (context.pairedAt && context.details) return { outcome: "paired", deviceId: device.deviceId, virtualKeyName: context.details.virtualKeyName, pairedAt: context.pairedAt };
    if (context.notNeeded) return { outcome: "not_needed", deviceId: device.deviceId, provider: device.provider };
    return null;
  },
});

export type VirtualKeyMachine = typeof virtualKeyMachine;
