import { createSandboxApi, RegisteredDevice as RegisteredDeviceSchema, SANDBOX, SANDBOX_VIRTUAL_KEY } from "@onflex/core";
import type { OnboardingApi, RegisteredDevice, SandboxApi } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, SimulatedClock, waitFor } from "xstate";
import type { Actor } from "xstate";
import { bindFlow, connectJourney, connectVirtualKey, createJourneyMachine, needsVirtualKey, onflexFlowRegistry, persistJourney, restoreJourney, virtualKeyFlow } from "../src/index.js";
import type { ExternalOpenRequest, ExternalOpenResult, JourneyDefinition, VirtualKeyMachine } from "../src/index.js";

const start0 = Date.parse("2026-11-21T09:30:00.000Z");

async function registered(api: SandboxApi, pick: { make: string; model: string } = SANDBOX.devices.carPreferred.vehicle): Promise<RegisteredDevice> {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: pick.make });
  const model = models.find((item) => item.model === pick.model)!;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
}

/**
 * The flow bound to the sandbox, whose clock and the flow's timers move together (a
 * SimulatedClock), with the status checks counted and an opener that records what it opened.
 */
async function start(options: { opens?: ExternalOpenResult | undefined; pick?: { make: string; model: string }; display?: "qr" | "link" } = {}) {
  const clock = new SimulatedClock();
  clock.set(start0);
  const api = createSandboxApi({ clock: () => new Date(clock.now()) });
  const device = await registered(api, options.pick);
  const calls = { details: 0, status: 0 };
  const counted: OnboardingApi = {
    ...api,
    virtualKey: {
      details: (input, o) => ((calls.details += 1), api.virtualKey.details(input, o)),
      status: (input, o) => ((calls.status += 1), api.virtualKey.status(input, o)),
    },
  };
  const opened: ExternalOpenRequest[] = [];
  const openExternal = (request: ExternalOpenRequest) => {
    opened.push(request);
    return "opens" in options ? options.opens : { opened: true, mode: "system_browser" as const };
  };
  const actor = createActor(bindFlow(virtualKeyFlow, { api: counted, openExternal }), { input: { device, display: options.display }, clock }).start();
  const view = () => connectVirtualKey(actor.getSnapshot(), actor.send);
  /** Time passes for the flow and the sandbox alike. */
  const advance = (ms: number) => clock.increment(ms);
  return { api, device, calls, opened, clock, advance, actor, view };
}

type Running = Actor<VirtualKeyMachine>;
const at = (actor: Running, value: unknown) => waitFor(actor, (s) => s.matches(value as never));
const result = (actor: Running) => virtualKeyFlow.result(actor.getSnapshot().output ?? null, { facts: {}, params: {} });

describe("virtualKey flow", () => {
  it("loads the key, offers it, and learns in the background that the user added it", async () => {
    const { api, device, actor, view, advance, calls } = await start();
    expect(view().isLoading).toBe(true);
    await at(actor, "waiting");
    expect(view()).toMatchObject({ keyName: SANDBOX_VIRTUAL_KEY.name, keyUrl: SANDBOX_VIRTUAL_KEY.uri, display: "auto", canCheck: true, canOpen: true, notice: null, deviceLabel: "Tesla Model 3" });
    expect(view().getKeyLinkProps()).toMatchObject({ href: SANDBOX_VIRTUAL_KEY.uri, target: "_blank", rel: "noopener noreferrer" });
    advance(2000);
    await waitFor(actor, () => calls.status === 1);
    await at(actor, { waiting: "resting" });
    // The owner adds the key in the Tesla app a little later.
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.added, { afterMs: 1000 });
    advance(3000);
    await at(actor, "paired");
    expect(view().isPaired).toBe(true);
    expect(result(actor)).toEqual({ status: "done", facts: { virtualKey: { deviceId: device.deviceId, virtualKeyName: SANDBOX_VIRTUAL_KEY.name, pairedAt: "2026-11-21T09:30:03.000Z" } } });
  });

  it("backs off while waiting (2 s, 3 s, 4.5 s … at most 15 s) and pauses while the page is hidden, checking at once when it is shown", async () => {
    const { actor, view, advance, calls } = await start();
    await at(actor, "waiting");
    const delays = [2000, 3000, 4500, 6750, 10125, 15000, 15000];
    for (const [index, delay] of delays.entries()) {
      advance(delay - 1);
      await Promise.resolve();
      expect(calls.status).toBe(index);
      advance(1);
      await waitFor(actor, () => calls.status === index + 1);
      await at(actor, { waiting: "resting" });
    }
    view().pageHidden();
    expect(view().isPaused).toBe(true);
    advance(60_000);
    await Promise.resolve();
    expect(calls.status).toBe(delays.length);
    view().pageVisible();
    await waitFor(actor, () => calls.status === delays.length + 1);
  });

  it("\"I've added the key\" when it is not there yet: guidance beside the key, and checking again finds it", async () => {
    const { api, device, actor, view } = await start();
    await at(actor, "waiting");
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.notAdded);
    view().check();
    expect(view()).toMatchObject({ step: "confirming", isLoading: true, canCheck: false });
    await at(actor, { waiting: "resting" });
    expect(view()).toMatchObject({ notice: "not_paired", canCheck: true, keyUrl: SANDBOX_VIRTUAL_KEY.uri });
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.added);
    view().check();
    await at(actor, "paired");
  });

  it("a car that is asleep: its own guidance, and a check once it wakes finds the key", async () => {
    const { api, device, actor, view } = await start();
    await at(actor, "waiting");
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.added);
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.vehicleOffline);
    view().check();
    await at(actor, { waiting: "resting" });
    expect(view().notice).toBe("vehicle_offline");
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.vehicleOnline);
    view().check();
    await at(actor, "paired");
  });

  it("the provider failing: loading and checking each fail with Retry and a way out; background checks ride it out", async () => {
    const { api, device, actor, view, advance, calls } = await start();
    await at(actor, "waiting");
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.providerFailing);
    advance(2000);
    await waitFor(actor, () => calls.status === 1);
    await at(actor, { waiting: "resting" });
    expect(view().error).toBeNull();
    view().check();
    await at(actor, "checkFailed");
    expect(view()).toMatchObject({ error: { code: "upstream", retryable: true }, canRetry: true, canExit: true });
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.providerRecovered);
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.added);
    view().retry();
    await at(actor, "paired");
  });

  it("a details call that fails shows loadFailed; Retry loads again; Exit leaves with user_closed", async () => {
    const clock = new SimulatedClock();
    const api = createSandboxApi({ clock: () => new Date(start0), failOnce: ["virtualKey.details"] });
    const device = await registered(api);
    const actor = createActor(bindFlow(virtualKeyFlow, { api }), { input: { device }, clock }).start();
    const view = () => connectVirtualKey(actor.getSnapshot(), actor.send);
    await at(actor, "loadFailed");
    expect(view()).toMatchObject({ error: { code: "upstream" }, canRetry: true, canExit: true, keyUrl: null });
    view().retry();
    await at(actor, "waiting");
    view().exit();
    expect(actor.getSnapshot().status).toBe("done");
    expect(result(actor)).toEqual({ status: "exited", reason: "user_closed" });
  });

  it("opens the link through the host inside the click (a phone, a WebView), and says so when the host could not", async () => {
    const ok = await start({ display: "link" });
    await at(ok.actor, "waiting");
    expect(ok.view().display).toBe("link");
    ok.view().open();
    expect(ok.opened).toEqual([{ url: SANDBOX_VIRTUAL_KEY.uri, purpose: "virtual_key" }]);
    expect(ok.view().openBlocked).toBe(false);
    const blocked = await start({ opens: { opened: false, mode: "popup" } });
    await at(blocked.actor, "waiting");
    blocked.view().open();
    expect(blocked.view().openBlocked).toBe(true);
    // A host opener that returns nothing (a redirect never returns) counts as opened.
    const silent = await start({ opens: undefined });
    await at(silent.actor, "waiting");
    silent.view().open();
    expect(silent.view().openBlocked).toBe(false);
  });

  it("a host's resume (back from the Tesla app) checks at once, even while paused", async () => {
    const { api, device, actor, view } = await start();
    await at(actor, "waiting");
    view().pageHidden();
    api.simulation.simulateVirtualKey(device.deviceId, SANDBOX.virtualKey.added);
    actor.send({ type: "FLOW.RESUME", purpose: "virtual_key" });
    await at(actor, "paired");
  });

  it("a device that needs no key ends at once as a failed result naming the mistake, without asking the server", async () => {
    const { actor, calls } = await start({ pick: { make: "Kia", model: "EV6" } });
    await at(actor, "notNeeded");
    expect(calls.details).toBe(0);
    expect(result(actor)).toMatchObject({ status: "failed", error: { code: "conflict", details: { provider: "ENODE" } } });
  });

  it("needsVirtualKey: only for a Tesla", () => {
    const device = (provider: RegisteredDevice["provider"]) => ({ device: { ...({} as RegisteredDevice), provider } });
    expect(needsVirtualKey(device("TESLA"))).toBe(true);
    expect(needsVirtualKey(device("ENODE"))).toBe(false);
    expect(needsVirtualKey({})).toBe(false);
  });

  it("in a journey: the step runs only for a Tesla, and a reload mid-way resumes waiting and finishes", async () => {
    const api = createSandboxApi({ clock: () => new Date(start0) });
    const definition: JourneyDefinition = {
      id: "virtual-key",
      version: 1,
      inputs: { device: RegisteredDeviceSchema },
      source: { type: "fixed", steps: [{ flow: "virtualKey", when: needsVirtualKey }] },
    };
    const deps = { api, openExternal: () => ({ opened: true, mode: "system_browser" as const }) };
    const kia = await registered(api, { make: "Kia", model: "EV6" });
    const skipped = createActor(createJourneyMachine(definition, { flows: onflexFlowRegistry, deps }), { input: { facts: { device: kia } } }).start();
    expect((await waitFor(skipped, (s) => s.status === "done")).output).toMatchObject({ status: "complete" });
    expect(skipped.getSnapshot().output).not.toHaveProperty("facts.virtualKey");

    const tesla = await registered(api);
    const first = createActor(createJourneyMachine(definition, { flows: onflexFlowRegistry, deps }), { input: { facts: { device: tesla } } }).start();
    const flowOf = (actor: typeof first) => connectJourney(actor.getSnapshot(), actor.send).current!.ref;
    await waitFor(flowOf(first), (s) => s.matches("waiting"));
    const saved = JSON.stringify(persistJourney(first));
    first.stop();

    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.added);
    const machine = createJourneyMachine(definition, { flows: onflexFlowRegistry, deps });
    const restored = restoreJourney(machine, saved);
    if (!restored.restored) throw new Error(restored.reason);
    const resumed = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    expect(flowOf(resumed).getSnapshot().matches("waiting")).toBe(true);
    resumed.send({ type: "JOURNEY.RESUME", purpose: "virtual_key" });
    const done = await waitFor(resumed, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete", facts: { virtualKey: { deviceId: tesla.deviceId, virtualKeyName: SANDBOX_VIRTUAL_KEY.name, pairedAt: "2026-11-21T09:30:00.000Z" } } });
  });
});
