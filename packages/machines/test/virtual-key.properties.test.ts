/**
 * Random event sequences against the virtualKey flow bound to the sandbox and its simulated
 * Tesla: user commands, host resumes, the car and Tesla's API changing in the background, time
 * passing, and garbage. The flow never throws, never errors, always stands in one of its own
 * states, its view can always be drawn, opens the link only when asked, ends paired only for a
 * Tesla, and never checks while the page is hidden unless the user or the host asks.
 */
import { createSandboxApi, SANDBOX } from "@onflex/core";
import type { OnboardingApi, SandboxApi } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventObject } from "xstate";
import { bindFlow, connectVirtualKey, virtualKeyFlow } from "../src/index.js";
import { fixedNow } from "./fakes.js";
import { startChecked } from "./properties.harness.js";

const garbage = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined), fc.constant(null));
const outcomes = fc.constantFrom(...Object.values(SANDBOX.virtualKey));

type Move =
  | { kind: "event"; event: EventObject }
  | { kind: "car"; outcome: (typeof SANDBOX.virtualKey)[keyof typeof SANDBOX.virtualKey] }
  | { kind: "time"; ms: number };

const events: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom({ type: "KEY.OPEN" }, { type: "KEY.CHECK" }, { type: "KEY.RETRY" }, { type: "KEY.PAGE_HIDDEN" }, { type: "KEY.PAGE_VISIBLE" }) },
  { weight: 1, arbitrary: fc.constant({ type: "KEY.EXIT" }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("FLOW.RESUME"), url: garbage, purpose: garbage }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("KEY.OPEN_RESULT"), opened: garbage }) },
  { weight: 1, arbitrary: fc.record({ type: fc.string() }) },
);
const moves: fc.Arbitrary<Move> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("event" as const), event: events }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("car" as const), outcome: outcomes }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("time" as const), ms: fc.constantFrom(1000, 2000, 15000, 60_000) }) },
);

const flush = async () => {
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

async function registered(api: SandboxApi, make: string, model: string) {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make });
  const found = models.find((item) => item.model === model)!;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make, model, provider: found.provider! });
}

const seen = new Set<string>();

describe("virtualKey: random event sequences", () => {
  it("never throw, never leave a defined state, open only when asked, end paired only for a Tesla, and rest while hidden", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom({ make: "Tesla", model: "Model 3" }, { make: "Kia", model: "EV6" }),
        fc.subarray(["virtualKey.details", "virtualKey.status"] as const),
        fc.boolean(),
        fc.array(moves, { minLength: 5, maxLength: 40 }),
        async (pick, failOnce, opens, sequence) => {
          let now = fixedNow().getTime();
          const api = createSandboxApi({ clock: () => new Date(now), failOnce });
          const device = await registered(api, pick.make, pick.model);
          let checks = 0;
          const counted: OnboardingApi = { ...api, virtualKey: { ...api.virtualKey, status: (input, o) => ((checks += 1), api.virtualKey.status(input, o)) } };
          let opened = 0;
          let openAsked = 0;
          const machine = bindFlow(virtualKeyFlow, { api: counted, openExternal: () => ((opened += 1), { opened: opens, mode: "system_browser" }) });
          const started = await startChecked(machine, { device }, (snapshot) => connectVirtualKey(snapshot, () => {}), flush);
          const { actor, clock } = started;
          const check = () => void seen.add(JSON.stringify(started.check().snapshot.value));
          for (const move of sequence) {
            if (actor.getSnapshot().status === "done") break;
            if (move.kind === "event") {
              if (move.event.type === "KEY.OPEN" && actor.getSnapshot().can({ type: "KEY.OPEN" })) openAsked += 1;
              actor.send(move.event as never);
            } else if (move.kind === "time") {
              const paused = actor.getSnapshot().matches({ waiting: "paused" });
              const before = checks;
              now += move.ms;
              clock.increment(move.ms);
              await flush();
              // Time alone never makes a hidden page check.
              if (paused) expect(checks).toBe(before);
            } else if (pick.make === "Tesla") {
              api.simulation.simulateVirtualKey(device.deviceId, move.outcome);
            }
            await flush();
            check();
          }
          await flush();
          check();
          expect(opened).toBe(openAsked);
          const snapshot = actor.getSnapshot();
          if (snapshot.matches("paired")) {
            expect(snapshot.output).toMatchObject({ outcome: "paired", deviceId: device.deviceId });
            expect(pick.make).toBe("Tesla");
          }
          if (pick.make !== "Tesla") expect(snapshot.value).toBe("notNeeded");
          actor.stop();
        },
      ),
      { numRuns: 150, seed: 20261121 },
    );
    expect([...seen]).toEqual(expect.arrayContaining(['"paired"', '"notNeeded"', '{"waiting":"resting"}', '{"waiting":"paused"}', '"exited"', '"checkFailed"', '"loadFailed"']));
  });
});
