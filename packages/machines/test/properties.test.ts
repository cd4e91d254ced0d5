import { createSandboxApi, SANDBOX } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createActor, getStateNodes } from "xstate";
import type { AnyActorRef, AnyStateMachine, EventObject } from "xstate";
import { addressMachine, consentMachine, eligibilityMachine, journeyMachine, presets } from "../src/index.js";
import { fixedNow, validManual } from "./fakes.js";

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

/** Mostly events a user could send, weighted so random runs get deep into each flow; some garbage. */
const exits = (...types: string[]) => ({ weight: 1, arbitrary: fc.constantFrom(...types.map((type) => ({ type }))) });
const addressEvents: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant("ADDRESS.CHANGE_POSTCODE_DRAFT"), value: postcodes }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("ADDRESS.SUBMIT_POSTCODE"), postcode: postcodes }, { requiredKeys: ["type"] }) },
  // "#n" selects the n-th address or meter on screen; the rest is garbage.
  { weight: 4, arbitrary: fc.record({ type: fc.constant("ADDRESS.SELECT_ADDRESS"), addressId: fc.oneof(fc.constantFrom("#0", "#1"), garbage) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("ADDRESS.SELECT_METER"), mpan: fc.oneof(fc.constantFrom("#0", "#1"), mpans) }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant("ADDRESS.CHANGE_MANUAL_DRAFT"), values: fc.oneof(fc.record({ mpan: mpans, line1: garbage }), garbage) }),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      { type: fc.constant("ADDRESS.SUBMIT_MANUAL"), values: fc.oneof(fc.constant(validManual), fc.record({ mpan: mpans }), garbage) },
      { requiredKeys: ["type"] },
    ),
  },
  { weight: 3, arbitrary: fc.constantFrom({ type: "ADDRESS.ENTER_MANUALLY" }, { type: "ADDRESS.RETRY" }, { type: "ADDRESS.BACK" }, { type: "ADDRESS.CHANGE_POSTCODE" }) },
  exits("ADDRESS.EXIT"),
);
const eligibilityEvents: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ type: "ELIGIBILITY.RETRY" }) },
  exits("ELIGIBILITY.EXIT"),
);
const consentEvents: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant("CONSENT.SET_AGREED"), agreed: fc.oneof(fc.boolean(), fc.constant(true), garbage) }) },
  { weight: 4, arbitrary: fc.constantFrom({ type: "CONSENT.ACCEPT" }, { type: "CONSENT.RETRY" }) },
  exits("CONSENT.DECLINE"),
);
const journeyEvents: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 12, arbitrary: addressEvents },
  { weight: 2, arbitrary: eligibilityEvents },
  { weight: 6, arbitrary: consentEvents },
  { weight: 1, arbitrary: fc.constant({ type: "JOURNEY.BACK" }) },
  exits("JOURNEY.EXIT"),
);
const strangers: fc.Arbitrary<EventObject> = fc.record({ type: fc.string() });

type Step = { event: EventObject; wait: boolean };
const steps = (events: fc.Arbitrary<EventObject>) =>
  fc.array(fc.record({
      event: fc.oneof({ weight: 9, arbitrary: events }, { weight: 1, arbitrary: strangers }),
      wait: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }), {
    maxLength: 30,
  });

/** "#n" picks the n-th address or meter the flow is showing, so random runs get past the lists. */
function resolvePicks(target: AnyActorRef, event: EventObject): EventObject & Record<string, unknown> {
  const context = (target.getSnapshot() as { context?: { addresses?: { id: string }[]; meters?: { mpan: string }[] } }).context;
  const record = event as Record<string, unknown>;
  const pick = (value: unknown, list: { id?: string; mpan?: string }[] | undefined, key: "id" | "mpan") =>
    typeof value === "string" && value.startsWith("#") ? (list?.[Number(value.slice(1))]?.[key] ?? value) : value;
  if (event.type === "ADDRESS.SELECT_ADDRESS") return { ...record, type: event.type, addressId: pick(record["addressId"], context?.addresses, "id") };
  if (event.type === "ADDRESS.SELECT_METER") return { ...record, type: event.type, mpan: pick(record["mpan"], context?.meters, "mpan") };
  return event;
}

/** Every state value the random runs reached, so the test can show they got past the first screen. */
const seen = new Map<AnyStateMachine, Set<string>>();

async function run(machine: AnyStateMachine, input: unknown, sequence: Step[], route?: (root: AnyActorRef, event: EventObject) => AnyActorRef) {
  const actor = createActor(machine, { input });
  const failures: unknown[] = [];
  actor.subscribe({ error: (error) => failures.push(error) });
  actor.start();
  for (const { event, wait } of sequence) {
    if (actor.getSnapshot().status === "done") break;
    const target = route ? route(actor, event) : actor;
    target.send(resolvePicks(target, event));
    if (wait) await flush();
    const snapshot = actor.getSnapshot();
    expect(failures).toEqual([]);
    expect(snapshot.status).not.toBe("error");
    expect(isDefinedValue(machine, snapshot.value)).toBe(true);
    const values = seen.get(machine) ?? new Set<string>();
    values.add(JSON.stringify(snapshot.value));
    seen.set(machine, values);
  }
  actor.stop();
}

/** Flow events go to the flow the journey is showing, as its step components would send them. */
function routeToStep(root: AnyActorRef, event: EventObject): AnyActorRef {
  if (event.type.startsWith("JOURNEY.")) return root;
  const children = (root.getSnapshot() as { children: Record<string, AnyActorRef | undefined> }).children;
  const prefix = event.type.split(".")[0]?.toLowerCase() ?? "";
  return children[prefix] ?? root;
}

// A fixed seed keeps the reachability checks below repeatable; change it to explore.
const runs = { numRuns: 100, seed: 20261121 };

function reached(machine: AnyStateMachine): string[] {
  return [...(seen.get(machine) ?? [])].sort();
}

describe("random event sequences never throw and never leave a defined state", () => {
  it("address", async () => {
    await fc.assert(fc.asyncProperty(steps(addressEvents), (sequence) => run(addressMachine, { api: createSandboxApi() }, sequence)), runs);
    console.log("address reached", reached(addressMachine).join(" "));
    expect(reached(addressMachine)).toEqual(expect.arrayContaining(['"done"', '"manual"', '"results"', '"searchFailed"']));
  });

  it("eligibility", async () => {
    await fc.assert(
      fc.asyncProperty(mpans, steps(eligibilityEvents), (mpan, sequence) =>
        run(eligibilityMachine, { api: createSandboxApi(), mpan, retry: { baseDelayMs: 0 } }, sequence),
      ),
      runs,
    );
    console.log("eligibility reached", reached(eligibilityMachine).join(" "));
    expect(reached(eligibilityMachine)).toEqual(expect.arrayContaining(['"checked"', '"failed"']));
  });

  it("consent", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("limited_pause", "full_asset_schedule_control", "nonsense"), steps(consentEvents), (proposition, sequence) =>
        run(consentMachine, { api: createSandboxApi(), mpan: SANDBOX.mpans.domestic, proposition, now: fixedNow }, sequence),
      ),
      runs,
    );
    console.log("consent reached", reached(consentMachine).join(" "));
    expect(reached(consentMachine)).toEqual(expect.arrayContaining(['"done"', '"declined"', '"reviewing"']));
  });

  it("journey", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(presets.axleFlexLite, presets.axleSmartCharging),
        fc.option(fc.constantFrom(...Object.values(SANDBOX.assetModels)), { nil: undefined }),
        steps(journeyEvents),
        (preset, assetModel, sequence) =>
          run(journeyMachine, { api: createSandboxApi(), preset, assetModel, now: fixedNow, eligibilityRetry: { baseDelayMs: 0 } }, sequence, routeToStep),
      ),
      runs,
    );
    console.log("journey reached", reached(journeyMachine).join(" "));
    expect(reached(journeyMachine)).toEqual(expect.arrayContaining(['{"qualifying":"consent"}', '{"qualifying":"ineligible"}']));
  });
});
