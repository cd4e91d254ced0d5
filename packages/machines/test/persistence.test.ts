import { createSandboxApi, SANDBOX } from "@onflex/core";
import { describe, expect, it, vi } from "vitest";
import { createActor, waitFor } from "xstate";
import type { Actor, AnyActorRef } from "xstate";
import {
  connectJourney,
  createFlowRegistry,
  createJourneyMachine,
  JOURNEY_SAVE_FORMAT,
  loadJourney,
  onflexFlowRegistry,
  persistJourney,
  presets,
  restoreJourney,
  saveJourney,
} from "../src/index.js";
import type { FlowRegistry, JourneyDefinition, JourneyMachine, JourneyStorage, PersistedJourney } from "../src/index.js";
import { fixedNow } from "./fakes.js";
import { externalFlow } from "./fixtures/external.flow.js";
import { scriptedFlow } from "./fixtures/scripted.flow.js";

function machineFor(definition: JourneyDefinition, flows: FlowRegistry = onflexFlowRegistry, deps: Parameters<typeof createJourneyMachine>[1]["deps"] = { api: createSandboxApi(), clock: fixedNow }) {
  return createJourneyMachine(definition, { flows, deps });
}

function ref(actor: Actor<JourneyMachine>): AnyActorRef {
  const current = connectJourney(actor.getSnapshot(), actor.send).current;
  if (!current) throw new Error(`no current step (${connectJourney(actor.getSnapshot(), actor.send).screen})`);
  return current.ref;
}

function memoryStorage(initial: string | null = null): JourneyStorage & { value: string | null } {
  const storage = {
    value: initial,
    load: () => storage.value,
    save: (next: string) => {
      storage.value = next;
    },
    clear: () => {
      storage.value = null;
    },
  };
  return storage;
}

async function atAddressResults() {
  const machine = machineFor(presets.axleFlexLite);
  const actor = createActor(machine, { input: {} }).start();
  ref(actor).send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.happy });
  await waitFor(ref(actor), (s) => s.value === "results");
  return { machine, actor };
}

describe("saving and restoring a journey", () => {
  it("saves data only, and resumes mid-flow where it stood, then completes", async () => {
    const { actor } = await atAddressResults();
    const saved = persistJourney(actor, { now: fixedNow });
    expect(saved).toMatchObject({ format: JOURNEY_SAVE_FORMAT, journeyId: "axle-flex-lite", journeyVersion: 1, savedAt: fixedNow().toISOString() });
    expect(saved.flows).toMatchObject({ address: 2, eligibility: 2, consent: 2 });
    const json = JSON.stringify(saved);
    expect(JSON.parse(json)).toEqual(saved);
    expect(json).not.toMatch(/"api"|"clock"|"openExternal"/);

    // A new page: new machine, new API object.
    const machine = machineFor(presets.axleFlexLite);
    const restored = restoreJourney(machine, json);
    expect(restored).toMatchObject({ restored: true, restartedSteps: [] });
    if (!restored.restored) return;
    const resumed = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    const address = ref(resumed);
    expect(address.getSnapshot().value).toBe("results");
    const addresses = (address.getSnapshot().context as { addresses: { id: string }[] }).addresses;
    address.send({ type: "ADDRESS.SELECT_ADDRESS", addressId: addresses[0]!.id });
    await waitFor(resumed, (s) => connectJourney(s, resumed.send).stepId === "consent");
    const consent = ref(resumed);
    await waitFor(consent, (s) => s.value === "reviewing");
    consent.send({ type: "CONSENT.SET_AGREED", agreed: true });
    consent.send({ type: "CONSENT.ACCEPT" });
    const done = await waitFor(resumed, (s) => s.status === "done");
    expect(done.output).toMatchObject({ status: "complete", facts: { consent: { givenAt: fixedNow().toISOString() } } });
  });

  it("resumes in the middle of a flow that is waiting for the user to come back from another site", async () => {
    const flows = createFlowRegistry([externalFlow, scriptedFlow("after", { needs: [] })]);
    const definition: JourneyDefinition = {
      id: "visit",
      version: 1,
      source: { type: "fixed", steps: [{ flow: "external", params: { url: "https://maker.example/sign-in" } }, { flow: "after" }] },
    };
    const opened = vi.fn();
    const first = createActor(machineFor(definition, flows, { api: createSandboxApi(), openExternal: opened }), { input: {} }).start();
    ref(first).send({ type: "EXTERNAL.OPEN" });
    expect(opened).toHaveBeenCalledExactlyOnceWith({ url: "https://maker.example/sign-in", purpose: "test_visit" });
    const saved = JSON.stringify(persistJourney(first));
    first.stop();

    // The page reloads (a redirect back, a WebView restart): nothing is opened again.
    const openedAgain = vi.fn();
    const machine = machineFor(definition, flows, { api: createSandboxApi(), openExternal: openedAgain });
    const restored = restoreJourney(machine, saved);
    if (!restored.restored) throw new Error(restored.reason);
    const resumed = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    expect(ref(resumed).getSnapshot().value).toBe("awaitingReturn");
    ref(resumed).send({ type: "EXTERNAL.RETURNED", code: "abc" });
    expect(connectJourney(resumed.getSnapshot(), resumed.send).stepId).toBe("after");
    expect(connectJourney(resumed.getSnapshot(), resumed.send).facts).toEqual({ visit: { code: "abc" } });
    expect(openedAgain).not.toHaveBeenCalled();
  });

  it("passes the host's resume on to the flow waiting for the user, after a restore too", () => {
    const flows = createFlowRegistry([externalFlow]);
    const definition: JourneyDefinition = {
      id: "visit-resume",
      version: 1,
      source: { type: "fixed", steps: [{ flow: "external", params: { url: "https://maker.example/sign-in" } }] },
    };
    const first = createActor(machineFor(definition, flows, { api: createSandboxApi(), openExternal: () => undefined }), { input: {} }).start();
    // A resume before anything was opened is ignored by the flow, and breaks nothing.
    first.send({ type: "JOURNEY.RESUME", url: "https://app.example/back?code=early" });
    expect(ref(first).getSnapshot().value).toBe("ready");
    ref(first).send({ type: "EXTERNAL.OPEN" });
    const machine = machineFor(definition, flows);
    const restored = restoreJourney(machine, JSON.stringify(persistJourney(first)));
    if (!restored.restored) throw new Error(restored.reason);
    const resumed = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    resumed.send({ type: "JOURNEY.RESUME", url: "https://app.example/back?code=xyz", purpose: "test_visit" });
    expect(resumed.getSnapshot().output).toMatchObject({ status: "complete", facts: { visit: { code: "xyz" } } });
  });

  it("restarts only the flow whose version changed, keeping the facts of the steps before it", () => {
    const definition: JourneyDefinition = { id: "two", version: 1, source: { type: "fixed", steps: [{ flow: "a" }, { flow: "b" }] } };
    const before = createFlowRegistry([scriptedFlow("a", { gives: ["alpha"] }), scriptedFlow("b", { needs: ["alpha"], gives: ["beta"] })]);
    const actor = createActor(machineFor(definition, before), { input: {} }).start();
    ref(actor).send({ type: "FINISH" });
    const saved = persistJourney(actor);
    // Tamper with b's saved state the way a changed machine would not understand it.
    const children = (saved.snapshot as { children: Record<string, { snapshot: { value: string } }> }).children;
    children["flow:b"]!.snapshot.value = "a state the new version does not have";

    const after = createFlowRegistry([scriptedFlow("a", { gives: ["alpha"] }), scriptedFlow("b", { needs: ["alpha"], gives: ["beta"], version: 2 })]);
    const machine = machineFor(definition, after);
    const restored = restoreJourney(machine, saved);
    expect(restored).toMatchObject({ restored: true, restartedSteps: ["b"] });
    if (!restored.restored) return;
    const resumed = createActor(machine, { snapshot: restored.snapshot, input: {} }).start();
    expect(ref(resumed).getSnapshot().value).toBe("waiting");
    expect(connectJourney(resumed.getSnapshot(), resumed.send).facts).toEqual({ alpha: "alpha from a" });

    // The same tampering without a version change is refused as corrupt.
    expect(restoreJourney(machineFor(definition, before), saved)).toEqual({ restored: false, reason: "corrupt" });
  });

  it("checks the facts again on restore: a saved fact that no longer matches its schema is corrupt", async () => {
    const machine = machineFor(presets.axleFlexLite);
    const actor = createActor(machine, { input: {} }).start();
    ref(actor).send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.happy });
    const results = await waitFor(ref(actor), (s) => s.value === "results");
    ref(actor).send({ type: "ADDRESS.SELECT_ADDRESS", addressId: (results.context as { addresses: { id: string }[] }).addresses[0]!.id });
    await waitFor(actor, (s) => connectJourney(s, actor.send).stepId === "consent");
    const saved = persistJourney(actor);
    expect(restoreJourney(machine, saved).restored).toBe(true);
    const history = (saved.snapshot as { context: { history: { facts: { meter?: { mpan: unknown } } }[] } }).context.history;
    history[0]!.facts.meter!.mpan = "not an mpan";
    expect(restoreJourney(machine, saved)).toEqual({ restored: false, reason: "corrupt" });
  });

  it("re-validates the host's inputs and takes the ones given now", () => {
    const machine = machineFor(presets.axleSmartCharging);
    const actor = createActor(machine, { input: { facts: { assetModel: "first model" } } }).start();
    const saved = persistJourney(actor);
    const restored = restoreJourney(machine, saved, { facts: { assetModel: "second model" } });
    if (!restored.restored) throw new Error(restored.reason);
    expect(createActor(machine, { snapshot: restored.snapshot, input: {} }).getSnapshot().context.inputFacts).toEqual({ assetModel: "second model" });
    const garbage = restoreJourney(machine, saved, { facts: { assetModel: 42 } as never });
    if (!garbage.restored) throw new Error(garbage.reason);
    expect(createActor(machine, { snapshot: garbage.snapshot, input: {} }).getSnapshot().context.inputFacts).toEqual({});
  });

  it("gives a reason for everything it cannot resume", async () => {
    const { machine, actor } = await atAddressResults();
    const saved = persistJourney(actor);
    const other = machineFor(presets.axleSmartCharging);
    expect(restoreJourney(machine, null)).toEqual({ restored: false, reason: "empty" });
    expect(restoreJourney(machine, "")).toEqual({ restored: false, reason: "empty" });
    expect(restoreJourney(machine, "{ not json")).toEqual({ restored: false, reason: "corrupt" });
    expect(restoreJourney(machine, "[]")).toEqual({ restored: false, reason: "corrupt" });
    expect(restoreJourney(machine, { ...saved, format: 1 })).toEqual({ restored: false, reason: "outdated" });
    expect(restoreJourney(machine, { ...saved, journeyVersion: 0 })).toEqual({ restored: false, reason: "outdated" });
    expect(restoreJourney(other, saved)).toEqual({ restored: false, reason: "journey_mismatch" });
    expect(restoreJourney(machine, { ...saved, snapshot: { ...(saved.snapshot as object), value: "nowhere" } })).toEqual({
      restored: false,
      reason: "corrupt",
    });
    expect(restoreJourney(machine, { ...saved, snapshot: { ...(saved.snapshot as object), status: "done" } })).toEqual({
      restored: false,
      reason: "finished",
    });
    const noHistory = structuredClone(saved) as PersistedJourney & { snapshot: { context: { history: unknown } } };
    noHistory.snapshot.context.history = "oops";
    expect(restoreJourney(machine, noHistory)).toEqual({ restored: false, reason: "corrupt" });
  });

  it("keeps drafts beside the snapshot, and loadJourney clears what cannot be resumed", async () => {
    const { machine, actor } = await atAddressResults();
    const storage = memoryStorage();
    expect(saveJourney(actor, storage, { address: { postcode: "SW1A 1A" } })).toBe(true);
    const loaded = loadJourney(machine, storage);
    expect(loaded.restored && loaded.drafts).toEqual({ address: { postcode: "SW1A 1A" } });

    const bad = memoryStorage("{ nope");
    expect(loadJourney(machine, bad)).toEqual({ restored: false, reason: "corrupt" });
    expect(bad.value).toBeNull();

    const refusing: JourneyStorage = {
      load: () => {
        throw new Error("blocked");
      },
      save: () => {
        throw new Error("full");
      },
      clear: () => undefined,
    };
    expect(saveJourney(actor, refusing)).toBe(false);
    expect(loadJourney(machine, refusing)).toEqual({ restored: false, reason: "empty" });
  });

  it("resumes a server-driven journey where the server left it", async () => {
    const api = createSandboxApi();
    const machine = machineFor(presets.axleSmartChargingServer, onflexFlowRegistry, { api });
    const actor = createActor(machine, { input: { facts: { assetModel: SANDBOX.assetModels.qualified } } }).start();
    await waitFor(actor, (s) => s.matches("running"));
    ref(actor).send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.happy });
    const results = await waitFor(ref(actor), (s) => s.value === "results");
    ref(actor).send({ type: "ADDRESS.SELECT_ADDRESS", addressId: (results.context as { addresses: { id: string }[] }).addresses[0]!.id });
    await waitFor(actor, (s) => connectJourney(s, actor.send).stepId === "consent");
    const saved = JSON.stringify(persistJourney(actor));
    actor.stop();

    const again = machineFor(presets.axleSmartChargingServer, onflexFlowRegistry, { api });
    const restored = restoreJourney(again, saved);
    if (!restored.restored) throw new Error(restored.reason);
    const resumed = createActor(again, { snapshot: restored.snapshot, input: {} }).start();
    const view = connectJourney(resumed.getSnapshot(), resumed.send);
    expect(view.steps.map((step) => [step.id, step.status])).toEqual([
      ["address", "complete"],
      ["eligibility", "complete"],
      ["consent", "current"],
    ]);
    expect(view.canGoBack).toBe(true);
  });
});
