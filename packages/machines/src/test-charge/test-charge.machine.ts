import { toOnflexError } from "@onflex/core";
import type { DeviceStatusResult, OnboardingApi, TestCharge } from "@onflex/core";
import { assertEvent, assign, fromPromise, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { toFlowError } from "../shared/shared.utils.js";
import type { TestChargeContext, TestChargeEvent, TestChargeInput, TestChargeOutput, TestChargePrecondition } from "./test-charge.types.js";
import { TEST_CHARGE_PRECONDITIONS } from "./test-charge.types.js";

/** Where the device stands when the flow opens: its status, and its latest test when one ran. */
export interface TestChargeState {
  status: DeviceStatusResult;
  test: TestCharge | null;
}

const ALL_CONFIRMED = { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true } as const;

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function testChargeActors(api: OnboardingApi) {
  return {
    loadState: fromPromise<TestChargeState, { deviceId: string }>(async ({ input, signal }) => {
      const status = await api.devices.status(input, { signal });
      if (status.status === "ONBOARDING" || status.status === "LIVE" || status.status === "RETIRED") return { status, test: null };
      try {
        return { status, test: await api.testCharge.get(input, { signal }) };
      } catch (error) {
        // A device whose test the platform no longer has starts over with the preconditions.
        if (toOnflexError(error).code === "not_found") return { status, test: null };
        throw error;
      }
    }),
    startTest: fromPromise<TestCharge, { deviceId: string }>(({ input, signal }) => api.testCharge.start({ deviceId: input.deviceId, preconditions: ALL_CONFIRMED }, { signal })),
    checkTest: fromPromise<TestCharge, { deviceId: string }>(({ input, signal }) => api.testCharge.get(input, { signal })),
    checkStatus: fromPromise<DeviceStatusResult, { deviceId: string }>(({ input, signal }) => api.devices.status(input, { signal })),
  };
}

/** What needs the clock: time left is counted on the device's clock, set right by the platform's. */
export function testChargeActions(clock: () => Date) {
  return {
    tick: assign<TestChargeContext, TestChargeEvent, undefined, TestChargeEvent, never>({ now: () => clock().getTime() }),
    storeAnswer: assign<TestChargeContext, TestChargeEvent, TestCharge, TestChargeEvent, never>(({ context }, answer) => {
      const now = clock().getTime();
      const skewMs = Date.parse(answer.checkedAt) - now;
      switch (answer.status) {
        case "refused":
          return { now, skewMs, refusal: answer.reason, refusalCode: answer.errorCode, failure: null, error: null };
        case "in_progress": {
          const { testId, startedAt, durationSeconds, reading } = answer;
          // A new test starts the backoff again.
          const polls = context.test?.testId === testId ? context.polls : 0;
          return { now, skewMs, polls, test: { testId, startedAt, durationSeconds, reading }, deviceStatus: "ONBOARDING_TEST_IN_PROGRESS" as const, refusal: null, refusalCode: null, failure: null, error: null };
        }
        case "passed":
          return { now, skewMs, polls: 0, completedAt: answer.completedAt, deviceStatus: answer.deviceStatus, failure: null, error: null };
        case "failed":
          return { now, skewMs, failure: answer.reason, deviceStatus: "FAILED_ONBOARDING_TEST" as const, test: null, error: null };
      }
    }),
  };
}

type Answered<T> = { output: T };
const answerOf = (event: unknown) => (event as Answered<TestCharge>).output;
const loadedOf = (event: unknown) => (event as Answered<TestChargeState>).output;

/** Where an answer about the test leads: one transition per outcome. */
const ANSWERS = [
  // Refused because the device is LIVE already: read its status, which ends the flow.
  { guard: { type: "refusedWith", params: { reason: "TC_DEVICE_LIVE" } }, target: "#testCharge.loading" },
  { guard: { type: "answered", params: { status: "refused" } }, target: "#testCharge.refused", actions: { type: "storeAnswer", params: ({ event }: { event: unknown }) => answerOf(event) } },
  { guard: { type: "answered", params: { status: "in_progress" } }, target: "#testCharge.running", actions: { type: "storeAnswer", params: ({ event }: { event: unknown }) => answerOf(event) } },
  { guard: { type: "answered", params: { status: "passed" } }, target: "#testCharge.awaitingLive", actions: { type: "storeAnswer", params: ({ event }: { event: unknown }) => answerOf(event) } },
  { guard: { type: "answered", params: { status: "failed" } }, target: "#testCharge.failed", actions: { type: "storeAnswer", params: ({ event }: { event: unknown }) => answerOf(event) } },
] as const;

const retryOrExit = (retry: string) => ({ on: { "TC.RETRY": { target: retry }, "TC.EXIT": { target: "#testCharge.exited" } } }) as const;

/** Checks while the page is visible, with backoff; none while it is hidden, and one at once when it shows again. */
const polling = (check: object) =>
  ({
    initial: "resting",
    states: {
      resting: { after: { pollDelay: "checking" }, on: { "TC.PAGE_HIDDEN": "paused", "TC.PAGE_VISIBLE": { target: "checking", actions: "tick" } } },
      paused: { on: { "TC.PAGE_VISIBLE": { target: "checking", actions: "tick" } } },
      checking: { ...check, on: { "TC.PAGE_HIDDEN": "paused" } },
    },
  }) as const;

export const testChargeMachine = setup({
  types: {
    context: {} as TestChargeContext,
    events: {} as TestChargeEvent,
    input: {} as TestChargeInput,
    output: {} as TestChargeOutput,
  },
  actors: testChargeActors(UNBOUND_DEPS.api),
  actions: {
    ...testChargeActions(UNBOUND_DEPS.clock),
    storeLoaded: assign((_, loaded: TestChargeState) => ({
      deviceStatus: loaded.status.status,
      completedAt: loaded.status.status === "LIVE" ? loaded.status.checkedAt : null,
      refusal: loaded.status.status === "RETIRED" ? ("TC_DEVICE_RETIRED" as const) : null,
      refusalCode: null,
      error: null,
    })),
    storeConfirmation: assign(({ event }) => {
      assertEvent(event, "TC.START");
      const confirmed = Object.fromEntries(TEST_CHARGE_PRECONDITIONS.map((name) => [name, event[name] === true])) as TestChargeContext["confirmed"];
      return { confirmed, unconfirmed: TEST_CHARGE_PRECONDITIONS.filter((name) => !confirmed[name]) as TestChargePrecondition[] };
    }),
    storeStatus: assign((_, answer: DeviceStatusResult) => ({ deviceStatus: answer.status })),
    markLive: assign(({ context }, answer: DeviceStatusResult) => ({ deviceStatus: answer.status, completedAt: context.completedAt ?? answer.checkedAt })),
    // Counted only as far as the backoff grows (it reaches its 15 s cap at the fourth check).
    countPoll: assign(({ context }) => ({ polls: Math.min(context.polls + 1, 4) })),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
  },
  guards: {
    loadedStatus: ({ event }, params: { status: string }) => loadedOf(event).status.status === params.status,
    loadedTest: ({ event }, params: { status: TestCharge["status"] }) => loadedOf(event).test?.status === params.status,
    allConfirmed: ({ event }) => event.type === "TC.START" && TEST_CHARGE_PRECONDITIONS.every((name) => event[name] === true),
    answered: ({ event }, params: { status: TestCharge["status"] }) => answerOf(event).status === params.status,
    refusedWith: ({ event }, params: { reason: string }) => {
      const answer = answerOf(event);
      return answer.status === "refused" && answer.reason === params.reason;
    },
    isLive: ({ event }) => (event as unknown as Answered<DeviceStatusResult>).output.status === "LIVE",
    isPendingLive: ({ context }) => context.deviceStatus === "PENDING_LIVE",
  },
  delays: {
    // 3 s, then 1.5 times longer each check, at most 15 s: a test takes about seven minutes.
    // Once its time is nearly up, the next check comes a second after it should have ended.
    pollDelay: ({ context }) => {
      const backoff = Math.min(3000 * 1.5 ** context.polls, 15000);
      const test = context.completedAt === null ? context.test : null;
      if (!test) return backoff;
      const leftMs = Date.parse(test.startedAt) + test.durationSeconds * 1000 - (context.now + context.skewMs);
      return leftMs > -1000 ? Math.min(backoff, Math.max(1000, leftMs + 1000)) : backoff;
    },
  },
}).createMachine({
  id: "testCharge",
  context: ({ input }) => ({
    device: input.device,
    deviceStatus: null,
    confirmed: { pluggedInAtHome: false, batteryNotFull: false, agreedToCharge: false },
    unconfirmed: [],
    test: null,
    now: 0,
    skewMs: 0,
    refusal: null,
    refusalCode: null,
    failure: null,
    completedAt: null,
    polls: 0,
    error: null,
  }),
  initial: "loading",
  states: {
    // The device's status first: LIVE needs no test, a running test is resumed, a failed one shown.
    loading: {
      entry: "tick",
      invoke: {
        src: "loadState",
        id: "loadState",
        input: ({ context }) => ({ deviceId: context.device.deviceId }),
        onDone: [
          { guard: { type: "loadedStatus", params: { status: "LIVE" } }, target: "live", actions: { type: "storeLoaded", params: ({ event }) => event.output } },
          { guard: { type: "loadedStatus", params: { status: "RETIRED" } }, target: "refused", actions: { type: "storeLoaded", params: ({ event }) => event.output } },
          {
            guard: { type: "loadedTest", params: { status: "in_progress" } },
            target: "running",
            actions: [{ type: "storeLoaded", params: ({ event }) => event.output }, { type: "storeAnswer", params: ({ event }) => event.output.test! }],
          },
          {
            guard: { type: "loadedTest", params: { status: "passed" } },
            target: "awaitingLive",
            actions: [{ type: "storeLoaded", params: ({ event }) => event.output }, { type: "storeAnswer", params: ({ event }) => event.output.test! }],
          },
          {
            guard: { type: "loadedTest", params: { status: "failed" } },
            target: "failed",
            actions: [{ type: "storeLoaded", params: ({ event }) => event.output }, { type: "storeAnswer", params: ({ event }) => event.output.test! }],
          },
          { target: "preconditions", actions: { type: "storeLoaded", params: ({ event }) => event.output } },
        ],
        onError: { target: "loadFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
      on: { "TC.EXIT": "exited" },
    },
    loadFailed: retryOrExit("#testCharge.loading"),
    preconditions: {
      on: {
        "TC.START": [
          { guard: "allConfirmed", target: "starting", actions: "storeConfirmation" },
          { actions: "storeConfirmation" },
        ],
        "TC.EXIT": "exited",
      },
    },
    starting: {
      invoke: {
        src: "startTest",
        id: "startTest",
        input: ({ context }) => ({ deviceId: context.device.deviceId }),
        onDone: [...ANSWERS],
        onError: { target: "startFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    startFailed: retryOrExit("#testCharge.starting"),
    // Refused before it started: the user puts it right (the remedy shown) and tries again.
    refused: retryOrExit("#testCharge.starting"),
    running: {
      type: "parallel",
      states: {
        poll: polling({
          invoke: {
            src: "checkTest",
            id: "checkTest",
            input: ({ context }: { context: TestChargeContext }) => ({ deviceId: context.device.deviceId }),
            onDone: [
              { guard: { type: "answered", params: { status: "in_progress" } }, target: "resting", actions: [{ type: "storeAnswer", params: ({ event }: { event: unknown }) => answerOf(event) }, "countPoll"] },
              ...ANSWERS.slice(3),
              // Any other answer (a refusal is not one a running test gives) is asked again later.
              { target: "resting", actions: "countPoll" },
            ],
            // A failed check (offline, a hiccup) is tried again later; the test runs on regardless.
            onError: { target: "resting", actions: "countPoll" },
          },
        }),
        // Time left is redrawn every second from the platform's start time.
        clock: { initial: "ticking", states: { ticking: { after: { 1000: { target: "ticking", reenter: true, actions: "tick" } } } } },
      },
    },
    // Failed after it started: the user puts it right and confirms again.
    failed: retryOrExit("#testCharge.preconditions"),
    // The test passed: the platform makes the device LIVE (PENDING_LIVE until then).
    awaitingLive: {
      ...polling({
        invoke: {
          src: "checkStatus",
          id: "checkStatus",
          input: ({ context }: { context: TestChargeContext }) => ({ deviceId: context.device.deviceId }),
          onDone: [
            { guard: "isLive", target: "#testCharge.live", actions: { type: "markLive", params: ({ event }: { event: { output: DeviceStatusResult } }) => event.output } },
            { target: "resting", actions: [{ type: "storeStatus", params: ({ event }: { event: { output: DeviceStatusResult } }) => event.output }, "countPoll"] },
          ],
          onError: { target: "resting", actions: "countPoll" },
        },
      }),
      on: { "TC.CONTINUE": { guard: "isPendingLive", target: "continued" } },
    },
    live: { type: "final" },
    continued: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }): TestChargeOutput => {
    if (!context.completedAt) return null;
    if (context.deviceStatus === "LIVE") return { deviceId: context.device.deviceId, status: "LIVE", completedAt: context.completedAt };
    if (context.deviceStatus === "PENDING_LIVE") return { deviceId: context.device.deviceId, status: "PENDING_LIVE", completedAt: context.completedAt };
    return null;
  },
});

export type TestChargeMachine = typeof testChargeMachine;
