/**
 * Random event sequences against the tariffSwitch flow bound to the sandbox's simulated
 * supplier, from both places a journey puts it: user commands, garbage events, the device's
 * status moving (as its test charge does), waits passing, and a flaky supplier. The flow never
 * throws, never errors, always stands in one of its own states, its view can always be drawn,
 * and it never decides more than once.
 */
import { createSandboxApi, DEVICE_STATUSES, SANDBOX } from "@onflex/core";
import type { OnboardingApi } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, getStateNodes } from "xstate";
import type { EventObject } from "xstate";
import { bindFlow, connectTariffSwitch, tariffSwitchFlow } from "../src/index.js";
import { fixedNow } from "./fakes.js";

type Move = { kind: "event"; event: EventObject } | { kind: "device"; status: (typeof DEVICE_STATUSES)[number] } | { kind: "time" };

const garbage = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined), fc.constant(null));
const events: fc.Arbitrary<EventObject> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      ...["ACCEPT", "DECLINE", "CONFIRM_DECLINE", "KEEP", "CONTINUE", "RETRY", "PAGE_HIDDEN", "PAGE_VISIBLE"].map((type) => ({ type: `TARIFF.${type}` })),
    ),
  },
  { weight: 1, arbitrary: fc.constant({ type: "TARIFF.EXIT" }) },
  { weight: 1, arbitrary: fc.record({ type: fc.oneof(fc.string(), fc.constant("TARIFF.ACCEPT")), offerId: garbage, status: garbage }) },
);
const moves: fc.Arbitrary<Move> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("event" as const), event: events }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("device" as const), status: fc.constantFrom(...DEVICE_STATUSES) }) },
  { weight: 2, arbitrary: fc.constant({ kind: "time" as const }) },
);

const flush = async () => {
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe("tariffSwitch: random event sequences", () => {
  it("never throw, never leave a defined state, and decide at most once", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("offer" as const, "wait" as const),
        fc.constantFrom<string | null>(null, ...Object.values(SANDBOX.tariffs)),
        fc.subarray(["tariffs.offer", "tariffs.accept", "tariffs.decline", "tariffs.switchStatus"] as const),
        fc.boolean(),
        fc.array(moves, { minLength: 3, maxLength: 30 }),
        async (mode, tariffCode, failOnce, acceptedBefore, sequence) => {
          const api = createSandboxApi({ clock: fixedNow, failOnce });
          const { vehicle } = SANDBOX.devices.carPreferred;
          const device = await api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: vehicle.make, model: vehicle.model, provider: "TESLA" });
          if (acceptedBefore) {
            const offer = await api.tariffs.offer({ deviceId: device.deviceId }).catch(() => api.tariffs.offer({ deviceId: device.deviceId }));
            await api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId }).catch(() => api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId }));
          }
          let decisions = 0;
          const counted: OnboardingApi = {
            ...api,
            tariffs: {
              ...api.tariffs,
              accept: (input, o) => ((decisions += 1), api.tariffs.accept(input, o)),
              decline: (input, o) => ((decisions += 1), api.tariffs.decline(input, o)),
            },
          };
          const waits: (() => void)[] = [];
          const machine = bindFlow(tariffSwitchFlow, { api: counted }).provide({
            actors: { waitBeforeCheck: fromPromise<void, { ms: number }>(() => new Promise<void>((resolve) => waits.push(resolve))) },
          });
          const actor = createActor(machine, { input: { mode, device, tariffCode } });
          const failures: unknown[] = [];
          actor.subscribe({ error: (error) => failures.push(error) });
          actor.start();
          await flush();
          for (const move of sequence) {
            // A finished flow takes no more events (the journey has moved on).
            if (actor.getSnapshot().status === "done") break;
            if (move.kind === "event") actor.send(move.event as never);
            else if (move.kind === "device") api.simulation.setDeviceStatus(device.deviceId, move.status);
            else waits.shift()?.();
            await flush();
            const snapshot = actor.getSnapshot();
            expect(failures).toEqual([]);
            expect(getStateNodes(machine.root, snapshot.value).length).toBeGreaterThan(0);
            const view = connectTariffSwitch(snapshot, actor.send);
            expect(view.getRootProps()["data-state"]).toBe(view.step);
            // Each decision is asked for once per press, and a decided flow asks for nothing more.
            expect(decisions).toBeLessThanOrEqual(sequence.filter((m) => m.kind === "event" && ["TARIFF.ACCEPT", "TARIFF.CONFIRM_DECLINE", "TARIFF.RETRY"].includes(m.event.type)).length);
            if (snapshot.status === "done") {
              const output = snapshot.output;
              if (output) expect(["accepted", "declined"]).toContain(output.outcome);
              const result = tariffSwitchFlow.result(output ?? null, { facts: {}, params: {} });
              expect(["done", "exited"]).toContain(result.status);
            }
          }
          actor.stop();
        },
      ),
      { numRuns: 60 },
    );
  });
});
