import { createSandboxApi, RegisteredDevice as RegisteredDeviceFact, SANDBOX } from "@onflex/core";
import type { OnboardingApi, RegisteredDevice, SandboxApi } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import type { Actor, AnyActorRef } from "xstate";
import {
  bindFlow,
  connectJourney,
  connectTariffSwitch,
  createFlowRegistry,
  createJourneyMachine,
  defineJourney,
  JourneyDefinitionError,
  onflexFlowRegistry,
  onflexFlows,
  persistJourney,
  requiresTariffSwitch,
  restoreJourney,
  TariffRequirementFact,
  tariffSwitchActors,
  tariffSwitchFlow,
  tariffSwitchPending,
} from "../src/index.js";
import type { JourneyDefinition, JourneyMachine, TariffSwitchMachine } from "../src/index.js";
import { fixedNow } from "./fakes.js";

async function registered(api: SandboxApi): Promise<RegisteredDevice> {
  const { vehicle } = SANDBOX.devices.carPreferred;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: vehicle.make, model: vehicle.model, provider: "TESLA" });
}

/** The wait between status checks, held until the test lets it pass: what the flow asked for, and a way to end each wait. */
function heldWaits() {
  const asked: number[] = [];
  const ends: (() => void)[] = [];
  const actor = fromPromise<void, { ms: number }>(({ input }) => {
    asked.push(input.ms);
    return new Promise<void>((resolve) => ends.push(resolve));
  });
  return { asked, actor, pass: () => ends.shift()?.() };
}

function flowActor(api: OnboardingApi, device: RegisteredDevice, mode: "offer" | "wait", tariffCode: string | null = null, wait = heldWaits()) {
  const machine = bindFlow(tariffSwitchFlow, { api }).provide({ actors: { waitBeforeCheck: wait.actor } });
  const actor = createActor(machine, { input: { mode, device, tariffCode } }).start();
  return { actor, wait, view: () => connectTariffSwitch(actor.getSnapshot(), actor.send) };
}

const at = (actor: Actor<TariffSwitchMachine>, value: string) => waitFor(actor, (s) => s.matches(value as never));

describe("tariffSwitch flow on the sandbox", () => {
  it("offers the tariff, accepts it before the test charge (PENDING_TEST_CHARGE), and gives it at once", async () => {
    const api = createSandboxApi({ clock: fixedNow });
    const device = await registered(api);
    const { actor, view } = flowActor(api, device, "offer");
    expect(view().isLoading).toBe(true);
    await at(actor, "offer");
    expect(view().tariff?.code).toBe(SANDBOX.tariffs.evOvernight);
    expect(view().waitsForTestCharge).toBe(true);
    view().accept();
    expect(view().isAccepting).toBe(true);
    await at(actor, "accepted");
    expect(view()).toMatchObject({ status: "PENDING_TEST_CHARGE", waitsForTestCharge: true, canContinue: true });
    view().continue();
    expect(actor.getSnapshot().output).toMatchObject({ outcome: "accepted", tariffSwitch: { status: "PENDING_TEST_CHARGE" } });
    const result = tariffSwitchFlow.result(actor.getSnapshot().output!, { facts: {}, params: {} });
    expect(result).toMatchObject({ status: "done", facts: { tariffSwitch: { status: "PENDING_TEST_CHARGE", deviceId: device.deviceId } } });
  });

  it("a named fixed tariff for a LIVE device is SCHEDULED with its date; coming back shows the switch, not a new offer", async () => {
    const api = createSandboxApi({ clock: fixedNow });
    const device = await registered(api);
    api.simulation.setDeviceStatus(device.deviceId, "LIVE");
    const first = flowActor(api, device, "offer", SANDBOX.tariffs.fixedWithExitFees);
    await at(first.actor, "offer");
    expect(first.view().tariff?.exitFees).toEqual([{ fuel: "ELECTRICITY", amount: "7500" }]);
    first.view().accept();
    await at(first.actor, "accepted");
    expect(first.view()).toMatchObject({ status: "SCHEDULED", effectiveDate: "2026-11-22", waitsForTestCharge: false });
    const again = flowActor(api, device, "offer", SANDBOX.tariffs.fixedWithExitFees);
    await at(again.actor, "accepted");
    expect(api.simulation.tariffSwitches()).toHaveLength(1);
  });

  it("declining asks first; Keep goes back to the offer; confirming ends it declined, and the journey result is exited 'declined'", async () => {
    const api = createSandboxApi({ clock: fixedNow });
    const device = await registered(api);
    const { actor, view } = flowActor(api, device, "offer");
    await at(actor, "offer");
    view().decline();
    expect(view().step).toBe("confirmingDecline");
    view().keep();
    expect(view().step).toBe("offer");
    view().decline();
    view().confirmDecline();
    await waitFor(actor, (s) => s.status === "done");
    expect(actor.getSnapshot().value).toBe("declined");
    expect(tariffSwitchFlow.result(actor.getSnapshot().output!, { facts: {}, params: {} })).toEqual({ status: "exited", reason: "declined" });
    expect(api.simulation.tariffSwitches().map((item) => item.status)).toEqual(["DECLINED"]);
  });

  it("an expired offer says so and Retry fetches a new one that can be accepted; a failing load offers Retry too", async () => {
    const api = createSandboxApi({ clock: fixedNow, failOnce: ["tariffs.offer"] });
    const device = await registered(api);
    const { actor, view } = flowActor(api, device, "offer", SANDBOX.tariffs.expiresOnce);
    await at(actor, "loadFailed");
    expect(view().error).toMatchObject({ code: "upstream", retryable: true });
    view().retry();
    await at(actor, "offer");
    view().accept();
    await at(actor, "offerExpired");
    expect(view().error).toMatchObject({ code: "conflict", details: { reason: "offer_expired" } });
    view().retry();
    await at(actor, "offer");
    view().accept();
    await at(actor, "accepted");
  });

  it("waits: checks with a growing backoff (2 s, 3 s, … at most 15 s), pauses while the page is hidden, and finishes once the test charge passes", async () => {
    const api = createSandboxApi({ clock: fixedNow });
    const device = await registered(api);
    const offer = await api.tariffs.offer({ deviceId: device.deviceId });
    await api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId });
    let checks = 0;
    const counted: OnboardingApi = { ...api, tariffs: { ...api.tariffs, switchStatus: (input, o) => ((checks += 1), api.tariffs.switchStatus(input, o)) } };
    const { actor, wait, view } = flowActor(counted, device, "wait");
    await at(actor, "waiting");
    expect(view()).toMatchObject({ isWaiting: true, status: "PENDING_TEST_CHARGE", canExit: true });
    for (let round = 0; round < 7; round += 1) {
      await waitFor(actor, () => wait.asked.length === round + 1);
      wait.pass();
      await waitFor(actor, () => checks === round + 2);
    }
    expect(wait.asked.slice(0, 7)).toEqual([2000, 3000, 4500, 6750, 10125, 15000, 15000]);
    await at(actor, { waiting: "resting" } as never);
    view().pageHidden();
    expect(view().isPaused).toBe(true);
    const before = checks;
    wait.pass();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(checks).toBe(before);
    api.simulation.setDeviceStatus(device.deviceId, "PENDING_LIVE");
    view().pageVisible();
    await at(actor, "switched");
    expect(view()).toMatchObject({ status: "COMPLETE", effectiveDate: "2026-11-21" });
    view().continue();
    expect(actor.getSnapshot().output).toMatchObject({ outcome: "accepted", tariffSwitch: { status: "COMPLETE" } });
  });

  it("waiting with no switch at all is an error with Retry and a way out, never an offer", async () => {
    const api = createSandboxApi({ clock: fixedNow });
    const device = await registered(api);
    const { actor, view } = flowActor(api, device, "wait");
    await at(actor, "checkFailed");
    expect(view()).toMatchObject({ canRetry: true, canExit: true, error: { code: "not_found" } });
    view().exit();
    expect(actor.getSnapshot().output).toBeNull();
  });
});

describe("tariffSwitch in a journey", () => {
  // The test charge is another flow; here the journey's host moves the device on, as it would.
  const definition: JourneyDefinition = {
    id: "tariff-test",
    version: 1,
    inputs: { device: RegisteredDeviceFact, tariffRequirement: TariffRequirementFact },
    source: {
      type: "fixed",
      steps: [
        { flow: "tariffSwitch", when: requiresTariffSwitch },
        { id: "tariffSwitchLive", flow: "tariffSwitch", params: { waitForSwitch: true }, when: tariffSwitchPending },
      ],
    },
  };
  const fastWaits = createFlowRegistry(onflexFlows, [
    {
      ...tariffSwitchFlow,
      implement: (deps) => ({ actors: { ...tariffSwitchActors(deps.api), waitBeforeCheck: fromPromise(() => new Promise<void>((resolve) => setTimeout(resolve, 5))) } }),
    },
  ]);

  async function start(required: boolean) {
    const api = createSandboxApi({ clock: fixedNow });
    const device = await registered(api);
    const machine = createJourneyMachine(definition, { flows: fastWaits, deps: { api, clock: fixedNow } });
    const actor = createActor(machine, { input: { facts: { device, tariffRequirement: { required } } } }).start();
    return { api, device, actor, view: () => connectJourney(actor.getSnapshot(), actor.send) };
  }

  async function onStep(actor: Actor<JourneyMachine>, stepId: string): Promise<AnyActorRef> {
    await waitFor(actor, (snapshot) => connectJourney(snapshot, actor.send).stepId === stepId);
    return connectJourney(actor.getSnapshot(), actor.send).current!.ref;
  }

  it("the engine takes the same flow twice under distinct step ids, and refuses two steps with one id", () => {
    expect(defineJourney(definition, onflexFlowRegistry)).toBe(definition);
    const twice: JourneyDefinition = { ...definition, source: { type: "fixed", steps: [{ flow: "tariffSwitch" }, { flow: "tariffSwitch", params: { waitForSwitch: true } }] } };
    expect(() => defineJourney(twice, onflexFlowRegistry)).toThrow(JourneyDefinitionError);
    const badParams: JourneyDefinition = { ...definition, source: { type: "fixed", steps: [{ flow: "tariffSwitch", params: { waitForSwitch: "yes" } }] } };
    expect(() => defineJourney(badParams, onflexFlowRegistry)).toThrow(/invalid parameters/);
  });

  it("skips both steps when the proposition requires no switch", async () => {
    const { actor, view, api } = await start(false);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete", steps: [] });
    expect(view().steps.map((step) => step.status)).toEqual(["skipped", "skipped"]);
    expect(api.simulation.tariffSwitches()).toEqual([]);
  });

  it("runs the offer where a switch is required, shows the pending switch after it, and completes when the test charge passes", async () => {
    const { actor, api, device } = await start(true);
    const offer = await onStep(actor, "tariffSwitch");
    await waitFor(offer, (s) => s.matches("offer"));
    offer.send({ type: "TARIFF.ACCEPT" });
    await waitFor(offer, (s) => s.matches("accepted"));
    offer.send({ type: "TARIFF.CONTINUE" });
    const live = await onStep(actor, "tariffSwitchLive");
    await waitFor(live, (s) => s.matches("waiting"));
    api.simulation.setDeviceStatus(device.deviceId, "LIVE");
    await waitFor(live, (s) => s.matches("switched"));
    live.send({ type: "TARIFF.CONTINUE" });
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete", steps: ["tariffSwitch", "tariffSwitchLive"], facts: { tariffSwitch: { status: "COMPLETE", deviceId: device.deviceId } } });
  });

  it("skips the wait when the switch went ahead at once (device already live), and exits 'declined' when the user declines", async () => {
    const live = await start(true);
    live.api.simulation.setDeviceStatus(live.device.deviceId, "LIVE");
    const offer = await onStep(live.actor, "tariffSwitch");
    await waitFor(offer, (s) => s.matches("offer"));
    offer.send({ type: "TARIFF.ACCEPT" });
    await waitFor(offer, (s) => s.matches("switched"));
    offer.send({ type: "TARIFF.CONTINUE" });
    expect((await waitFor(live.actor, (s) => s.status === "done")).output).toMatchObject({ status: "complete", steps: ["tariffSwitch"] });

    const declining = await start(true);
    const again = await onStep(declining.actor, "tariffSwitch");
    await waitFor(again, (s) => s.matches("offer"));
    again.send({ type: "TARIFF.DECLINE" });
    again.send({ type: "TARIFF.CONFIRM_DECLINE" });
    const exited = await waitFor(declining.actor, (s) => s.status === "done");
    expect(exited.output).toMatchObject({ status: "exited", reason: "declined", stepId: "tariffSwitch", flow: "tariffSwitch" });
  });

  it("a journey saved while the switch is pending resumes waiting after a reload, and completes when the test has passed", async () => {
    const { actor, api, device } = await start(true);
    const offer = await onStep(actor, "tariffSwitch");
    await waitFor(offer, (s) => s.matches("offer"));
    offer.send({ type: "TARIFF.ACCEPT" });
    await waitFor(offer, (s) => s.matches("accepted"));
    offer.send({ type: "TARIFF.CONTINUE" });
    const live = await onStep(actor, "tariffSwitchLive");
    await waitFor(live, (s) => s.matches("waiting"));
    const saved = JSON.stringify(persistJourney(actor));
    actor.stop();
    api.simulation.setDeviceStatus(device.deviceId, "LIVE");
    const machine = createJourneyMachine(definition, { flows: fastWaits, deps: { api, clock: fixedNow } });
    const restored = restoreJourney(machine, saved);
    if (!restored.restored) throw new Error(restored.reason);
    const resumed = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    const again = connectJourney(resumed.getSnapshot(), resumed.send).current!.ref;
    await waitFor(again, (s) => s.matches("switched"));
    again.send({ type: "TARIFF.CONTINUE" });
    const done = await waitFor(resumed, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete", facts: { tariffSwitch: { status: "COMPLETE" } } });
  });
});
