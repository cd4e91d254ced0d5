/**
 * Random event sequences, hostile payloads included, never throw and never leave a defined
 * state of the enrollment flow, against the sandbox with any of its calls failing once; and
 * a household never ends up with two open enrolments.
 */
import { createSandboxApi, OPEN_ENROLLMENT_STATUSES, SANDBOX_PROGRAM_IDS, SANDBOX_SITES } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createActor, getStateNodes } from "xstate";
import type { EventObject } from "xstate";
import { bindFlow, connectEnrollment, enrollmentFlow } from "../src/index.js";
import { fixedNow } from "./fakes.js";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const garbage = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined), fc.constant(null));
const mostly = <T,>(likely: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: likely }, { weight: 1, arbitrary: garbage });

const siteAnswers = fc.record(
  { last_name: mostly(fc.constant("Rivera")), street_address: mostly(fc.constant("1 Way")), city: mostly(fc.constant("Testville")), email: mostly(fc.constant("a@b.co")) },
  { requiredKeys: [] },
);
const answers = fc.array(
  fc.record({
    name: mostly(fc.constantFrom("has_solar", "daily_miles", "utility_account_number", "heated_space", "tank_gallons", "heater_serial", "__proto__")),
    value: fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 200 }), fc.constantFrom("1234567890", "WH-1234", ""), garbage),
  }),
  { maxLength: 4 },
);
const events: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant("ENROLLMENT.SUBMIT_ZIP"), zipCode: mostly(fc.constantFrom("88801", "88802", "88803", "8880")) }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant("ENROLLMENT.SELECT"), programId: mostly(fc.constantFrom(...Object.values(SANDBOX_PROGRAM_IDS))) }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant("ENROLLMENT.ENROL"), agreed: fc.oneof(fc.constant(true), fc.boolean(), garbage) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("ENROLLMENT.SUBMIT_MISSING"), site: mostly(siteAnswers), answers: mostly(answers) }, { requiredKeys: ["type"] }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom({ type: "ENROLLMENT.CANCEL" }, { type: "ENROLLMENT.CONTINUE" }, { type: "ENROLLMENT.RETRY" }, { type: "ENROLLMENT.BACK" }),
  },
  { weight: 1, arbitrary: fc.constant({ type: "ENROLLMENT.EXIT" }) },
  { weight: 1, arbitrary: fc.record({ type: fc.string() }) },
);

const reached = new Set<string>();

describe("enrollment: random event sequences", () => {
  it("never throw, never leave a defined state, and never make two open enrolments", async () => {
    const machineOf = (api: ReturnType<typeof createSandboxApi>) => bindFlow(enrollmentFlow, { api, clock: fixedNow });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(SANDBOX_SITES)),
        fc.subarray(["site.get", "site.update", "programs.list", "enrollments.list", "enrollments.create", "enrollments.cancel"] as const),
        fc.array(fc.record({ event: events, wait: fc.boolean() }), { minLength: 5, maxLength: 40 }),
        async (site, failOnce, sequence) => {
          const api = createSandboxApi({ clock: fixedNow, site, failOnce });
          const machine = machineOf(api);
          const actor = createActor(machine, { input: {} });
          const failures: unknown[] = [];
          actor.subscribe({ error: (error) => failures.push(error) });
          actor.start();
          const check = () => {
            const snapshot = actor.getSnapshot();
            expect(failures).toEqual([]);
            expect(snapshot.status).not.toBe("error");
            expect(getStateNodes(machine.root, snapshot.value).length).toBeGreaterThan(0);
            expect(() => connectEnrollment(snapshot, () => {})).not.toThrow();
            reached.add(JSON.stringify(snapshot.value));
          };
          for (const { event, wait } of sequence) {
            if (actor.getSnapshot().status === "done") break;
            actor.send(event as never);
            if (wait) await flush();
            check();
          }
          await flush();
          check();
          actor.stop();
          const open = api.simulation.enrollments().filter((item) => OPEN_ENROLLMENT_STATUSES.includes(item.status));
          expect(open.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300, seed: 20261121 },
    );
    console.log("enrollment reached", [...reached].sort().join(" "));
    expect([...reached]).toEqual(expect.arrayContaining(['"choosing"', '"details"', '"collecting"', '"pending"', '"noPrograms"', '"enrolled"', '"exited"']));
  });
});
