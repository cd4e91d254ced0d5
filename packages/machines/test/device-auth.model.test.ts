/**
 * Model-based test of the deviceAuth flow, in the manner of model.test.ts: @xstate/graph walks
 * the machine purely (sample answers for its requests, the poll timer as an event) and gives
 * the shortest path to every state, one per way in; each path is played on a running actor
 * whose requests wait until the path says how they end, whose poll timer runs on a simulated
 * clock, and whose user events go through connectDeviceAuth's commands. At every step the
 * test checks what the view shows.
 */
import { OnflexError } from "@onflex/core";
import type { AuthorisedDevice, DeviceAuthGuide, DeviceAuthResult, DeviceAuthStart, GuidedAuthResult } from "@onflex/core";
import { TestModel } from "@xstate/graph";
import type { TestPath } from "@xstate/graph";
import { describe, expect, it } from "vitest";
import { __unsafe_getAllOwnEventDescriptors as ownEventTypes, createActor, fromPromise, SimulatedClock } from "xstate";
import type { AnyActorLogic, AnyMachineSnapshot, EventObject } from "xstate";
import { connectDeviceAuth, deviceAuthFlow, GUIDED_PATIENCE_MS } from "../src/index.js";
import type { DeviceAuthEvent, DeviceAuthView } from "../src/index.js";
import { pathCoverage } from "./coverage.js";
import { upstream } from "./fakes.js";
import { registeredTesla } from "./fixtures/devices.js";

type Sample = EventObject & Record<string, unknown>;

const device = registeredTesla;
const signIn: DeviceAuthStart = {
  deviceId: "device-1",
  authorizationUri: "https://maker.example/authorize?state=state-0123456789abcdef",
  state: "state-0123456789abcdef",
  expiresAt: "2026-11-21T09:40:00.000Z",
};
const authorised: AuthorisedDevice = { ...device, authState: "AUTHENTICATION_COMPLETE", authorisedAt: "2026-11-21T09:31:00.000Z" };
const returnUrl = "https://platform.example/callback?code=c&state=state-0123456789abcdef";
const answers: DeviceAuthResult[] = [
  { status: "pending", deviceId: "device-1" },
  { status: "complete", deviceId: "device-1", device: authorised },
  ...(["access_denied", "state_mismatch", "code_reused_or_expired", "provider_unavailable"] as const).map((reason) => ({ status: "failed" as const, deviceId: "device-1", reason })),
];
const guided = () => new OnflexError("conflict", "This device's provider has no OAuth sign-in.", { retryable: false });
const guide: DeviceAuthGuide = {
  deviceId: "device-1",
  provider: "JEDLIX",
  ways: [
    { type: "UserActionRequired", action: "open_app", appName: "Jedlix", appUri: "https://jedlix.example/app/connect", steps: ["install_app", "sign_in", "add_device", "allow_access"] },
    { type: "UserInputRequired", input: "pairing_code", appName: "Jedlix", steps: ["sign_in", "add_device", "show_pairing_code"], codeValidForMinutes: 10 },
  ],
};
const guidedAnswers: GuidedAuthResult[] = [
  { status: "pending", deviceId: "device-1" },
  { status: "complete", deviceId: "device-1", device: authorised },
  ...(["code_wrong", "code_expired", "maker_failed"] as const).map((reason) => ({ status: "failed" as const, deviceId: "device-1", reason })),
];

const samples: Sample[] = [
  { type: "xstate.done.actor.startSignIn", output: signIn },
  { type: "xstate.error.actor.startSignIn", error: upstream() },
  { type: "xstate.error.actor.startSignIn", error: guided() },
  ...answers.map((output) => ({ type: "xstate.done.actor.checkSignIn", output })),
  { type: "xstate.error.actor.checkSignIn", error: upstream() },
  // complete never answers pending; its other answers lead where status's do.
  ...answers.map((output) => ({ type: "xstate.done.actor.completeSignIn", output })),
  { type: "xstate.error.actor.completeSignIn", error: new OnflexError("validation", "The sign-in answer is not a URL.") },
  { type: "xstate.done.actor.loadGuide", output: guide },
  { type: "xstate.error.actor.loadGuide", error: upstream() },
  ...guidedAnswers.map((output) => ({ type: "xstate.done.actor.submitCode", output })),
  { type: "xstate.error.actor.submitCode", error: upstream() },
  ...guidedAnswers.map((output) => ({ type: "xstate.done.actor.checkGuided", output })),
  { type: "xstate.error.actor.checkGuided", error: upstream() },
  { type: "GUIDED.CHOOSE", way: "app" },
  { type: "GUIDED.CHOOSE", way: "code" },
  // Typed as a user might: spaces, lower case; and one with a letter that is never in a code.
  { type: "GUIDED.SUBMIT_CODE", code: "jdlx 7k4p" },
  { type: "GUIDED.SUBMIT_CODE", code: "JDLO-7K4P" },
  { type: "AUTH.OPENED", mode: "popup" },
  { type: "AUTH.OPEN_BLOCKED" },
  { type: "AUTH.RETURNED", url: returnUrl },
  { type: "AUTH.RETURNED", url: 42 },
  { type: "FLOW.RESUME", url: returnUrl, purpose: "device_auth" },
  { type: "FLOW.RESUME" },
];

const requests = ["startSignIn", "checkSignIn", "completeSignIn", "loadGuide", "submitCode", "checkGuided"] as const;
// The walk and the running actor both leave opening to the events the opener's answer raises.
const machine = deviceAuthFlow.machine.provide({ actions: { openSignIn: () => {}, openApp: () => {} } });

function walk() {
  const model = new TestModel(machine as AnyActorLogic, {
    input: { device },
    events: (state: AnyMachineSnapshot) =>
      ownEventTypes(state as never).flatMap((type: string) => {
        const own = samples.filter((event) => event.type === type);
        return own.length > 0 ? own : [{ type }];
      }),
    // The poll count only sets the backoff; leaving it out keeps the walk finite.
    serializeState: (state: AnyMachineSnapshot, event: EventObject | undefined, previous?: AnyMachineSnapshot) => {
      const { polls: _polls, ...context } = state.context as Record<string, unknown>;
      const here = JSON.stringify({ value: state.value, context });
      const moved = event && previous && JSON.stringify(previous.value) !== JSON.stringify(state.value);
      return moved ? `${here} via ${JSON.stringify(event)} from ${JSON.stringify(previous.value)}` : here;
    },
    stateMatcher: (state: AnyMachineSnapshot, key: string) => state.matches(key),
    stopWhen: (state: AnyMachineSnapshot) => state.status === "done",
  } as never);
  return model.getShortestPaths() as TestPath<AnyMachineSnapshot, EventObject>[];
}

async function flush() {
  for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
}

function scripted() {
  const pending = new Map<string, { resolve(value: unknown): void; reject(error: unknown): void }>();
  const made: Record<string, unknown[]> = {};
  const actors = Object.fromEntries(
    requests.map((id) => [
      id,
      fromPromise(({ input }: { input: unknown }) => {
        (made[id] ??= []).push(input);
        return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
      }),
    ]),
  );
  function settle(event: Sample): boolean {
    const match = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
    if (!match) return false;
    const request = pending.get(match[2]!);
    if (!request) throw new Error(`the path answers ${match[2]}, but no such request is in flight`);
    pending.delete(match[2]!);
    if (match[1] === "done") request.resolve(event["output"]);
    else request.reject(event["error"]);
    return true;
  }
  return { actors, made, settle };
}

/** Plays a user event through the view's commands, as the step component does. */
function act(view: DeviceAuthView, event: DeviceAuthEvent, send: (event: DeviceAuthEvent) => void) {
  switch (event.type) {
    case "AUTH.OPEN":
      return view.open();
    case "AUTH.LINK_OPENED":
      return view.getSignInLinkProps().onClick();
    case "AUTH.RETURNED":
      return view.returned(event.url);
    case "AUTH.CANCEL":
      return view.cancel();
    case "AUTH.PAGE_HIDDEN":
      return view.pageHidden();
    case "AUTH.PAGE_VISIBLE":
      return view.pageVisible();
    case "AUTH.RETRY":
      return view.retry();
    case "AUTH.EXIT":
      return view.exit();
    case "GUIDED.CHOOSE":
      return view.guided.choose(event.way);
    case "GUIDED.CHOOSE_AGAIN":
      return view.guided.chooseAgain();
    case "GUIDED.OPEN_APP":
      return view.guided.openApp();
    case "GUIDED.APP_DONE":
      return view.guided.getAppLinkProps().onClick();
    case "GUIDED.SUBMIT_CODE":
      return view.guided.submitCode(event.code);
    case "GUIDED.EDIT_CODE":
      return view.guided.editCode();
    case "GUIDED.CHECK_NOW":
      return view.guided.checkNow();
    case "GUIDED.KEEP_WAITING":
      return view.guided.keepWaiting();
    default:
      // What the opener answers (raised by the machine) and a host's resume arrive as events.
      return send(event);
  }
}

const last = (made: Record<string, unknown[]>, id: string) => made[id]?.at(-1);

/** What the user sees in each state: one entry per state of the machine. */
const sees: Record<string, (view: DeviceAuthView, made: Record<string, unknown[]>, value: unknown) => void> = {
  preparing(view, made) {
    expect(view.isLoading).toBe(true);
    expect([view.canOpen, view.signInUrl, view.outcome]).toEqual([false, null, null]);
    expect(last(made, "startSignIn")).toEqual({ deviceId: "device-1", usesOAuth: true });
  },
  startFailed(view) {
    expect(view.error).toMatchObject({ code: "upstream" });
    expect([view.canRetry, view.canExit, view.canOpen]).toEqual([true, true, false]);
  },
  ready(view) {
    expect(view).toMatchObject({ isLoading: false, canOpen: true, canExit: true, signInUrl: signIn.authorizationUri, deviceLabel: "Tesla Model 3", make: "Tesla" });
  },
  opening(view) {
    expect(view.isLoading).toBe(true);
    expect(view.canOpen).toBe(false);
  },
  popupBlocked(view) {
    expect(view.getSignInLinkProps()).toMatchObject({ href: signIn.authorizationUri, target: "_blank", rel: "noopener noreferrer" });
    expect([view.canCancel, view.canOpen, view.isWaiting]).toEqual([true, false, false]);
  },
  waiting(view, made, value) {
    expect(view).toMatchObject({ isWaiting: true, canCancel: true, canOpen: false, isLoading: false });
    // Checks pause while the page is hidden, and only then.
    expect(view.isPaused).toBe(JSON.stringify(value) === JSON.stringify({ waiting: "paused" }));
    for (const check of made["checkSignIn"] ?? []) expect(check).toEqual({ deviceId: "device-1", state: signIn.state });
  },
  completing(view, made) {
    expect(view.isLoading).toBe(true);
    expect(view.canCancel).toBe(false);
    expect(last(made, "completeSignIn")).toEqual({ deviceId: "device-1", continuationUri: returnUrl });
  },
  denied: (view) => expectOutcome(view, "access_denied"),
  cancelled: (view) => expectOutcome(view, "cancelled"),
  stateMismatch: (view) => expectOutcome(view, "state_mismatch"),
  codeExpired: (view) => expectOutcome(view, "code_reused_or_expired"),
  providerUnavailable: (view) => expectOutcome(view, "provider_unavailable"),
  completeFailed(view) {
    // A garbled URL the server refused, or an answer that finishes nothing.
    expect(["validation", "invalid_response"]).toContain(view.error?.code);
    expect([view.canRetry, view.canExit]).toEqual([true, true]);
  },
  authorised(view) {
    expect(view.isAuthorised).toBe(true);
    expect([view.canRetry, view.canOpen, view.canCancel]).toEqual([false, false, false]);
  },
  guideLoading(view, made) {
    expect(view).toMatchObject({ isLoading: true, canExit: true, canOpen: false, guided: { isGuided: true, ways: [] } });
    expect(last(made, "loadGuide")).toEqual({ deviceId: "device-1" });
  },
  guideFailed(view) {
    expect(view.error).toMatchObject({ code: "upstream" });
    expect([view.canRetry, view.canExit, view.guided.canChoose]).toEqual([true, true, false]);
  },
  choosing(view) {
    expect(view).toMatchObject({ isLoading: false, canExit: true, guided: { canChoose: true, ways: ["app", "code"], appName: "Jedlix", canChooseAgain: false } });
  },
  appSteps(view) {
    expect(view.guided).toMatchObject({ way: "app", steps: guide.ways[0]!.steps, appUri: "https://jedlix.example/app/connect", canChooseAgain: true });
    expect(view.guided.getAppLinkProps()).toMatchObject({ href: "https://jedlix.example/app/connect", target: "_blank", rel: "noopener noreferrer" });
  },
  codeEntry(view) {
    expect(view.guided).toMatchObject({ way: "code", steps: guide.ways[1]!.steps, codeValidForMinutes: 10, codeExample: "JDLX-7K4P", canChooseAgain: true });
    expect(view.canExit).toBe(true);
  },
  submittingCode(view, made) {
    expect(view.isLoading).toBe(true);
    // Only a code in the format is ever sent, in its normal form.
    expect(last(made, "submitCode")).toEqual({ deviceId: "device-1", code: "JDLX-7K4P" });
  },
  submitFailed(view) {
    expect(view.error).toMatchObject({ code: "upstream" });
    expect([view.canRetry, view.guided.canEditCode, view.canExit, view.guided.code]).toEqual([true, true, true, "JDLX-7K4P"]);
  },
  codeWrong(view) {
    expect(view).toMatchObject({ outcome: "code_wrong", error: null, canExit: true, guided: { canEditCode: true, canChooseAgain: true } });
  },
  pairingCodeExpired(view) {
    expect(view).toMatchObject({ outcome: "code_expired", error: null, canExit: true, guided: { canEditCode: true } });
  },
  guidedWaiting(view, made, value) {
    expect(view).toMatchObject({ isWaiting: true, isLoading: false, canExit: true, guided: { isWaiting: true, canCheckNow: true, canChooseAgain: true } });
    expect(view.isPaused).toBe(JSON.stringify(value) === JSON.stringify({ guidedWaiting: "paused" }));
    for (const check of made["checkGuided"] ?? []) expect(check).toEqual({ deviceId: "device-1" });
  },
  stillWaiting(view) {
    expect(view).toMatchObject({ isWaiting: false, canExit: true, guided: { isStillWaiting: true, canCheckNow: true, canChooseAgain: true } });
  },
  makerFailed(view) {
    expect(view).toMatchObject({ outcome: "maker_failed", canRetry: true, canExit: true, error: null });
  },
  exited(view) {
    expect([view.isAuthorised, view.canRetry, view.canOpen]).toEqual([false, false, false]);
  },
};

function expectOutcome(view: DeviceAuthView, outcome: string) {
  expect(view).toMatchObject({ outcome, canRetry: true, canExit: true, isLoading: false, isWaiting: false, error: null });
}

async function play(path: TestPath<AnyMachineSnapshot, EventObject>) {
  const io = scripted();
  const clock = new SimulatedClock();
  const actor = createActor(machine.provide({ actors: io.actors } as never), { input: { device }, clock });
  const failures: unknown[] = [];
  actor.subscribe({ error: (error) => failures.push(error) });
  actor.start();
  const view = () => connectDeviceAuth(actor.getSnapshot(), actor.send);
  const types = new Set(path.steps.slice(1).map(({ event }) => event.type));
  const events = Object.fromEntries(
    [...types].map((type) => [
      type,
      async ({ event }: { event: Sample }) => {
        if (io.settle(event)) await flush();
        // The poll timer: the longest backoff has certainly passed.
        else if (event.type.startsWith("xstate.after.guidedPatience")) clock.increment(GUIDED_PATIENCE_MS);
        else if (event.type.startsWith("xstate.after.")) clock.increment(15000);
        else act(view(), event as unknown as DeviceAuthEvent, actor.send);
      },
    ]),
  );
  const states = Object.fromEntries(
    Object.entries(sees).map(([key, check]) => [
      key,
      (model: AnyMachineSnapshot) => {
        const snapshot = actor.getSnapshot();
        expect(failures).toEqual([]);
        expect(snapshot.value).toEqual(model.value);
        const { polls: _a, ...actual } = snapshot.context;
        const { polls: _b, ...expected } = model.context as typeof snapshot.context;
        expect(actual).toEqual(expected);
        const shown = view();
        expect(shown.step).toBe(key);
        expect(shown.getRootProps()).toEqual({ "data-scope": "deviceAuth", "data-part": "root", "data-state": key });
        check(shown, io.made, snapshot.value);
      },
    ]),
  );
  try {
    await path.test({ events, states } as never);
  } finally {
    actor.stop();
  }
}

describe("deviceAuth flow model", () => {
  const paths = walk();

  it("says what the user sees in every state the flow has", () => {
    expect(Object.keys(sees).sort()).toEqual(Object.keys(machine.root.states).sort());
  });

  const ends = [...new Set(paths.map((path) => JSON.stringify(path.state.value)))].sort();
  for (const end of ends) {
    const group = paths.filter((path) => JSON.stringify(path.state.value) === end);
    it(`reaches ${end} by ${group.length} shortest path(s), showing the right view at every step`, { timeout: 30_000 }, async () => {
      for (const path of group) {
        try {
          await play(path);
        } catch (error) {
          const route = path.steps.slice(1).map(({ event }) => event.type).join(" → ");
          throw new Error(`${route}\n${String(error)}`, { cause: error });
        }
      }
    });
  }

  it("walks every state and every transition", () => {
    const coverage = pathCoverage("deviceAuth", machine, paths);
    console.log(coverage.line);
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).toEqual([]);
  });
});
