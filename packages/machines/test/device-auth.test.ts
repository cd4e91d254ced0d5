import { createSandboxApi, RegisteredDevice as RegisteredDeviceSchema, SANDBOX } from "@onflex/core";
import type { OnboardingApi, RegisteredDevice, SandboxApi } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, SimulatedClock, waitFor } from "xstate";
import type { Actor } from "xstate";
import { bindFlow, connectDeviceAuth, connectJourney, createJourneyMachine, deviceAuthFlow, GUIDED_PATIENCE_MS, onflexFlowRegistry, persistJourney, presets, restoreJourney } from "../src/index.js";
import type { DeviceAuthMachine, ExternalOpenRequest, ExternalOpenResult, JourneyDefinition } from "../src/index.js";
import { fixedNow } from "./fakes.js";

async function registered(api: SandboxApi, pick: { make: string; model: string } = SANDBOX.devices.carPreferred.vehicle): Promise<RegisteredDevice> {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: pick.make });
  const model = models.find((item) => item.model === pick.model)!;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
}

/** The sandbox with the deviceAuth calls counted, and an opener that records what it opened. */
async function start(options: { opens?: ExternalOpenResult; pick?: { make: string; model: string } } = {}) {
  const api = createSandboxApi({ clock: fixedNow });
  const device = await registered(api, options.pick);
  const calls = { start: 0, complete: 0, status: 0, guide: 0, submitCode: 0, guidedStatus: 0 };
  const counted: OnboardingApi = {
    ...api,
    deviceAuth: {
      start: (input, o) => ((calls.start += 1), api.deviceAuth.start(input, o)),
      complete: (input, o) => ((calls.complete += 1), api.deviceAuth.complete(input, o)),
      status: (input, o) => ((calls.status += 1), api.deviceAuth.status(input, o)),
      guide: (input, o) => ((calls.guide += 1), api.deviceAuth.guide(input, o)),
      submitCode: (input, o) => ((calls.submitCode += 1), api.deviceAuth.submitCode(input, o)),
      guidedStatus: (input, o) => ((calls.guidedStatus += 1), api.deviceAuth.guidedStatus(input, o)),
    },
  };
  const opened: ExternalOpenRequest[] = [];
  const openExternal = (request: ExternalOpenRequest) => {
    opened.push(request);
    return options.opens ?? { opened: true, mode: "popup" as const };
  };
  const clock = new SimulatedClock();
  const actor = createActor(bindFlow(deviceAuthFlow, { api: counted, openExternal }), { input: { device }, clock }).start();
  const view = () => connectDeviceAuth(actor.getSnapshot(), actor.send);
  return { api, device, calls, opened, clock, actor, view };
}

type Running = Actor<DeviceAuthMachine>;
const at = (actor: Running, value: string) => waitFor(actor, (s) => s.matches(value as never));
const stateOf = (actor: Running) => actor.getSnapshot().context.signIn!.state;

describe("deviceAuth flow", () => {
  it("fetches the sign-in first, opens it inside the click, and learns the approval from the server while waiting", async () => {
    const { api, device, opened, clock, actor, view, calls } = await start();
    expect(view().isLoading).toBe(true);
    await at(actor, "ready");
    expect(view().canOpen).toBe(true);
    expect(view().deviceLabel).toBe("Tesla Model 3");
    view().open();
    // Synchronously, in the same call: a popup opened here is allowed by the browser.
    expect(opened).toEqual([{ url: view().signInUrl, purpose: "device_auth" }]);
    expect(view().step).toBe("waiting");
    expect(view().canCancel).toBe(true);
    clock.increment(2000);
    await at(actor, { waiting: "resting" } as never);
    expect(calls.status).toBe(1);
    await api.simulation.simulateSignIn(stateOf(actor), SANDBOX.deviceAuth.approve);
    clock.increment(3000);
    await at(actor, "authorised");
    expect(calls.complete).toBe(0);
    const result = deviceAuthFlow.result(actor.getSnapshot().output ?? null, { facts: {}, params: {} as never });
    expect(result).toEqual({
      status: "done",
      facts: { authorisation: { deviceId: device.deviceId, provider: "TESLA", authState: "AUTHENTICATION_COMPLETE", authorisedAt: fixedNow().toISOString() } },
    });
  });

  it("backs off while waiting: 2 s, then 3 s, 4.5 s …, at most 15 s between checks", async () => {
    const { clock, actor, view, calls } = await start();
    await at(actor, "ready");
    view().open();
    const delays = [2000, 3000, 4500, 6750, 10125, 15000, 15000];
    for (const [index, delay] of delays.entries()) {
      clock.increment(delay - 1);
      await Promise.resolve();
      expect(calls.status).toBe(index);
      clock.increment(1);
      await waitFor(actor, () => calls.status === index + 1);
      await at(actor, { waiting: "resting" } as never);
    }
  });

  it("checks pause while the page is hidden and run at once when it is shown again", async () => {
    const { clock, actor, view, calls } = await start();
    await at(actor, "ready");
    view().open();
    view().pageHidden();
    expect(view().isPaused).toBe(true);
    clock.increment(60_000);
    await Promise.resolve();
    expect(calls.status).toBe(0);
    view().pageVisible();
    await waitFor(actor, () => calls.status === 1);
    expect(view().isPaused).toBe(false);
  });

  it("a blocked popup shows the sign-in link; following it waits; the return URL completes once, a second return is ignored", async () => {
    const { api, actor, view, calls } = await start({ opens: { opened: false, mode: "popup" } });
    await at(actor, "ready");
    view().open();
    expect(view().step).toBe("popupBlocked");
    const link = view().getSignInLinkProps();
    expect(link).toMatchObject({ href: view().signInUrl, target: "_blank", rel: "noopener noreferrer" });
    link.onClick();
    expect(view().step).toBe("waiting");
    const { continuationUri } = await api.simulation.simulateSignIn(stateOf(actor), SANDBOX.deviceAuth.approve, { callback: false });
    view().returned(continuationUri!);
    actor.send({ type: "FLOW.RESUME", url: continuationUri!, purpose: "device_auth" });
    view().returned(continuationUri!);
    await at(actor, "authorised");
    expect(calls.complete).toBe(1);
  });

  it("back from a redirect or the system browser: FLOW.RESUME with the URL completes the sign-in", async () => {
    const { api, actor, view } = await start({ opens: { opened: true, mode: "system_browser" } });
    await at(actor, "ready");
    view().open();
    const { continuationUri } = await api.simulation.simulateSignIn(stateOf(actor), SANDBOX.deviceAuth.approve, { callback: false });
    actor.send({ type: "FLOW.RESUME" });
    actor.send({ type: "FLOW.RESUME", url: 42 as never });
    expect(view().step).toBe("waiting");
    actor.send({ type: "FLOW.RESUME", url: continuationUri!, purpose: "device_auth" });
    await at(actor, "authorised");
  });

  it.each([
    [SANDBOX.deviceAuth.deny, "denied", "access_denied"],
    [SANDBOX.deviceAuth.stateMismatch, "stateMismatch", "state_mismatch"],
    [SANDBOX.deviceAuth.codeReused, "codeExpired", "code_reused_or_expired"],
    [SANDBOX.deviceAuth.providerFailing, "providerUnavailable", "provider_unavailable"],
  ] as const)("%s ends in %s with its reason; Retry starts a new sign-in that can succeed", async (outcome, step, reason) => {
    const { api, actor, view } = await start();
    await at(actor, "ready");
    view().open();
    const first = stateOf(actor);
    const { continuationUri } = await api.simulation.simulateSignIn(first, outcome, { callback: false });
    view().returned(continuationUri!);
    await at(actor, step);
    expect(view()).toMatchObject({ step, outcome: reason, canRetry: true, canExit: true, isLoading: false });
    view().retry();
    await at(actor, "ready");
    expect(stateOf(actor)).not.toBe(first);
    expect(view().outcome).toBeNull();
    view().open();
    const again = await api.simulation.simulateSignIn(stateOf(actor), SANDBOX.deviceAuth.approve, { callback: false });
    view().returned(again.continuationUri!);
    await at(actor, "authorised");
  });

  it("the user cancels while waiting (closed the sign-in): its own state, with Retry and a way out", async () => {
    const { actor, view } = await start();
    await at(actor, "ready");
    view().open();
    view().cancel();
    expect(view()).toMatchObject({ step: "cancelled", outcome: "cancelled", canRetry: true, canExit: true });
    view().exit();
    expect(actor.getSnapshot().status).toBe("done");
    expect(deviceAuthFlow.result(actor.getSnapshot().output ?? null, { facts: {}, params: {} as never })).toEqual({ status: "exited", reason: "user_closed" });
  });

  it("a garbled continuation URL is a validation error from the server; the flow offers Retry and stays usable", async () => {
    const { api, actor, view } = await start();
    await at(actor, "ready");
    view().open();
    view().returned("not a url %%");
    await at(actor, "completeFailed");
    expect(view().error).toMatchObject({ code: "validation" });
    view().retry();
    await at(actor, "ready");
    view().open();
    const { continuationUri } = await api.simulation.simulateSignIn(stateOf(actor), SANDBOX.deviceAuth.approve, { callback: false });
    view().returned(continuationUri!);
    await at(actor, "authorised");
  });

  it("guided (JEDLIX, no OAuth): without asking for a sign-in, loads the ways, and the maker's app opens inside the click; the flow waits and learns the approval", async () => {
    const { api, device, actor, view, calls, opened, clock } = await start({ pick: SANDBOX.devices.noOAuth.vehicle });
    await at(actor, "choosing");
    expect(calls.start).toBe(0);
    expect(view().guided).toMatchObject({ isGuided: true, ways: ["app", "code"], appName: "Jedlix (simulated)", canChoose: true });
    view().guided.choose("app");
    expect(view().step).toBe("appSteps");
    expect(view().guided.steps).toEqual(["install_app", "sign_in", "add_device", "allow_access"]);
    view().guided.openApp();
    // Synchronously, in the same call: a WebView or phone opens the app from the user's own tap.
    expect(opened).toEqual([{ url: view().guided.appUri, purpose: "device_auth_app" }]);
    expect(view()).toMatchObject({ step: "guidedWaiting", isWaiting: true });
    clock.increment(2000);
    await waitFor(actor, () => calls.guidedStatus === 1);
    api.simulation.simulateGuidedAuth(device.deviceId, SANDBOX.guidedAuth.app.approve);
    view().guided.checkNow();
    await at(actor, "authorised");
    expect(calls.guidedStatus).toBe(2);
    // The same facts as the OAuth path.
    expect(deviceAuthFlow.result(actor.getSnapshot().output ?? null, { facts: {}, params: {} as never })).toEqual({
      status: "done",
      facts: { authorisation: { deviceId: device.deviceId, provider: "JEDLIX", authState: "AUTHENTICATION_COMPLETE", authorisedAt: fixedNow().toISOString() } },
    });
  });

  it("guided pairing code: a code not in the format is never sent; a wrong code and an expired one each have their own state; a good one authorises", async () => {
    const { actor, view, calls } = await start({ pick: SANDBOX.devices.noOAuth.vehicle });
    await at(actor, "choosing");
    view().guided.choose("code");
    expect(view().step).toBe("codeEntry");
    for (const bad of ["", "JDLO-7K4P", "12", "x".repeat(200)]) view().guided.submitCode(bad);
    expect([view().step, calls.submitCode]).toEqual(["codeEntry", 0]);
    view().guided.submitCode("wrng 2222");
    await at(actor, "codeWrong");
    expect(view()).toMatchObject({ outcome: "code_wrong", guided: { code: SANDBOX.guidedAuth.codes.wrong, canEditCode: true } });
    view().guided.editCode();
    view().guided.submitCode(SANDBOX.guidedAuth.codes.expired);
    await at(actor, "pairingCodeExpired");
    expect(view().outcome).toBe("code_expired");
    view().guided.editCode();
    view().guided.submitCode("jdlx7k4p");
    await at(actor, "authorised");
    expect(calls.submitCode).toBe(3);
  });

  it("guided: the maker reports AUTHENTICATION_FAILED while waiting; Try again starts a new attempt that can succeed", async () => {
    const { api, device, actor, view, clock } = await start({ pick: SANDBOX.devices.noOAuth.vehicle });
    await at(actor, "choosing");
    view().guided.choose("code");
    view().guided.submitCode(SANDBOX.guidedAuth.codes.makerFailing);
    await at(actor, "guidedWaiting");
    clock.increment(2000);
    await at(actor, "makerFailed");
    expect(view()).toMatchObject({ outcome: "maker_failed", canRetry: true, canExit: true });
    view().retry();
    await at(actor, "choosing");
    view().guided.choose("app");
    view().guided.appDone();
    api.simulation.simulateGuidedAuth(device.deviceId, SANDBOX.guidedAuth.app.approve);
    view().guided.checkNow();
    await at(actor, "authorised");
  });

  it("guided: taking too long says so (keep waiting or leave); checks pause while the page is hidden; choosing another way is always open", async () => {
    const { actor, view, clock, calls } = await start({ pick: SANDBOX.devices.noOAuth.vehicle });
    await at(actor, "choosing");
    view().guided.choose("app");
    view().guided.appDone();
    view().pageHidden();
    clock.increment(60_000);
    await Promise.resolve();
    expect([view().isPaused, calls.guidedStatus]).toEqual([true, 0]);
    view().pageVisible();
    await waitFor(actor, () => calls.guidedStatus === 1);
    clock.increment(GUIDED_PATIENCE_MS);
    await at(actor, "stillWaiting");
    expect(view().guided).toMatchObject({ isStillWaiting: true, canCheckNow: true, canChooseAgain: true });
    view().guided.keepWaiting();
    expect(view().step).toBe("guidedWaiting");
    view().guided.chooseAgain();
    expect(view().step).toBe("choosing");
    view().exit();
    expect(actor.getSnapshot().status).toBe("done");
    expect(deviceAuthFlow.result(actor.getSnapshot().output ?? null, { facts: {}, params: {} as never })).toEqual({ status: "exited", reason: "user_closed" });
  });

  it("guided: a failing guide or code request offers Retry and keeps the code", async () => {
    const api = createSandboxApi({ clock: fixedNow, failOnce: ["deviceAuth.guide", "deviceAuth.submitCode"] });
    const device = await registered(api, SANDBOX.devices.noOAuth.vehicle);
    const actor = createActor(bindFlow(deviceAuthFlow, { api }), { input: { device } }).start();
    const view = () => connectDeviceAuth(actor.getSnapshot(), actor.send);
    await at(actor, "guideFailed");
    expect(view().error).toMatchObject({ code: "upstream" });
    view().retry();
    await at(actor, "choosing");
    view().guided.choose("code");
    view().guided.submitCode("ABCD-2345");
    await at(actor, "submitFailed");
    expect(view().guided.code).toBe("ABCD-2345");
    view().retry();
    await at(actor, "authorised");
  });

  it("a failing start offers Retry; opening twice (a double click, StrictMode) opens one sign-in", async () => {
    const api = createSandboxApi({ clock: fixedNow, failOnce: ["deviceAuth.start"] });
    const device = await registered(api);
    const opened: unknown[] = [];
    const actor = createActor(bindFlow(deviceAuthFlow, { api, openExternal: (r) => (opened.push(r), { opened: true, mode: "popup" }) }), { input: { device } }).start();
    const view = () => connectDeviceAuth(actor.getSnapshot(), actor.send);
    await at(actor, "startFailed");
    expect(view().error).toMatchObject({ code: "upstream" });
    view().retry();
    await at(actor, "ready");
    view().open();
    view().open();
    expect(opened).toHaveLength(1);
    actor.stop();
  });

  it("krakenSmartFlex signs in at the maker after device selection (and the tariff), before the virtual key and the test charge; the definition is valid", () => {
    const steps = presets.krakenSmartFlex.source.type === "fixed" ? presets.krakenSmartFlex.source.steps.map((step) => step.flow) : [];
    expect(steps).toEqual(["address", "deviceSelection", "tariffSwitch", "deviceAuth", "virtualKey", "testCharge", "tariffSwitch"]);
    expect(() => createJourneyMachine(presets.krakenSmartFlex, { flows: onflexFlowRegistry, deps: { api: createSandboxApi() } })).not.toThrow();
  });

  it("a reload while the sign-in is open resumes: the restored journey waits, and the host's resume with the return URL completes it once", async () => {
    const api = createSandboxApi({ clock: fixedNow });
    const device = await registered(api);
    const definition: JourneyDefinition = { id: "sign-in", version: 1, inputs: { device: RegisteredDeviceSchema }, source: { type: "fixed", steps: [{ flow: "deviceAuth" }] } };
    let exchanges = 0;
    const counted: OnboardingApi = { ...api, deviceAuth: { ...api.deviceAuth, complete: (input, o) => ((exchanges += 1), api.deviceAuth.complete(input, o)) } };
    const deps = { api: counted, clock: fixedNow, openExternal: () => ({ opened: true, mode: "redirect" as const }) };
    const first = createActor(createJourneyMachine(definition, { flows: onflexFlowRegistry, deps }), { input: { facts: { device } } }).start();
    const flowOf = (actor: typeof first) => connectJourney(actor.getSnapshot(), actor.send).current!.ref;
    await waitFor(flowOf(first), (s) => s.value === "ready");
    flowOf(first).send({ type: "AUTH.OPEN" });
    const state = (flowOf(first).getSnapshot().context as { signIn: { state: string } }).signIn.state;
    const saved = JSON.stringify(persistJourney(first));
    first.stop();
    expect(saved).not.toMatch(/verifier|access_token/i);

    const { continuationUri } = await api.simulation.simulateSignIn(state, SANDBOX.deviceAuth.approve, { callback: false });
    const machine = createJourneyMachine(definition, { flows: onflexFlowRegistry, deps });
    const restored = restoreJourney(machine, saved);
    if (!restored.restored) throw new Error(restored.reason);
    const resumed = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    expect(flowOf(resumed).getSnapshot().matches("waiting")).toBe(true);
    resumed.send({ type: "JOURNEY.RESUME", url: continuationUri!, purpose: "device_auth" });
    resumed.send({ type: "JOURNEY.RESUME", url: continuationUri!, purpose: "device_auth" });
    const done = await waitFor(resumed, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete", facts: { authorisation: { deviceId: device.deviceId, authState: "AUTHENTICATION_COMPLETE" } } });
    expect(exchanges).toBe(1);
  });
});
