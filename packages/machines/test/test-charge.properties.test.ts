/**
 * Random event sequences against the testCharge flow bound to the sandbox's SIMULATED test
 * charge: user commands (with any mix of ticked boxes), the page hidden and shown, the
 * platform refusing or failing (every fixture), time passing, and garbage. The flow never
 * throws, never errors, always stands in one of its own states, its view can always be drawn
 * with sane progress, and it never starts a test the user did not confirm in full.
 */
import { createSandboxApi, SANDBOX } from "@onflex/core";
import type { OnboardingApi, SandboxApi, SandboxTestChargeOutcome } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventObject } from "xstate";
import { bindFlow, connectTestCharge, testChargeFlow } from "../src/index.js";
import { fixedNow } from "./fakes.js";
import { startChecked } from "./properties.harness.js";

const garbage = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined), fc.constant(null));
const outcomes = fc.constantFrom(...(Object.values(SANDBOX.testCharge) as SandboxTestChargeOutcome[]));

type Move = { kind: "event"; event: EventObject } | { kind: "platform"; outcome: SandboxTestChargeOutcome } | { kind: "time"; ms: number };

const events: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant("TC.START"), pluggedInAtHome: fc.boolean(), batteryNotFull: fc.boolean(), agreedToCharge: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("TC.START"), pluggedInAtHome: garbage, batteryNotFull: garbage, agreedToCharge: garbage }) },
  { weight: 5, arbitrary: fc.constantFrom({ type: "TC.RETRY" }, { type: "TC.CONTINUE" }, { type: "TC.PAGE_HIDDEN" }, { type: "TC.PAGE_VISIBLE" }) },
  { weight: 1, arbitrary: fc.constant({ type: "TC.EXIT" }) },
  { weight: 1, arbitrary: fc.record({ type: fc.string() }) },
);
const moves: fc.Arbitrary<Move> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("event" as const), event: events }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("platform" as const), outcome: outcomes }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("time" as const), ms: fc.constantFrom(1000, 3000, 15_000, 60_000, 4 * 60_000, 3 * 60 * 60_000) }) },
);

const flush = async () => {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
};

async function registered(api: SandboxApi) {
  const { make, model } = SANDBOX.devices.carPreferred.vehicle;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make, model, provider: "TESLA" });
}

const seen = new Set<string>();

describe("testCharge: random event sequences", () => {
  it("never throw, never leave a defined state, draw sane progress and start only what the user confirmed", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(["devices.status", "testCharge.start", "testCharge.get"] as const),
        // Half the runs start as a user would (confirm, then wait), so the ends are reached too.
        fc
          .tuple(
            fc.oneof(
              fc.constant<Move[]>([]),
              fc.constantFrom(1, 7.25, 9).map((minutes): Move[] => [
                { kind: "event", event: { type: "TC.START", pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true } as EventObject },
                { kind: "time", ms: minutes * 60_000 },
              ]),
            ),
            fc.array(moves, { minLength: 5, maxLength: 50 }),
          )
          .map(([prefix, rest]) => [...prefix, ...rest]),
        async (failOnce, sequence) => {
          let now = fixedNow().getTime();
          const api = createSandboxApi({ clock: () => new Date(now), failOnce });
          const device = await registered(api);
          let starts = 0;
          let confirmedStarts = 0;
          const counted: OnboardingApi = { ...api, testCharge: { ...api.testCharge, start: (input, o) => ((starts += 1), api.testCharge.start(input, o)) } };
          const machine = bindFlow(testChargeFlow, { api: counted, clock: () => new Date(now) });
          const started = await startChecked(machine, { device }, (snapshot) => connectTestCharge(snapshot, () => {}), flush);
          const { actor, clock } = started;
          const check = () => {
            const { view } = started.check();
            if (view.progress) {
              expect(view.progress.percent).toBeGreaterThanOrEqual(0);
              expect(view.progress.percent).toBeLessThanOrEqual(100);
              expect(view.progress.secondsLeft).toBeGreaterThanOrEqual(0);
              expect(view.progress.secondsLeft).toBeLessThanOrEqual(view.progress.durationSeconds);
            }
            seen.add(view.step);
          };
          for (const move of sequence) {
            if (actor.getSnapshot().status === "done") break;
            if (move.kind === "event") {
              const event = move.event as EventObject & Record<string, unknown>;
              const confirms = event.type === "TC.START" && event["pluggedInAtHome"] === true && event["batteryNotFull"] === true && event["agreedToCharge"] === true;
              if (confirms && actor.getSnapshot().can(event as never)) confirmedStarts += 1;
              // Retry after a refusal or an error starts again with what was confirmed before.
              if (event.type === "TC.RETRY" && actor.getSnapshot().matches("refused" as never)) confirmedStarts += 1;
              if (event.type === "TC.RETRY" && actor.getSnapshot().matches("startFailed" as never)) confirmedStarts += 1;
              actor.send(event as never);
            } else if (move.kind === "time") {
              // In steps no longer than the shortest check, as the timers would fire.
              for (let left = move.ms; left > 0; left -= 60_000) {
                const step = Math.min(60_000, left);
                now += step;
                clock.increment(step);
                await flush();
              }
            } else {
              api.simulation.simulateTestCharge(device.deviceId, move.outcome);
            }
            await flush();
            check();
          }
          await flush();
          check();
          expect(starts).toBeLessThanOrEqual(confirmedStarts);
          actor.stop();
        },
      ),
      { numRuns: 150, seed: 20261122 },
    );
    expect([...seen]).toEqual(expect.arrayContaining(["preconditions", "running", "refused", "failed", "awaitingLive", "live", "exited"]));
  });
});
