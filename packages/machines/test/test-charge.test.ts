import { createSandboxApi, RegisteredDevice as RegisteredDeviceSchema, SANDBOX } from "@onflex/core";
import type { OnboardingApi, RegisteredDevice, SandboxApi, SandboxOptions } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, SimulatedClock, waitFor } from "xstate";
import type { Actor } from "xstate";
import { bindFlow, connectJourney, connectTestCharge, createJourneyMachine, onflexFlowRegistry, persistJourney, restoreJourney, testChargeFlow } from "../src/index.js";
import type { JourneyDefinition, TestChargeMachine } from "../src/index.js";
import { fixedNow } from "./fakes.js";

const all = { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true };
const MINUTE = 60_000;

async function registered(api: SandboxApi, pick: { make: string; model: string } = SANDBOX.devices.carPreferred.vehicle): Promise<RegisteredDevice> {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: pick.make });
  const model = models.find((item) => item.model === pick.model)!;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
}

/** The sandbox and the flow on one simulated time: `advance` moves both the platform's clock and the flow's timers. */
async function start(options: SandboxOptions = {}) {
  let now = fixedNow().getTime();
  const time = () => new Date(now);
  const api = createSandboxApi({ ...options, clock: time });
  const device = await registered(api);
  const calls = { status: 0, start: 0, get: 0 };
  const counted: OnboardingApi = {
    ...api,
    devices: { ...api.devices, status: (input, o) => ((calls.status += 1), api.devices.status(input, o)) },
    testCharge: {
      start: (input, o) => ((calls.start += 1), api.testCharge.start(input, o)),
      get: (input, o) => ((calls.get += 1), api.testCharge.get(input, o)),
    },
  };
  const clock = new SimulatedClock();
  const machine = bindFlow(testChargeFlow, { api: counted, clock: time });
  const actor = createActor(machine, { input: { device }, clock }).start();
  const view = () => connectTestCharge(actor.getSnapshot(), actor.send);
  const advance = async (ms: number) => {
    // In one-second steps, as the timers would fire, letting each answer arrive.
    for (let left = ms; left > 0; left -= 1000) {
      const step = Math.min(1000, left);
      now += step;
      clock.increment(step);
      await flush();
    }
  };
  return { api, device, calls, actor, view, advance, time, counted, setNow: (value: number) => (now = value) };
}

async function flush() {
  for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
}

type Running = Actor<TestChargeMachine>;
const at = (actor: Running, value: string) => waitFor(actor, (s) => s.matches(value as never));

describe("testCharge flow", () => {
  it("reads the status, asks for the preconditions, runs the test with time left from the platform's start time, and ends LIVE", async () => {
    const { device, actor, view, advance, calls } = await start();
    expect(view().isLoading).toBe(true);
    await at(actor, "preconditions");
    expect(view().deviceStatus).toBe("ONBOARDING");
    expect(view().canStart).toBe(true);
    // Nothing starts until all three are confirmed; what was ticked is kept.
    view().start({ pluggedInAtHome: true, batteryNotFull: false, agreedToCharge: false });
    expect(view().step).toBe("preconditions");
    expect(view().unconfirmed).toEqual(["batteryNotFull", "agreedToCharge"]);
    expect(view().confirmed).toEqual({ pluggedInAtHome: true, batteryNotFull: false, agreedToCharge: false });
    expect(calls.start).toBe(0);
    view().start(all);
    await at(actor, "running");
    expect(view().progress).toEqual({ secondsLeft: 420, minutesLeft: 7, percent: 0, durationSeconds: 420 });
    expect(view().reading).toBeNull();
    await advance(MINUTE);
    expect(view().progress).toMatchObject({ secondsLeft: 360, minutesLeft: 6, percent: 14 });
    expect(view().reading?.powerKw).toBeGreaterThan(6);
    expect(view().reading?.stateOfChargePercent).toBeGreaterThan(0);
    expect(view().getProgressProps()).toMatchObject({ role: "progressbar", "aria-valuenow": 14 });
    await advance(6 * MINUTE + 30_000);
    expect(view().step).toBe("awaitingLive");
    expect(view().isPendingLive).toBe(true);
    expect(view().canContinue).toBe(true);
    await advance(MINUTE);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.value).toBe("live");
    expect(testChargeFlow.result(done.output ?? null, { facts: {}, params: {} as never })).toEqual({
      status: "done",
      facts: { testCharge: { deviceId: device.deviceId, result: "PASSED", status: "LIVE", completedAt: "2026-11-21T09:37:00.000Z" } },
    });
  });

  it("backs off while the test runs: 3 s, 4.5 s, 6.75 s, 10.125 s, then every 15 s", async () => {
    const { actor, view, calls, advance } = await start();
    await at(actor, "preconditions");
    view().start(all);
    await at(actor, "running");
    const delays = [3000, 4500, 6750, 10125, 15000, 15000];
    const asked: number[] = [];
    let elapsed = 0;
    while (asked.length < delays.length) {
      const before = calls.get;
      await advance(250);
      elapsed += 250;
      if (calls.get > before) asked.push(elapsed);
    }
    const gaps = asked.map((time, index) => time - (asked[index - 1] ?? 0));
    gaps.forEach((gap, index) => expect(Math.abs(gap - delays[index]!)).toBeLessThanOrEqual(250));
    actor.stop();
  });

  it("pauses checks while the page is hidden and checks at once when it shows again; time left stays right", async () => {
    const { actor, view, calls, advance } = await start();
    await at(actor, "preconditions");
    view().start(all);
    await at(actor, "running");
    view().pageHidden();
    expect(view().isPaused).toBe(true);
    await advance(4 * MINUTE);
    expect(calls.get).toBe(0);
    view().pageVisible();
    expect(calls.get).toBe(1);
    await flush();
    expect(view().isPaused).toBe(false);
    expect(view().progress).toMatchObject({ minutesLeft: 3, secondsLeft: 180 });
    actor.stop();
  });

  it("counts time left on the platform's clock when the device's clock is off", async () => {
    let now = fixedNow().getTime();
    const api = createSandboxApi({ clock: () => new Date(now) });
    const device = await registered(api);
    // The device's clock is five minutes behind the platform's.
    const actor = createActor(bindFlow(testChargeFlow, { api, clock: () => new Date(now - 5 * MINUTE) }), { input: { device }, clock: new SimulatedClock() }).start();
    await at(actor, "preconditions");
    connectTestCharge(actor.getSnapshot(), actor.send).start(all);
    await at(actor, "running");
    now += 2 * MINUTE;
    actor.send({ type: "TC.PAGE_VISIBLE" });
    await flush();
    expect(connectTestCharge(actor.getSnapshot(), actor.send).progress).toMatchObject({ minutesLeft: 5, secondsLeft: 300 });
    actor.stop();
  });

  it("a refusal shows Kraken's reason and code, and Retry starts again once the user has put it right", async () => {
    const { api, device, actor, view } = await start();
    await at(actor, "preconditions");
    api.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge.vehicleNotReady);
    view().start(all);
    await at(actor, "refused");
    expect(view().refusal).toBe("VEHICLE_NOT_READY");
    expect(view().refusalCode).toBe("KT-CT-4379");
    expect(view().canRetry).toBe(true);
    view().retry();
    await at(actor, "running");
    expect(view().refusal).toBeNull();
    actor.stop();
  });

  it("a failure after the start shows why; Retry asks for the preconditions again with the boxes still ticked", async () => {
    const { api, device, actor, view, advance } = await start();
    await at(actor, "preconditions");
    api.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge.disconnected);
    view().start(all);
    await at(actor, "running");
    await advance(4 * MINUTE);
    expect(view().step).toBe("failed");
    expect(view().failure).toBe("disconnected");
    view().retry();
    expect(view().step).toBe("preconditions");
    expect(view().confirmed).toEqual(all);
    view().start(all);
    await at(actor, "running");
    actor.stop();
  });

  it("a device that is LIVE already ends at once, without starting a test", async () => {
    const first = await start();
    await at(first.actor, "preconditions");
    first.view().start(all);
    await at(first.actor, "running");
    await first.advance(9 * MINUTE);
    expect(first.actor.getSnapshot().value).toBe("live");

    const starts = first.calls.start;
    const again = createActor(bindFlow(testChargeFlow, { api: first.counted, clock: first.time }), { input: { device: first.device } }).start();
    const done = await waitFor(again, (s) => s.status === "done");
    expect(done.value).toBe("live");
    expect(done.output).toMatchObject({ status: "LIVE" });
    expect(first.calls.start).toBe(starts);
  });

  it("a start refused TC_DEVICE_LIVE (the device went live meanwhile) reads the status again and ends LIVE", async () => {
    const api = createSandboxApi({ clock: fixedNow });
    const device = await registered(api);
    let live = false;
    const racing: OnboardingApi = {
      ...api,
      devices: { ...api.devices, status: async (input) => ({ deviceId: input.deviceId, status: live ? "LIVE" : "ONBOARDING", checkedAt: fixedNow().toISOString() }) },
      testCharge: { ...api.testCharge, start: async (input) => ((live = true), { status: "refused", deviceId: input.deviceId, reason: "TC_DEVICE_LIVE", errorCode: null, checkedAt: fixedNow().toISOString() }) },
    };
    const actor = createActor(bindFlow(testChargeFlow, { api: racing, clock: fixedNow }), { input: { device } }).start();
    await at(actor, "preconditions");
    connectTestCharge(actor.getSnapshot(), actor.send).start(all);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.value).toBe("live");
  });

  it("Continue while PENDING_LIVE ends the flow with the device PENDING_LIVE", async () => {
    const { actor, view, advance, device } = await start();
    await at(actor, "preconditions");
    view().start(all);
    await at(actor, "running");
    // The check comes a second after the test should have ended.
    await advance(7 * MINUTE + 1000);
    expect(view().isPendingLive).toBe(true);
    view().continue();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(testChargeFlow.result(done.output ?? null, { facts: {}, params: {} as never })).toMatchObject({
      status: "done",
      facts: { testCharge: { deviceId: device.deviceId, status: "PENDING_LIVE" } },
    });
  });

  it("a status that cannot be read is an error with Retry; Exit leaves", async () => {
    const { actor, view } = await start({ failOnce: ["devices.status"] });
    await at(actor, "loadFailed");
    expect(view().error?.code).toBe("upstream");
    view().retry();
    await at(actor, "preconditions");
    view().exit();
    expect(actor.getSnapshot().status).toBe("done");
    expect(testChargeFlow.result(actor.getSnapshot().output ?? null, { facts: {}, params: {} as never })).toEqual({ status: "exited", reason: "user_closed" });
  });

  it("a start that fails is an error with Retry, which starts once more", async () => {
    const { actor, view, calls } = await start({ failOnce: ["testCharge.start"] });
    await at(actor, "preconditions");
    view().start(all);
    await at(actor, "startFailed");
    expect(view().error?.retryable).toBe(true);
    view().retry();
    await at(actor, "running");
    expect(calls.start).toBe(2);
    actor.stop();
  });

  it("a RETIRED device shows the refusal without starting anything", async () => {
    const { api, device, actor, view } = await start();
    await at(actor, "preconditions");
    api.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge.retired);
    view().start(all);
    await at(actor, "refused");
    actor.stop();
    const again = createActor(bindFlow(testChargeFlow, { api, clock: fixedNow }), { input: { device } }).start();
    await at(again, "refused");
    expect(connectTestCharge(again.getSnapshot(), again.send).refusal).toBe("TC_DEVICE_RETIRED");
  });

  it("a reload mid-test resumes the same test with the right time left; a return hours later finds it finished", async () => {
    let now = fixedNow().getTime();
    const time = () => new Date(now);
    const api = createSandboxApi({ clock: time });
    const device = await registered(api);
    const definition: JourneyDefinition = { id: "test-charge", version: 1, inputs: { device: RegisteredDeviceSchema }, source: { type: "fixed", steps: [{ flow: "testCharge" }] } };
    let starts = 0;
    const counted: OnboardingApi = { ...api, testCharge: { ...api.testCharge, start: (input, o) => ((starts += 1), api.testCharge.start(input, o)) } };
    const deps = { api: counted, clock: time };
    const first = createActor(createJourneyMachine(definition, { flows: onflexFlowRegistry, deps }), { input: { facts: { device } } }).start();
    const flowOf = (actor: typeof first) => connectJourney(actor.getSnapshot(), actor.send).current!.ref as unknown as Running;
    await waitFor(flowOf(first), (s) => s.value === "preconditions");
    flowOf(first).send({ type: "TC.START", ...all });
    await waitFor(flowOf(first), (s) => s.matches("running"));
    const saved = JSON.stringify(persistJourney(first));
    first.stop();

    now += 2 * MINUTE;
    const machine = createJourneyMachine(definition, { flows: onflexFlowRegistry, deps });
    const restored = restoreJourney(machine, saved);
    if (!restored.restored) throw new Error(restored.reason);
    const resumed = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    const flow = flowOf(resumed);
    expect(flow.getSnapshot().matches("running")).toBe(true);
    // The step sends this when it mounts on a visible page: a check at once, and the clock read.
    flow.send({ type: "TC.PAGE_VISIBLE" });
    await flush();
    expect(connectTestCharge(flow.getSnapshot(), flow.send).progress).toMatchObject({ minutesLeft: 5, secondsLeft: 300 });
    resumed.stop();

    now += 3 * 60 * MINUTE;
    const later = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    flowOf(later).send({ type: "TC.PAGE_VISIBLE" });
    await flush();
    // Passed long ago: the device is LIVE, read at once.
    await waitFor(flowOf(later), (s) => s.matches("awaitingLive"));
    flowOf(later).send({ type: "TC.PAGE_VISIBLE" });
    const done = await waitFor(later, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete", facts: { testCharge: { deviceId: device.deviceId, status: "LIVE", result: "PASSED" } } });
    expect(starts).toBe(1);
  });
});
