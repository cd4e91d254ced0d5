import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AXLE_PROPOSITIONS,
  SANDBOX,
  WizardState,
  callOperation,
  createApiFromInvoker,
  createHttpApi,
  createSandboxApi,
  serveOperation,
} from "@onflex/core";
import type { OnboardingApi, RegisteredDevice, SandboxApi, SandboxOptions, WizardFacts, WizardState as WizardStateValue } from "@onflex/core";
import { createSandboxHandlers } from "@onflex/core/msw";
import { rejection } from "./rejection.js";

const T = SANDBOX.wizardTemplates;
const addressFacts: WizardFacts = {
  address: { id: "sbx-SW1A1AA-0", line1: "1 High Street", town: "London", postcode: "SW1A 1AA" },
  meter: { mpan: SANDBOX.mpans.domestic, direction: "import" },
};

/** Serves a sandbox through the router, the way the portal does, to a fake fetch. */
function routerFetch(sandbox: () => OnboardingApi): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const served = await serveOperation(sandbox(), {
      method: init?.method ?? "GET",
      pathname: url.pathname,
      query: url.searchParams,
      readJson: async () => (typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined),
      idempotencyKey: headers.get("Idempotency-Key"),
    });
    return new Response(JSON.stringify(served.body), { status: served.status, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
}

// MSW handlers built once, over whichever sandbox the current test made.
const mswBase = "https://api.onflex.test/wizard-tests";
let mswSandbox: SandboxApi = createSandboxApi();
const server = setupServer(...createSandboxHandlers(createApiFromInvoker((id, input, options) => callOperation(mswSandbox, id, input, options)), { baseUrl: mswBase }));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

interface Harness {
  api: OnboardingApi;
  sandbox: SandboxApi;
}

const harnesses: [string, (options?: SandboxOptions) => Harness][] = [
  ["sandbox", (options) => {
    const sandbox = createSandboxApi(options);
    return { api: sandbox, sandbox };
  }],
  ["HTTP adapter + router", (options) => {
    const sandbox = createSandboxApi(options);
    const api = createHttpApi({ baseUrl: "https://api.onflex.test", fetch: routerFetch(() => sandbox), backoff: { baseMs: 1, maxMs: 2 } });
    return { api, sandbox };
  }],
  ["MSW handlers + HTTP adapter", (options) => {
    mswSandbox = createSandboxApi(options);
    return { api: createHttpApi({ baseUrl: mswBase, backoff: { baseMs: 1, maxMs: 2 } }), sandbox: mswSandbox };
  }],
];

describe.each(harnesses)("wizard through %s", (_, make) => {
  it("axle-smart-charging: address → eligibility → consent, with Smart Charging params, then complete", async () => {
    const { api } = make();
    const started = await api.wizard.start({ template: T.smartCharging });
    expect(started).toEqual({
      wizardId: expect.stringMatching(/^sbx-wiz-\d+$/),
      template: "axle-smart-charging",
      isComplete: false,
      isRewindable: true,
      currentStep: { id: "address", type: "address", params: {} },
      completedSteps: [],
    });
    const wizardId = started.wizardId;
    const afterAddress = await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts });
    expect(afterAddress.currentStep).toEqual({ id: "eligibility", type: "eligibility", params: { proposition: AXLE_PROPOSITIONS.smartCharging } });
    expect(afterAddress.completedSteps).toEqual(["address"]);
    const afterEligibility = await api.wizard.answer({ wizardId, stepId: "eligibility", facts: { eligibility: { isEligible: true } } });
    expect(afterEligibility.currentStep).toEqual({ id: "consent", type: "consent", params: { proposition: AXLE_PROPOSITIONS.smartCharging } });
    const done = await api.wizard.answer({ wizardId, stepId: "consent", facts: {} });
    expect(done).toMatchObject({ isComplete: true, currentStep: null, completedSteps: ["address", "eligibility", "consent"] });
    expect(await api.wizard.get({ wizardId })).toEqual(done);
  });

  it("kraken-smartflex: the server decides each next step from what it knows (tariff when required, virtual key for a Tesla, waiting on a pending switch)", async () => {
    const { api } = make();
    const walk = async (facts: WizardFacts, answers: Record<string, WizardFacts>) => {
      let state = await api.wizard.start({ template: T.smartFlex, facts });
      const seen: string[] = [];
      while (state.currentStep) {
        const current = state.currentStep;
        seen.push(`${current.id}:${current.type}`);
        // A step the server completes: these facts name no device of this sandbox, so it never
        // moves on by itself; the walk stops there.
        if (current.type === "waitForTransition") break;
        state = await api.wizard.answer({ wizardId: state.wizardId, stepId: current.id, facts: current.id === "address" ? addressFacts : (answers[current.id] ?? {}) });
      }
      return { seen, completed: state.completedSteps };
    };
    const tesla = { device: { provider: "TESLA" } };
    const pending = { tariffSwitch: { status: "PENDING_TEST_CHARGE" } };
    const all = await walk({ tariffRequirement: { required: true } }, { device: tesla, tariff: pending });
    expect(all.seen).toEqual([
      "address:address",
      "device:deviceSelection",
      "tariff:tariffSwitch",
      "auth:deviceAuth",
      "virtualKey:virtualKey",
      "testCharge:testCharge",
      "tariffLive:waitForTransition",
    ]);
    expect(all.completed).toEqual(["address", "device", "tariff", "auth", "virtualKey", "testCharge"]);
    // No switch required, not a Tesla: neither the tariff steps nor the virtual key.
    expect((await walk({}, { device: { device: { provider: "ENODE" } } })).seen).toEqual([
      "address:address",
      "device:deviceSelection",
      "auth:deviceAuth",
      "testCharge:testCharge",
      "deviceLive:waitForTransition",
    ]);
    // A switch that went ahead at once is not waited on.
    const scheduled = await walk({ tariffRequirement: { required: true } }, { device: tesla, tariff: { tariffSwitch: { status: "SCHEDULED" } } });
    expect(scheduled.seen).not.toContain("tariffLive:waitForTransition");
  });

  it("kraken-smartflex: the server completes the wait steps by itself once the SIMULATED switch goes ahead and the device is LIVE; answering one is a conflict", async () => {
    let now = Date.parse("2026-11-21T09:30:00.000Z");
    const { api } = make({ clock: () => new Date(now) });
    const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: SANDBOX.devices.carPreferred.vehicle.make });
    const model = models.find((item) => item.model === SANDBOX.devices.carPreferred.vehicle.model)!;
    const device: RegisteredDevice = await api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
    const offer = await api.tariffs.offer({ deviceId: device.deviceId });
    const tariffSwitch = await api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId });
    expect(tariffSwitch.status).toBe("PENDING_TEST_CHARGE");
    let state: WizardStateValue = await api.wizard.start({ template: T.smartFlex, facts: { tariffRequirement: { required: true } } });
    const wizardId = state.wizardId;
    const answers: Record<string, WizardFacts> = { address: addressFacts, device: { device }, tariff: { tariffSwitch } };
    while (state.currentStep && state.currentStep.id !== "testCharge") {
      state = await api.wizard.answer({ wizardId, stepId: state.currentStep.id, facts: answers[state.currentStep.id] ?? {} });
    }
    await api.testCharge.start({ deviceId: device.deviceId, preconditions: { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true } });
    state = await api.wizard.answer({ wizardId, stepId: "testCharge", facts: {} });
    // The test is still running: the switch waits on it.
    expect(state.currentStep).toEqual({ id: "tariffLive", type: "waitForTransition", params: { waitingFor: "TARIFF_SWITCH" }, label: "tariffLive" });
    expect(await rejection(api.wizard.answer({ wizardId, stepId: "tariffLive", facts: {} }))).toMatchObject({
      code: "conflict",
      details: { currentStepId: "tariffLive", completesOnServer: true },
    });
    expect((await api.wizard.get({ wizardId })).currentStep?.id).toBe("tariffLive");
    // The test passes after 7 minutes: the switch goes ahead, and the server moves past the step on its own.
    now += 7 * 60_000 + 1000;
    state = await api.wizard.get({ wizardId });
    expect(state.currentStep).toEqual({ id: "deviceLive", type: "waitForTransition", params: { waitingFor: "DEVICE_LIVE" }, label: "deviceLive" });
    expect(state.completedSteps.at(-1)).toBe("tariffLive");
    // An answer for the step the server completed is an acknowledgement that changes nothing.
    expect(await api.wizard.answer({ wizardId, stepId: "tariffLive", facts: {} })).toEqual(state);
    // PENDING_LIVE for a minute, then LIVE: the wizard is complete.
    now += 61_000;
    state = await api.wizard.get({ wizardId });
    expect(state).toMatchObject({ isComplete: true, currentStep: null, completedSteps: ["address", "device", "tariff", "auth", "virtualKey", "testCharge", "tariffLive", "deviceLive"] });
    // Going back to the test charge and answering it again passes the wait steps at once: both conditions hold.
    state = await api.wizard.rewind({ wizardId, stepId: "testCharge" });
    expect(state.currentStep?.id).toBe("testCharge");
    state = await api.wizard.answer({ wizardId, stepId: "testCharge", facts: {} });
    expect(state.isComplete).toBe(true);
  });

  it("kraken-smartflex: going back re-decides the steps after it", async () => {
    const { api } = make();
    let state = await api.wizard.start({ template: T.smartFlex, facts: {} });
    state = await api.wizard.answer({ wizardId: state.wizardId, stepId: "address", facts: addressFacts });
    state = await api.wizard.answer({ wizardId: state.wizardId, stepId: "device", facts: { device: { provider: "TESLA" } } });
    state = await api.wizard.answer({ wizardId: state.wizardId, stepId: "auth", facts: {} });
    expect(state.currentStep?.id).toBe("virtualKey");
    state = await api.wizard.rewind({ wizardId: state.wizardId, stepId: "device" });
    state = await api.wizard.answer({ wizardId: state.wizardId, stepId: "device", facts: { device: { provider: "ENODE" } } });
    state = await api.wizard.answer({ wizardId: state.wizardId, stepId: "auth", facts: {} });
    expect(state.currentStep?.id).toBe("testCharge");
    expect(state.completedSteps).toEqual(["address", "device", "auth"]);
  });

  it("axle-flex-lite: the same steps with limited_pause", async () => {
    const { api } = make();
    const { wizardId, currentStep } = await api.wizard.start({ template: T.flexLite, facts: { assetModel: SANDBOX.assetModels.qualified } });
    expect(currentStep).toEqual({ id: "address", type: "address", params: {} });
    const next = await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts });
    expect(next.currentStep).toEqual({ id: "eligibility", type: "eligibility", params: { proposition: AXLE_PROPOSITIONS.flexLite } });
    const last = await api.wizard.answer({ wizardId, stepId: "eligibility", facts: {} });
    expect(last.currentStep).toEqual({ id: "consent", type: "consent", params: { proposition: AXLE_PROPOSITIONS.flexLite } });
  });

  it("the address step needs facts.meter.mpan, a valid MPAN core: otherwise validation, and the wizard stays put", async () => {
    const { api } = make();
    const { wizardId } = await api.wizard.start({ template: T.smartCharging });
    const missing = await rejection(api.wizard.answer({ wizardId, stepId: "address", facts: { address: addressFacts["address"] } }));
    expect(missing).toMatchObject({ code: "validation", details: { issues: [{ path: "facts.meter.mpan" }] } });
    const typo = await rejection(api.wizard.answer({ wizardId, stepId: "address", facts: { meter: { mpan: "1012345678904" } } }));
    expect(typo).toMatchObject({ code: "validation", details: { issues: [{ path: "facts.meter.mpan", reason: "bad_check_digit" }] } });
    for (const mpan of ["008011001012345678903", 1012345678903, null, "constructor"]) {
      await expect(api.wizard.answer({ wizardId, stepId: "address", facts: { meter: { mpan } } })).rejects.toMatchObject({ code: "validation" });
    }
    // A meter that is not an object has no MPAN.
    await expect(api.wizard.answer({ wizardId, stepId: "address", facts: { meter: "x" } })).rejects.toMatchObject({ code: "validation" });
    expect(await api.wizard.get({ wizardId })).toMatchObject({ currentStep: { id: "address" }, completedSteps: [] });
    // An IDNO meter is as good as any other.
    const ok = await api.wizard.answer({ wizardId, stepId: "address", facts: { meter: { mpan: SANDBOX.mpans.idno } } });
    expect(ok.completedSteps).toEqual(["address"]);
  });

  it("a repeated answer (same step, same facts, nothing answered since) returns the state unchanged instead of advancing twice", async () => {
    const { api } = make();
    const { wizardId } = await api.wizard.start({ template: T.smartCharging });
    const first = await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts });
    // The same facts with their keys in another order are the same answer.
    const reordered = { meter: addressFacts["meter"], address: addressFacts["address"] };
    expect(await api.wizard.answer({ wizardId, stepId: "address", facts: reordered })).toEqual(first);
    expect(await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts })).toEqual(first);
    // Different facts for a step already answered: the client must rewind first.
    const changed = await rejection(api.wizard.answer({ wizardId, stepId: "address", facts: { meter: { mpan: SANDBOX.mpans.idno } } }));
    expect(changed).toMatchObject({ code: "conflict", retryable: false, details: { currentStepId: "eligibility" } });
    // Once a later step is answered, the earlier answer is no longer a repeat.
    await api.wizard.answer({ wizardId, stepId: "eligibility", facts: {} });
    const late = await rejection(api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts }));
    expect(late).toMatchObject({ code: "conflict", details: { currentStepId: "consent" } });
    expect((await api.wizard.get({ wizardId })).completedSteps).toEqual(["address", "eligibility"]);
  });

  it("answering a step that is not the current one: conflict naming the current step", async () => {
    const { api } = make();
    const { wizardId } = await api.wizard.start({ template: T.smartCharging });
    for (const stepId of ["consent", "eligibility", "no-such-step"]) {
      const error = await rejection(api.wizard.answer({ wizardId, stepId, facts: {} }));
      expect(error).toMatchObject({ code: "conflict", retryable: false, details: { currentStepId: "address" } });
    }
  });

  it("answering after complete: conflict (currentStepId null), except a repeat of the final answer", async () => {
    const { api } = make();
    const { wizardId } = await api.wizard.start({ template: T.flexLite });
    await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts });
    await api.wizard.answer({ wizardId, stepId: "eligibility", facts: {} });
    const done = await api.wizard.answer({ wizardId, stepId: "consent", facts: { accepted: true } });
    expect(done.isComplete).toBe(true);
    expect(await api.wizard.answer({ wizardId, stepId: "consent", facts: { accepted: true } })).toEqual(done);
    await expect(api.wizard.answer({ wizardId, stepId: "consent", facts: { accepted: false } })).rejects.toMatchObject({
      code: "conflict",
      details: { currentStepId: null },
    });
    await expect(api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts })).rejects.toMatchObject({ code: "conflict", details: { currentStepId: null } });
  });

  it("rewind: the step becomes current again and every step after it is forgotten", async () => {
    const { api } = make();
    const { wizardId } = await api.wizard.start({ template: T.smartCharging });
    await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts });
    await api.wizard.answer({ wizardId, stepId: "eligibility", facts: {} });
    const back = await api.wizard.rewind({ wizardId, stepId: "eligibility" });
    expect(back).toMatchObject({ isComplete: false, currentStep: { id: "eligibility" }, completedSteps: ["address"] });
    const start = await api.wizard.rewind({ wizardId, stepId: "address" });
    expect(start).toMatchObject({ currentStep: { id: "address", type: "address", params: {} }, completedSteps: [] });
    // Forgotten: eligibility is not current, and the same address answer advances again rather than being a repeat.
    await expect(api.wizard.answer({ wizardId, stepId: "eligibility", facts: {} })).rejects.toMatchObject({ code: "conflict", details: { currentStepId: "address" } });
    expect((await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts })).completedSteps).toEqual(["address"]);
  });

  it("rewind from a complete wizard reopens it", async () => {
    const { api } = make();
    const { wizardId } = await api.wizard.start({ template: T.flexLite });
    for (const stepId of ["address", "eligibility", "consent"]) await api.wizard.answer({ wizardId, stepId, facts: addressFacts });
    expect(await api.wizard.rewind({ wizardId, stepId: "consent" })).toMatchObject({ isComplete: false, currentStep: { id: "consent" }, completedSteps: ["address", "eligibility"] });
  });

  it("rewind to a step that is not completed (current, later, unknown): conflict", async () => {
    const { api } = make();
    const { wizardId } = await api.wizard.start({ template: T.smartCharging });
    await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts });
    for (const stepId of ["eligibility", "consent", "nope"]) {
      const error = await rejection(api.wizard.rewind({ wizardId, stepId }));
      expect(error).toMatchObject({ code: "conflict", retryable: false, details: { currentStepId: "eligibility" } });
    }
    expect((await api.wizard.get({ wizardId })).completedSteps).toEqual(["address"]);
  });

  it("sandbox-not-rewindable: says so, and rewind answers conflict", async () => {
    const { api } = make();
    const started = await api.wizard.start({ template: T.notRewindable });
    expect(started).toMatchObject({ isRewindable: false, currentStep: { id: "address" } });
    const next = await api.wizard.answer({ wizardId: started.wizardId, stepId: "address", facts: addressFacts });
    expect(next.currentStep).toEqual({ id: "eligibility", type: "eligibility", params: { proposition: AXLE_PROPOSITIONS.flexLite } });
    const error = await rejection(api.wizard.rewind({ wizardId: started.wizardId, stepId: "address" }));
    expect(error).toMatchObject({ code: "conflict", details: { currentStepId: "eligibility", isRewindable: false } });
    expect((await api.wizard.get({ wizardId: started.wizardId })).completedSteps).toEqual(["address"]);
  });

  it("sandbox-unsupported-step: the first step has a type no client knows", async () => {
    const { api } = make();
    const { wizardId, currentStep } = await api.wizard.start({ template: T.unsupportedStep });
    expect(currentStep).toEqual({ id: "teleport", type: "tariff_teleport", params: {} });
    expect((await api.wizard.answer({ wizardId, stepId: "teleport", facts: {} })).currentStep?.type).toBe("consent");
  });

  it("sandbox-bad-params: the first step is consent with a proposition of the wrong type", async () => {
    const { api } = make();
    const { currentStep } = await api.wizard.start({ template: T.badParams });
    expect(currentStep).toEqual({ id: "consent", type: "consent", params: { proposition: 42 } });
  });

  it("sandbox-garbled: start answers a malformed body → invalid_response; the instance stays usable", async () => {
    const { api } = make();
    const error = await rejection(api.wizard.start({ template: T.garbled }));
    expect(error.code).toBe("invalid_response");
    expect((await api.wizard.start({ template: T.flexLite })).currentStep?.id).toBe("address");
  });

  it.each(["axle-unknown", "constructor", "__proto__", "toString", "hasOwnProperty"])("unknown template %j: not_found", async (template) => {
    const { api } = make();
    await expect(api.wizard.start({ template })).rejects.toMatchObject({ code: "not_found" });
  });

  it("unknown wizardId: not_found for get, answer and rewind", async () => {
    const { api } = make();
    await api.wizard.start({ template: T.flexLite });
    for (const wizardId of ["sbx-wiz-999", "constructor", "__proto__"]) {
      await expect(api.wizard.get({ wizardId })).rejects.toMatchObject({ code: "not_found" });
      await expect(api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts })).rejects.toMatchObject({ code: "not_found" });
      await expect(api.wizard.rewind({ wizardId, stepId: "address" })).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("wizards live in their sandbox instance only", async () => {
    const { api, sandbox } = make();
    const { wizardId } = await api.wizard.start({ template: T.flexLite });
    expect(await sandbox.wizard.get({ wizardId })).toMatchObject({ wizardId });
    await expect(createSandboxApi().wizard.get({ wizardId })).rejects.toMatchObject({ code: "not_found" });
  });

  it("start with the same Idempotency-Key and input: the same wizard; with other input: conflict", async () => {
    const { api } = make();
    const a = await api.wizard.start({ template: T.flexLite }, { idempotencyKey: "start-1" });
    const b = await api.wizard.start({ template: T.flexLite }, { idempotencyKey: "start-1" });
    expect(b.wizardId).toBe(a.wizardId);
    await expect(api.wizard.start({ template: T.smartCharging }, { idempotencyKey: "start-1" })).rejects.toMatchObject({ code: "conflict" });
    expect((await api.wizard.start({ template: T.flexLite })).wizardId).not.toBe(a.wizardId);
  });

  it.each([
    ["a step id of ..", { stepId: ".." }],
    ["a step id with a slash", { stepId: "a/b" }],
    ["an empty step id", { stepId: "" }],
    ["a step id over 100 characters", { stepId: "x".repeat(101) }],
    ["facts that are not an object", { facts: ["meter"] }],
  ])("input with %s: validation", async (_, change) => {
    const { api } = make();
    const { wizardId } = await api.wizard.start({ template: T.flexLite });
    await expect(api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts, ...change } as never)).rejects.toMatchObject({ code: "validation" });
  });
});

describe("wizard schemas", () => {
  const state = { wizardId: "w1", template: "t", isRewindable: true, completedSteps: [] };

  it("currentStep is null exactly when complete", () => {
    const step = { id: "address", type: "address", params: {} };
    expect(WizardState.safeParse({ ...state, isComplete: false, currentStep: step }).success).toBe(true);
    expect(WizardState.safeParse({ ...state, isComplete: true, currentStep: null }).success).toBe(true);
    expect(WizardState.safeParse({ ...state, isComplete: true, currentStep: step }).success).toBe(false);
    expect(WizardState.safeParse({ ...state, isComplete: false, currentStep: null }).success).toBe(false);
  });

  it("step ids: 1–100 of A-Z a-z 0-9 _ . : -; types: 1–100 characters; params: an object", () => {
    const parse = (step: unknown) => WizardState.safeParse({ ...state, isComplete: false, currentStep: step }).success;
    expect(parse({ id: "Step_1.a:b-c", type: "address", params: {} })).toBe(true);
    expect(parse({ id: "x".repeat(100), type: "y".repeat(100), params: { any: [1, { deep: true }] } })).toBe(true);
    for (const id of ["", "a b", "a/b", "é", "x".repeat(101), ".", ".."]) expect(parse({ id, type: "address", params: {} })).toBe(false);
    for (const type of ["", "y".repeat(101)]) expect(parse({ id: "a", type, params: {} })).toBe(false);
    for (const params of [null, [], "x", 1]) expect(parse({ id: "a", type: "address", params })).toBe(false);
    expect(parse({ id: "a", type: "address" })).toBe(false);
  });

  it("a step's optional progress label: 1–60 of A-Z a-z 0-9 _ -", () => {
    const parse = (label: unknown) => WizardState.safeParse({ ...state, isComplete: false, currentStep: { id: "a", type: "address", params: {}, label } }).success;
    for (const label of [undefined, "tariffLive", "device-live_2", "x".repeat(60)]) expect(parse(label)).toBe(true);
    for (const label of ["", "a b", "a.b", "x".repeat(61), 42, null]) expect(parse(label)).toBe(false);
  });
});

describe("wizard answers lost on the way back", () => {
  it("a retried answer whose first attempt was applied advances the wizard once", async () => {
    const sandbox = createSandboxApi();
    const served = routerFetch(() => sandbox);
    let lost = 0;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await served(input, init);
      // The server applies the first answer, but a gateway loses the response.
      if (String(input).includes("/steps/") && lost++ === 0) return new Response("", { status: 503 });
      return response;
    }) as typeof globalThis.fetch;
    const api = createHttpApi({ baseUrl: "https://api.onflex.test", fetch, backoff: { baseMs: 1, maxMs: 2 } });
    const { wizardId } = await api.wizard.start({ template: T.smartCharging });
    const state = await api.wizard.answer({ wizardId, stepId: "address", facts: addressFacts });
    expect(lost).toBe(2);
    expect(state).toMatchObject({ currentStep: { id: "eligibility" }, completedSteps: ["address"] });
    expect((await sandbox.wizard.get({ wizardId })).completedSteps).toEqual(["address"]);
  });
});
