import { createSandboxApi, SANDBOX } from "@onflex/core";
import type { EligibilityResult } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import type { Actor } from "xstate";
import {
  connectJourney,
  eligibilityMachine,
  JOURNEY_SCHEMA_VERSION,
  journeyMachine,
  loadJourney,
  persistJourney,
  presets,
  restoreJourney,
  saveJourney,
} from "../src/index.js";
import type { JourneyInput, JourneyMachine, JourneyStorage } from "../src/index.js";
import { fixedNow, upstream } from "./fakes.js";

const input = (): JourneyInput => ({ api: createSandboxApi(), preset: presets.axleFlexLite, now: fixedNow });

function addressOf(actor: Actor<JourneyMachine>) {
  const current = connectJourney(actor.getSnapshot(), actor.send).current;
  if (current?.stepId !== "address") throw new Error("not on the address step");
  return current.ref;
}

/** Saves through JSON text, as web storage would, and resumes in a fresh actor. */
function reload(actor: Actor<JourneyMachine>, machine: JourneyMachine = journeyMachine) {
  const text = JSON.stringify(persistJourney(actor, { now: fixedNow }));
  actor.stop();
  const fresh = input();
  const result = restoreJourney(machine, text, fresh);
  if (!result.restored) throw new Error(`not restored: ${result.reason}`);
  return createActor(machine, { snapshot: result.snapshot, input: fresh }).start();
}

function memoryStorage(initial: string | null = null): JourneyStorage & { value: string | null } {
  return {
    value: initial,
    load() {
      return this.value;
    },
    save(value) {
      this.value = value;
    },
    clear() {
      this.value = null;
    },
  };
}

describe("journey persistence", () => {
  it("persists JSON-safe data with a schema version and time, without the API", () => {
    const actor = createActor(journeyMachine, { input: input() }).start();
    const persisted = persistJourney(actor, { now: fixedNow });
    expect(persisted.schemaVersion).toBe(JOURNEY_SCHEMA_VERSION);
    expect(persisted.savedAt).toBe("2026-11-21T09:30:00.000Z");
    const text = JSON.stringify(persisted);
    expect(JSON.parse(text)).toEqual(persisted);
    expect(text).not.toContain('"api"');
  });

  it("comes back mid-address at the same step with the typed postcode", () => {
    const actor = createActor(journeyMachine, { input: input() }).start();
    addressOf(actor).send({ type: "ADDRESS.CHANGE_POSTCODE_DRAFT", value: "SW1A 1" });
    const restored = reload(actor);
    expect(connectJourney(restored.getSnapshot(), restored.send).screen).toBe("address");
    const address = addressOf(restored).getSnapshot();
    expect(address.value).toBe("postcode");
    expect(address.context.postcodeDraft).toBe("SW1A 1");
  });

  it("comes back on the manual form with its draft, and the restored flow still talks to the API", async () => {
    const actor = createActor(journeyMachine, { input: input() }).start();
    const address = addressOf(actor);
    address.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.noAddresses });
    await waitFor(address, (s) => s.matches("noResults"));
    address.send({ type: "ADDRESS.ENTER_MANUALLY" });
    address.send({ type: "ADDRESS.CHANGE_MANUAL_DRAFT", values: { line1: "7 Half Typed Lane", mpan: SANDBOX.mpans.domestic } });
    const restored = reload(actor);
    const back = addressOf(restored);
    expect(back.getSnapshot().value).toBe("manual");
    expect(back.getSnapshot().context.manualDraft).toMatchObject({ line1: "7 Half Typed Lane", postcode: SANDBOX.postcodes.noAddresses });
    back.send({ type: "ADDRESS.SUBMIT_MANUAL", values: { town: "London" } });
    await waitFor(restored, (s) => s.matches("qualifying"));
    expect(restored.getSnapshot().context.meter?.mpan).toBe(SANDBOX.mpans.domestic);
  });

  it("resumes a request that was in flight when the page went away", async () => {
    const actor = createActor(journeyMachine, { input: input() }).start();
    addressOf(actor).send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.happy });
    expect(addressOf(actor).getSnapshot().value).toBe("searching");
    const restored = reload(actor);
    await waitFor(addressOf(restored), (s) => s.matches("results"));
  });

  it("turns an eligibility check that was waiting to retry into one the user can retry", async () => {
    let calls = 0;
    const machine = journeyMachine.provide({
      actors: {
        eligibilityFlow: eligibilityMachine.provide({
          actors: {
            checkEligibility: fromPromise(async (): Promise<EligibilityResult> => {
              calls++;
              throw upstream();
            }),
          },
        }),
      },
    });
    const actor = createActor(machine, { input: { ...input(), eligibilityRetry: { attempts: 3, baseDelayMs: 60_000 } } }).start();
    const address = addressOf(actor);
    address.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.happy });
    const results = await waitFor(address, (s) => s.matches("results"));
    address.send({ type: "ADDRESS.SELECT_ADDRESS", addressId: results.context.addresses[0]!.id });
    await waitFor(actor, (s) => s.matches("qualifying"));
    const check = () => {
      const current = connectJourney(actor.getSnapshot(), actor.send).current;
      return current?.stepId === "eligibility" ? current.ref : undefined;
    };
    await waitFor(check()!, (s) => s.matches("waitingToRetry"));
    const restored = reload(actor, machine);
    const current = connectJourney(restored.getSnapshot(), restored.send).current;
    expect(current?.stepId).toBe("eligibility");
    const snapshot = current!.ref.getSnapshot() as { value: unknown; context: { error: { code: string } | null } };
    expect(snapshot.value).toBe("failed");
    expect(snapshot.context.error?.code).toBe("upstream");
    expect(calls).toBe(1);
  });

  it("refuses corrupt data with a reason so the caller starts clean", () => {
    expect(restoreJourney(journeyMachine, "{not json", input())).toEqual({ restored: false, reason: "corrupt" });
    expect(restoreJourney(journeyMachine, JSON.stringify({ hello: "world" }), input())).toEqual({ restored: false, reason: "corrupt" });
    expect(restoreJourney(journeyMachine, null, input())).toEqual({ restored: false, reason: "empty" });
    const actor = createActor(journeyMachine, { input: input() }).start();
    const persisted = persistJourney(actor);
    const broken = structuredClone(persisted) as { snapshot: { value: unknown } };
    broken.snapshot.value = "somewhereElse";
    expect(restoreJourney(journeyMachine, broken, input())).toEqual({ restored: false, reason: "corrupt" });
  });

  it("refuses an old schema version, another preset, and a finished journey", () => {
    const actor = createActor(journeyMachine, { input: input() }).start();
    const persisted = persistJourney(actor);
    expect(restoreJourney(journeyMachine, { ...persisted, schemaVersion: JOURNEY_SCHEMA_VERSION - 1 }, input())).toEqual({
      restored: false,
      reason: "outdated",
    });
    expect(restoreJourney(journeyMachine, persisted, { ...input(), preset: presets.axleSmartCharging })).toEqual({
      restored: false,
      reason: "preset_mismatch",
    });
    actor.send({ type: "JOURNEY.EXIT" });
    expect(restoreJourney(journeyMachine, persistJourney(actor), input())).toEqual({ restored: false, reason: "finished" });
  });

  it("saves to and loads from a storage, clearing what cannot be resumed", () => {
    const storage = memoryStorage();
    const actor = createActor(journeyMachine, { input: input() }).start();
    addressOf(actor).send({ type: "ADDRESS.CHANGE_POSTCODE_DRAFT", value: "M1" });
    expect(saveJourney(actor, storage)).toBe(true);
    const loaded = loadJourney(journeyMachine, storage, input());
    expect(loaded.restored).toBe(true);
    const bad = memoryStorage("garbage");
    expect(loadJourney(journeyMachine, bad, input())).toEqual({ restored: false, reason: "corrupt" });
    expect(bad.value).toBeNull();
    const full: JourneyStorage = {
      load: () => {
        throw new Error("blocked");
      },
      save: () => {
        throw new Error("quota");
      },
      clear: () => undefined,
    };
    expect(saveJourney(actor, full)).toBe(false);
    expect(loadJourney(journeyMachine, full, input())).toEqual({ restored: false, reason: "empty" });
  });
});
