/**
 * The waitForTransition flow in the server-driven journey, on the sandbox's wizard and its
 * injectable clock: the server moves past the wait steps by itself (the SIMULATED tariff switch
 * going ahead, the device becoming LIVE); the journey never answers them, resumes the same wait
 * after a reload, and Back steps over them.
 */
import { createSandboxApi, OnflexError, SANDBOX } from "@onflex/core";
import type { OnboardingApi, RegisteredDevice, SandboxApi, WizardState } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, waitFor } from "xstate";
import type { Actor, AnyActorRef } from "xstate";
import {
  bindFlow,
  connectJourney,
  connectWaitForTransition,
  createJourneyMachine,
  defineJourney,
  deviceSelectionFlow,
  JourneyDefinitionError,
  LONG_WAIT_MS,
  onflexFlowRegistry,
  persistJourney,
  presets,
  restoreJourney,
  waitForTransitionFlow,
} from "../src/index.js";
import type { JourneyDefinition, JourneyMachine, WaitForTransitionMachine } from "../src/index.js";

const START = Date.parse("2026-11-21T09:30:00.000Z");
const addressFacts = {
  address: { id: "sbx-SW1A1AA-0", line1: "1 High Street", town: "London", postcode: "SW1A 1AA" },
  meter: { mpan: SANDBOX.mpans.domestic, direction: "import", halfHourlySettled: true, eligibleMarkets: ["flex"] },
};

/**
 * A sandbox whose wizard `start` has already been answered up to the test charge (a started
 * test, a switch pending on it), so the journey opens on the first wait step. Counts the calls
 * the journey makes to the wizard.
 */
async function atTheWait(setup: { from?: "testCharge"; testFails?: boolean; elapsedMs?: number } = {}) {
  let now = START;
  const sandbox: SandboxApi = createSandboxApi({ clock: () => new Date(now) });
  const { models } = await sandbox.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: "Volkswagen" });
  const model = models[0]!;
  const device: RegisteredDevice = await sandbox.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
  const offer = await sandbox.tariffs.offer({ deviceId: device.deviceId });
  const tariffSwitch = await sandbox.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId });
  if (setup.testFails) sandbox.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge.assessmentsFailed);
  await sandbox.testCharge.start({ deviceId: device.deviceId, preconditions: { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true } });
  now += setup.elapsedMs ?? 0;
  const calls: string[] = [];
  const api: OnboardingApi = {
    ...sandbox,
    wizard: {
      start: async (input, options) => {
        calls.push("start");
        let state: WizardState = await sandbox.wizard.start(input, options);
        const answers: Record<string, Record<string, unknown>> = { address: addressFacts, device: { device }, tariff: { tariffSwitch } };
        while (state.currentStep && state.currentStep.type !== "waitForTransition" && state.currentStep.id !== setup.from) {
          state = await sandbox.wizard.answer({ wizardId: state.wizardId, stepId: state.currentStep.id, facts: answers[state.currentStep.id] ?? {} });
        }
        return state;
      },
      get: (input, options) => (calls.push("get"), sandbox.wizard.get(input, options)),
      answer: (input, options) => (calls.push(`answer:${input.stepId}`), sandbox.wizard.answer(input, options)),
      rewind: (input, options) => (calls.push(`rewind:${input.stepId}`), sandbox.wizard.rewind(input, options)),
    },
  };
  // From the test charge on, the journey must know the device the earlier steps registered.
  const definition: JourneyDefinition =
    setup.from === undefined ? presets.krakenSmartFlexServer : { ...presets.krakenSmartFlexServer, inputs: { ...presets.krakenSmartFlexServer.inputs, device: deviceSelectionFlow.gives.device! } };
  const machine = createJourneyMachine(definition, { flows: onflexFlowRegistry, deps: { api, clock: () => new Date(now) } });
  const actor = createActor(machine, { input: { facts: { tariffRequirement: { required: true }, ...(setup.from === undefined ? {} : { device }) } } }).start();
  const advance = (ms: number) => (now += ms);
  if (setup.from === undefined) await onStep(actor, "tariffLive");
  return { machine, actor, api, sandbox, calls, device, advance };
}

function view(actor: Actor<JourneyMachine>) {
  return connectJourney(actor.getSnapshot(), actor.send);
}

async function onStep(actor: Actor<JourneyMachine>, stepId: string): Promise<AnyActorRef> {
  const snapshot = await waitFor(actor, (s) => connectJourney(s, actor.send).current?.stepId === stepId || s.status === "done");
  const current = connectJourney(snapshot, actor.send).current;
  if (current?.stepId !== stepId) throw new Error(`expected step ${stepId}, on ${current?.stepId ?? "no step"}`);
  return current.ref;
}

const waitView = (ref: AnyActorRef) => connectWaitForTransition(ref.getSnapshot() as never, ref.send);

describe("waitForTransition in the server-driven Kraken journey", () => {
  it("shows what it waits for, and the journey goes on when the server moves past the steps by itself, never answering them", async () => {
    const { actor, calls, advance } = await atTheWait();
    expect(view(actor)).toMatchObject({ flow: "waitForTransition", current: { params: { waitingFor: "TARIFF_SWITCH" } }, total: null });
    let wait = await onStep(actor, "tariffLive");
    await waitFor(wait, (s) => s.value === "waiting");
    expect(waitView(wait)).toMatchObject({ waitingFor: "TARIFF_SWITCH", isWaiting: true, canCheck: true, canExit: true });
    // The test charge passes: the switch goes ahead, the server completes the step; "Check now" sees it.
    advance(7 * 60_000 + 1000);
    waitView(wait).check();
    wait = await onStep(actor, "deviceLive");
    expect(view(actor).current?.params).toEqual({ waitingFor: "DEVICE_LIVE" });
    await waitFor(wait, (s) => s.value === "waiting");
    // PENDING_LIVE for a minute, then LIVE.
    advance(61_000);
    waitView(wait).check();
    const done = await waitFor(actor, (s) => s.status === "done");
    // The steps before the waits were answered before the journey opened (see atTheWait).
    expect(done.output).toMatchObject({ status: "complete", steps: ["tariffLive", "deviceLive"] });
    expect(done.context.wizard?.completedSteps).toEqual(["address", "device", "tariff", "auth", "testCharge", "tariffLive", "deviceLive"]);
    expect(calls.filter((call) => call.startsWith("answer"))).toEqual([]);
    expect(view(actor).steps.slice(-2)).toEqual([
      // Both run the same flow: the server gives each its own progress label.
      { id: "tariffLive", flow: "waitForTransition", status: "complete", label: "tariffLive" },
      { id: "deviceLive", flow: "waitForTransition", status: "complete", label: "deviceLive" },
    ]);
  });

  it("a step the server completed before the client looked is never shown", async () => {
    const { actor, advance } = await atTheWait();
    const wait = await onStep(actor, "tariffLive");
    await waitFor(wait, (s) => s.value === "waiting");
    // Both conditions hold by the next check: the server has moved past both steps.
    advance(9 * 60_000);
    waitView(wait).check();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete" });
    expect(done.context.history.map((step) => step.id).slice(-1)).toEqual(["tariffLive"]);
    expect(done.context.wizard?.completedSteps.slice(-2)).toEqual(["tariffLive", "deviceLive"]);
  });

  it("says when the wait is taking long, and checks nothing while the page is hidden, at once when it shows", async () => {
    // The test charge fails: the switch stays pending on it, however long the wait.
    const { actor, calls, advance } = await atTheWait({ testFails: true });
    const wait = await onStep(actor, "tariffLive");
    await waitFor(wait, (s) => s.value === "waiting");
    expect(waitView(wait).isLongWait).toBe(false);
    waitView(wait).pageHidden();
    expect(waitView(wait).isPaused).toBe(true);
    const before = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(calls.length).toBe(before);
    advance(LONG_WAIT_MS);
    waitView(wait).pageVisible();
    await waitFor(wait, (s) => s.value === "waiting" && calls.length > before);
    expect(calls.length).toBe(before + 1);
    expect(waitView(wait)).toMatchObject({ isLongWait: true, isWaiting: true, checkedAt: new Date(START + LONG_WAIT_MS).toISOString() });
  }, 10_000);

  it("Back from a wait step goes to the last step the user can answer again (the test charge)", async () => {
    // The journey runs the test charge itself: it passed (PENDING_LIVE) and the user carries on.
    const { actor, calls } = await atTheWait({ from: "testCharge", elapsedMs: 7 * 60_000 + 1000 });
    const testCharge = await onStep(actor, "testCharge");
    await waitFor(testCharge, (s) => s.matches("awaitingLive"));
    testCharge.send({ type: "TC.CONTINUE" });
    // The switch went ahead with the test, so the server moved past tariffLive: the device is not LIVE yet.
    await onStep(actor, "deviceLive");
    expect(calls).toContain("answer:testCharge");
    expect(view(actor).canGoBack).toBe(true);
    view(actor).back();
    await onStep(actor, "testCharge");
    expect(calls).toContain("rewind:testCharge");
  });

  it("resumes the same wait after a reload, and goes on once the server has moved past it", async () => {
    const { machine, actor, api, advance } = await atTheWait();
    const wait = await onStep(actor, "tariffLive");
    await waitFor(wait, (s) => s.value === "waiting");
    const saved = JSON.stringify(persistJourney(actor));
    actor.stop();
    advance(60 * 60_000);
    const fresh = createJourneyMachine(presets.krakenSmartFlexServer, { flows: onflexFlowRegistry, deps: { api, clock: () => new Date(START + 61 * 60_000) } });
    expect(machine).not.toBe(fresh);
    const restored = restoreJourney(fresh, saved);
    expect(restored.restored).toBe(true);
    if (!restored.restored) return;
    const resumed = createActor(fresh, { snapshot: restored.snapshot, input: {} }).start();
    const again = await onStep(resumed, "tariffLive");
    expect(waitView(again).waitingFor).toBe("TARIFF_SWITCH");
    waitView(again).check();
    const done = await waitFor(resumed, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete" });
  });

  it("a server that fails shows the error with Retry, and the way out ends the journey as the user's choice", async () => {
    const { actor, api } = await atTheWait();
    const wait = await onStep(actor, "tariffLive");
    await waitFor(wait, (s) => s.value === "waiting");
    const get = api.wizard.get;
    let down = true;
    api.wizard.get = (input, options) => (down ? Promise.reject(new OnflexError("upstream", "down", { retryable: true })) : get(input, options));
    waitView(wait).check();
    await waitFor(wait, (s) => s.value === "failed");
    expect(waitView(wait)).toMatchObject({ error: { code: "upstream" }, canRetry: true, canExit: true });
    down = false;
    waitView(wait).retry();
    await waitFor(wait, (s) => s.value === "waiting");
    waitView(wait).exit();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "exited", reason: "user_closed", stepId: "tariffLive", flow: "waitForTransition" });
  });
});

describe("progress labels", () => {
  it("a fixed step's label reaches the journey's steps; a step without one has none", () => {
    const machine = createJourneyMachine(presets.krakenSmartFlex, { flows: onflexFlowRegistry, deps: { api: createSandboxApi() } });
    const actor = createActor(machine, { input: { facts: { tariffRequirement: { required: true } } } }).start();
    const steps = view(actor).steps;
    expect(steps.find((step) => step.id === "tariffSwitchLive")).toMatchObject({ flow: "tariffSwitch", label: "tariffLive" });
    expect(steps.find((step) => step.id === "tariffSwitch")).not.toHaveProperty("label");
    actor.stop();
  });
});

describe("waitForTransition outside a server-driven journey", () => {
  it("a fixed journey refuses it: only the server step source can run a step the server completes", () => {
    const fixed: JourneyDefinition = { id: "fixed-wait", version: 1, source: { type: "fixed", steps: [{ flow: "address" }, { id: "live", flow: "waitForTransition", params: { waitingFor: "DEVICE_LIVE" } }] } };
    expect(() => defineJourney(fixed, onflexFlowRegistry)).toThrow(JourneyDefinitionError);
    expect(() => defineJourney(fixed, onflexFlowRegistry)).toThrow('journey "fixed-wait": step "live" runs "waitForTransition", which the server completes by itself; it needs the server step source.');
  });

  it("run on its own without a wizard, it fails clearly and offers the way out", async () => {
    const machine: WaitForTransitionMachine = bindFlow(waitForTransitionFlow, { api: createSandboxApi() });
    const input = waitForTransitionFlow.input({ facts: {}, params: { waitingFor: "DEVICE_LIVE" }, previous: undefined });
    const actor = createActor(machine, { input }).start();
    await waitFor(actor, (s) => s.value === "failed");
    const view = connectWaitForTransition(actor.getSnapshot(), actor.send);
    expect(view).toMatchObject({ error: { code: "unsupported_step" }, canExit: true });
    view.exit();
    expect(actor.getSnapshot().output).toBeNull();
    expect(waitForTransitionFlow.result(null, { facts: {}, params: { waitingFor: "DEVICE_LIVE" } })).toEqual({ status: "exited", reason: "user_closed" });
  });

  it("refuses params that name nothing it knows how to wait for", () => {
    expect(waitForTransitionFlow.params!.safeParse({ waitingFor: "TELEPORT" }).success).toBe(false);
    expect(waitForTransitionFlow.params!.safeParse({}).success).toBe(false);
  });
});
