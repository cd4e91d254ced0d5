/**
 * Random event sequences, hostile payloads included, never throw and never leave a defined
 * state of the manage-enrollment flow, against the sandbox with any of its calls failing once;
 * and whatever the user does, a past or cancelled event never changes and no event ever holds
 * a reserve outside its programme's bounds.
 */
import { createSandboxApi, SANDBOX_PROGRAMS, SANDBOX_SITES } from "@onflex/core";
import type { Enrollment } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createActor, getStateNodes } from "xstate";
import type { EventObject } from "xstate";
import { bindFlow, connectManageEnrollment, manageEnrollmentFlow } from "../src/index.js";

const START = new Date("2026-07-14T15:00:00.000Z");
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const garbage = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined), fc.constant(null));
const mostly = <T,>(likely: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: likely }, { weight: 1, arbitrary: garbage });
// The sandbox's event ids for the first enrolment: sbx-evt-1-1 … sbx-evt-1-6.
const eventId = mostly(fc.constantFrom("sbx-evt-1-1", "sbx-evt-1-2", "sbx-evt-1-3", "sbx-evt-1-4", "sbx-evt-1-5", "sbx-evt-1-6", "sbx-evt-9-9"));

const events: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom("MANAGE.OPT_OUT", "MANAGE.OPT_IN"), eventId }) },
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant("MANAGE.SET_RESERVE"), eventId, percentage: fc.oneof(fc.integer({ min: -10, max: 110 }), fc.constant(null), fc.double(), garbage) }),
  },
  { weight: 6, arbitrary: fc.constantFrom({ type: "MANAGE.CONFIRM" }, { type: "MANAGE.BACK" }, { type: "MANAGE.RETRY" }, { type: "MANAGE.REFRESH" }) },
  { weight: 2, arbitrary: fc.constantFrom({ type: "MANAGE.UNENROLL" }, { type: "MANAGE.CANCEL_ENROLLMENT" }) },
  { weight: 1, arbitrary: fc.constantFrom({ type: "MANAGE.DONE" }, { type: "MANAGE.EXIT" }) },
  { weight: 1, arbitrary: fc.record({ type: fc.string() }) },
);

const sites = [SANDBOX_SITES.enrolledActive, SANDBOX_SITES.cannotUnenrollYet, SANDBOX_SITES.activePastCommitment, SANDBOX_SITES.enrolledPending, SANDBOX_SITES.becomesActive, SANDBOX_SITES.rejected];
const reached = new Set<string>();

describe("manageEnrollment: random event sequences", () => {
  it("never throw, never leave a defined state, never change a finished event nor set a reserve out of bounds", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...sites),
        fc.subarray(["site.get", "enrollments.list", "programs.list", "events.list", "events.update", "enrollments.cancel", "enrollments.unenroll"] as const),
        fc.array(fc.record({ event: events, wait: fc.boolean() }), { minLength: 5, maxLength: 40 }),
        async (site, failOnce, sequence) => {
          let now = START.getTime();
          const clock = () => new Date(now);
          const api = createSandboxApi({ clock, site, failOnce });
          const before = api.simulation.events();
          const enrollment = api.simulation.enrollments()[0] as Enrollment;
          const machine = bindFlow(manageEnrollmentFlow, { api, clock });
          const actor = createActor(machine, { input: { enrollment } });
          const failures: unknown[] = [];
          actor.subscribe({ error: (error) => failures.push(error) });
          actor.start();
          const check = () => {
            const snapshot = actor.getSnapshot();
            expect(failures).toEqual([]);
            expect(snapshot.status).not.toBe("error");
            expect(getStateNodes(machine.root, snapshot.value).length).toBeGreaterThan(0);
            expect(() => connectManageEnrollment(snapshot, () => {})).not.toThrow();
            reached.add(JSON.stringify(snapshot.value));
          };
          for (const { event, wait } of sequence) {
            if (actor.getSnapshot().status === "done") break;
            actor.send(event as never);
            if (wait) {
              now += 10_000;
              await flush();
            }
            check();
          }
          await flush();
          check();
          actor.stop();
          const after = api.simulation.events();
          for (const event of before.filter((item) => item.status === "COMPLETED" || item.status === "CANCELED")) {
            expect(after.find((item) => item.id === event.id)).toMatchObject({ is_participating: event.is_participating, device_settings: event.device_settings });
          }
          for (const event of after) {
            const policy = SANDBOX_PROGRAMS.find((d) => d.program.id === event.program_id)?.program.backup_reserve;
            for (const setting of event.device_settings) {
              if (setting.backup_reserve_percentage === null) continue;
              expect(policy).toBeTruthy();
              expect(setting.backup_reserve_percentage).toBeGreaterThanOrEqual(policy!.minimum_percentage);
              expect(setting.backup_reserve_percentage).toBeLessThanOrEqual(policy!.maximum_percentage);
            }
          }
        },
      ),
      { numRuns: 200, seed: 20261122 },
    );
    console.log("manageEnrollment reached", [...reached].sort().join(" "));
    expect([...reached]).toEqual(
      expect.arrayContaining(['"active"', '"confirmingChange"', '"pending"', '"reviewingUnenroll"', '"rejected"', '"kept"', '"cancelled"', '"unenrolled"', '"exited"']),
    );
  });
});
