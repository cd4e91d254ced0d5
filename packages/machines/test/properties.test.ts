/**
 * Random event sequences, mostly what a user could do and partly garbage (unknown events,
 * payloads of the wrong type), against each flow bound to the sandbox. Whatever happens, a
 * flow never throws, never errors, always stands in one of its own states, its view can
 * always be drawn, and it never asks the API more than the user's actions call for.
 */
import { createSandboxApi, SANDBOX } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createActor, getStateNodes } from "xstate";
import type { AnyStateMachine, EventObject } from "xstate";
import {
  addressFlow,
  bindFlow,
  connectAddress,
  connectConsent,
  connectDeviceSelection,
  connectEligibility,
  consentFlow,
  deviceSelectionFlow,
  eligibilityFlow,
} from "../src/index.js";
import { countingSandbox, fixedNow, validManual } from "./fakes.js";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A state value names real state nodes, all the way down to a leaf. */
function isDefinedValue(machine: AnyStateMachine, value: unknown): boolean {
  try {
    const nodes = getStateNodes(machine.root, value as never);
    return nodes.length > 0 && nodes.some((node) => node.type === "atomic" || node.type === "final");
  } catch {
    return false;
  }
}

const garbage = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined), fc.constant(null));
const postcodes = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.values(SANDBOX.postcodes)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: garbage },
);
const mpans = fc.oneof(fc.constantFrom(...Object.values(SANDBOX.mpans)), fc.stringMatching(/^\d{13}$/), garbage);
const manualValues = fc.oneof(
  { weight: 3, arbitrary: fc.constant(validManual) },
  { weight: 2, arbitrary: fc.record({ mpan: mpans }) },
  { weight: 1, arbitrary: fc.record({ line1: garbage, town: garbage, postcode: postcodes, mpan: mpans }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: garbage },
);

const exits = (...types: string[]) => ({ weight: 1, arbitrary: fc.constantFrom(...types.map((type) => ({ type }))) });

/** Weighted so random runs get deep into the flow; submits may carry values or not, valid or not. */
const addressEvents: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant("ADDRESS.SUBMIT_POSTCODE"), postcode: postcodes }, { requiredKeys: ["type"] }) },
  // "#n" selects the n-th address or meter on screen; the rest is garbage.
  { weight: 4, arbitrary: fc.record({ type: fc.constant("ADDRESS.SELECT_ADDRESS"), addressId: fc.oneof(fc.constantFrom("#0", "#1"), garbage) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("ADDRESS.SELECT_METER"), mpan: fc.oneof(fc.constantFrom("#0", "#1"), mpans) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("ADDRESS.SUBMIT_MANUAL"), values: manualValues }, { requiredKeys: ["type"] }) },
  { weight: 3, arbitrary: fc.constantFrom({ type: "ADDRESS.ENTER_MANUALLY" }, { type: "ADDRESS.RETRY" }, { type: "ADDRESS.BACK" }, { type: "ADDRESS.CHANGE_POSTCODE" }) },
  exits("ADDRESS.EXIT"),
);
const eligibilityEvents: fc.Arbitrary<EventObject> = fc.oneof({ weight: 4, arbitrary: fc.constant({ type: "ELIGIBILITY.RETRY" }) }, exits("ELIGIBILITY.EXIT"));
const consentEvents: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant("CONSENT.SET_AGREED"), agreed: fc.oneof(fc.boolean(), fc.constant(true), garbage) }) },
  { weight: 4, arbitrary: fc.constantFrom({ type: "CONSENT.ACCEPT" }, { type: "CONSENT.RETRY" }) },
  exits("CONSENT.DECLINE"),
);
const mostly = <T,>(likely: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: likely }, { weight: 1, arbitrary: garbage });
const deviceEvents: fc.Arbitrary<EventObject> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant("DEVICE.SELECT_TYPE"),
      deviceType: mostly(fc.oneof({ weight: 4, arbitrary: fc.constantFrom("ELECTRIC_VEHICLES", "CHARGE_POINTS") }, { weight: 1, arbitrary: fc.constantFrom("HEAT_PUMPS", "THERMOSTATS") })),
    }),
  },
  // "#n" picks the n-th make or model of the picker on screen; the rest is garbage.
  { weight: 6, arbitrary: fc.record({ type: fc.constant("DEVICE.SELECT_MAKE"), make: mostly(fc.constantFrom("#0", "#7", "#17", "tesla", "OHME", "mg", "andersen")) }) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant("DEVICE.SELECT_MODEL"), modelId: mostly(fc.constantFrom("#0", "#1", "#2")) }) },
  { weight: 4, arbitrary: fc.constantFrom({ type: "DEVICE.NOT_LISTED" }, { type: "DEVICE.CONFIRM" }, { type: "DEVICE.RETRY" }, { type: "DEVICE.BACK" }) },
  exits("DEVICE.EXIT"),
);
/** Events no flow knows, and flows' events sent to the wrong flow. */
const strangers: fc.Arbitrary<EventObject> = fc.oneof(
  fc.record({ type: fc.string() }),
  fc.constantFrom({ type: "JOURNEY.BACK" }, { type: "ADDRESS.EXIT" }, { type: "CONSENT.ACCEPT" }, { type: "ELIGIBILITY.RETRY" }),
);

type Step = { event: EventObject; wait: boolean };
const steps = (events: fc.Arbitrary<EventObject>) =>
  fc.array(
    fc.record({
      event: fc.oneof({ weight: 9, arbitrary: events }, { weight: 1, arbitrary: strangers }),
      wait: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
    { maxLength: 30 },
  );

/** "#n" picks the n-th address or meter the flow is showing, so random runs get past the lists. */
function resolvePicks(snapshot: unknown, event: EventObject): EventObject & Record<string, unknown> {
  const context = (snapshot as { context?: { addresses?: { id: string }[]; meters?: { mpan: string }[] } }).context;
  const record = event as Record<string, unknown>;
  const pick = (value: unknown, list: { id?: string; mpan?: string }[] | undefined, key: "id" | "mpan") =>
    typeof value === "string" && value.startsWith("#") ? (list?.[Number(value.slice(1))]?.[key] ?? value) : value;
  if (event.type === "ADDRESS.SELECT_ADDRESS") return { ...record, type: event.type, addressId: pick(record["addressId"], context?.addresses, "id") };
  if (event.type === "ADDRESS.SELECT_METER") return { ...record, type: event.type, mpan: pick(record["mpan"], context?.meters, "mpan") };
  if (event.type === "DEVICE.SELECT_MAKE" || event.type === "DEVICE.SELECT_MODEL") {
    const value = (snapshot as { value?: unknown }).value;
    const kind = value && typeof value === "object" ? (Object.keys(value)[0] as "vehicle" | "charger") : undefined;
    const picker = kind ? (snapshot as { context: Record<string, { makes: string[]; models: { id: string }[] }> }).context[kind] : undefined;
    const nth = (raw: unknown, list: readonly unknown[] | undefined) => (typeof raw === "string" && raw.startsWith("#") ? (list?.[Number(raw.slice(1))] ?? raw) : raw);
    if (event.type === "DEVICE.SELECT_MAKE") return { ...record, type: event.type, make: nth(record["make"], picker?.makes) };
    return { ...record, type: event.type, modelId: nth(record["modelId"], picker?.models.map((model) => model.id)) };
  }
  return event;
}

/** Every state value the random runs reached, so the tests can show they got past the first screen. */
const seen = new Map<string, Set<string>>();

async function run(name: string, machine: AnyStateMachine, input: unknown, sequence: Step[], draw: (snapshot: never) => unknown) {
  const actor = createActor(machine, { input });
  const failures: unknown[] = [];
  actor.subscribe({ error: (error) => failures.push(error) });
  actor.start();
  const values = seen.get(name) ?? new Set<string>();
  seen.set(name, values);
  const check = () => {
    const snapshot = actor.getSnapshot();
    expect(failures).toEqual([]);
    expect(snapshot.status).not.toBe("error");
    expect(isDefinedValue(machine, snapshot.value)).toBe(true);
    expect(() => draw(snapshot as never)).not.toThrow();
    values.add(JSON.stringify(snapshot.value));
  };
  for (const { event, wait } of sequence) {
    if (actor.getSnapshot().status === "done") break;
    actor.send(resolvePicks(actor.getSnapshot(), event));
    if (wait) await flush();
    check();
  }
  // Whatever was in flight settles into a defined state too.
  await flush();
  check();
  actor.stop();
}

const noop = () => {};

// A fixed seed keeps the reachability checks below repeatable; change it to explore.
const runs = { numRuns: 100, seed: 20261121 };

function reached(name: string): string[] {
  return [...(seen.get(name) ?? [])].sort();
}

const retries = (sequence: Step[], type: string) => sequence.filter((step) => step.event.type === type).length;

describe("random event sequences never throw and never leave a defined state", () => {
  it("address", async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(postcodes, { nil: undefined }), steps(addressEvents), async (prefill, sequence) => {
        const { api } = countingSandbox();
        const input = prefill === undefined ? {} : { postcode: prefill };
        await run("address", bindFlow(addressFlow, { api }), input, sequence, (snapshot) => connectAddress(snapshot, noop));
      }),
      runs,
    );
    console.log("address reached", reached("address").join(" "));
    expect(reached("address")).toEqual(expect.arrayContaining(['"done"', '"exited"', '"manual"', '"noResults"', '"results"', '"searchFailed"']));
  });

  it("eligibility, with no more than one request per attempt", async () => {
    await fc.assert(
      fc.asyncProperty(
        mpans,
        fc.option(fc.oneof(fc.constantFrom(...Object.values(SANDBOX.assetModels)), garbage), { nil: undefined }),
        fc.option(fc.array(fc.constantFrom("limited_pause", "full_asset_schedule_control", "nonsense")), { nil: undefined }),
        fc.nat({ max: 3 }),
        steps(eligibilityEvents),
        async (mpan, assetModel, propositions, failing, sequence) => {
          const { api, calls, failures } = countingSandbox();
          failures["eligibility.check"] = failing;
          const input = { mpan, assetModel, propositions };
          await run("eligibility", bindFlow(eligibilityFlow, { api }), input, sequence, (snapshot) => connectEligibility(snapshot, noop));
          expect(calls["eligibility.check"]).toBeGreaterThanOrEqual(1);
          expect(calls["eligibility.check"]).toBeLessThanOrEqual(1 + retries(sequence, "ELIGIBILITY.RETRY"));
        },
      ),
      runs,
    );
    console.log("eligibility reached", reached("eligibility").join(" "));
    expect(reached("eligibility")).toEqual(expect.arrayContaining(['"checked"', '"exited"', '"failed"']));
  });

  it("consent, stamped with the bound clock and recorded at most once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("limited_pause", "full_asset_schedule_control", "nonsense"),
        fc.nat({ max: 2 }),
        fc.nat({ max: 2 }),
        fc.nat({ max: 2 }),
        steps(consentEvents),
        async (proposition, failingTerms, failingRecords, lostRecords, sequence) => {
          const { api, failures, lostAnswers, simulation } = countingSandbox();
          failures["consents.terms"] = failingTerms;
          failures["consents.record"] = failingRecords;
          // A recorded consent whose answer is lost is retried with the same key: still one record.
          lostAnswers["consents.record"] = lostRecords;
          const machine = bindFlow(consentFlow, { api, clock: fixedNow });
          await run("consent", machine, { mpan: SANDBOX.mpans.domestic, proposition }, sequence, (snapshot) => connectConsent(snapshot, noop));
          const records = simulation.consentRecords();
          expect(records.length).toBeLessThanOrEqual(1);
          for (const record of records) expect(record.givenAt).toBe(fixedNow().toISOString());
        },
      ),
      runs,
    );
    console.log("consent reached", reached("consent").join(" "));
    expect(reached("consent")).toEqual(expect.arrayContaining(['"declined"', '"done"', '"loadFailed"', '"recordFailed"', '"reviewing"']));
  });

  it("device selection, registering at most one device", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(SANDBOX.mpans.domestic, SANDBOX.mpans.nonDomestic, SANDBOX.mpans.unknown, SANDBOX.mpans.idno),
        fc.subarray(["devices.eligibleTypes", "devices.makes", "devices.models", "devices.register"] as const),
        // Longer runs than the other flows: a registration is a dozen answers away.
        fc.array(fc.record({ event: fc.oneof({ weight: 19, arbitrary: deviceEvents }, { weight: 1, arbitrary: strangers }), wait: fc.boolean() }), { minLength: 10, maxLength: 60 }),
        async (mpan, failOnce, sequence) => {
          const api = createSandboxApi({ failOnce });
          await run("deviceSelection", bindFlow(deviceSelectionFlow, { api }), { mpan }, sequence, (snapshot) => connectDeviceSelection(snapshot, noop));
          expect(api.simulation.registeredDevices().length).toBeLessThanOrEqual(1);
        },
      ),
      // More runs than the other flows: review and registration sit behind many answers.
      { ...runs, numRuns: 400 },
    );
    console.log("deviceSelection reached", reached("deviceSelection").join(" "));
    expect(reached("deviceSelection")).toEqual(
      expect.arrayContaining(['"chooseType"', '"exited"', '"review"', '"registered"', '"unsupported"', '{"vehicle":"choosingModel"}', '{"charger":"choosingMake"}']),
    );
    // 400 runs of up to 60 events: seconds on a loaded 2-core machine, not the default 5 s.
  }, 30_000);
});
