/**
 * Random event sequences against the deviceAuth flow bound to the sandbox and its simulated
 * maker: user commands, returns from the maker (real, forged, garbled, repeated), host resumes,
 * the maker answering in the background, and garbage. The flow never throws, never errors,
 * always stands in one of its own states, its view can always be drawn, opens the sign-in
 * only when asked, and never asks the server to exchange more than once per return.
 */
import { createSandboxApi, PairingCode, SANDBOX } from "@onflex/core";
import type { OnboardingApi, RegisteredDevice, SandboxApi } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventObject } from "xstate";
import { bindFlow, connectDeviceAuth, deviceAuthFlow } from "../src/index.js";
import type { ExternalOpener } from "../src/index.js";
import { fixedNow } from "./fakes.js";
import { startChecked } from "./properties.harness.js";

const garbage = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined), fc.constant(null));
const outcomes = fc.constantFrom(...Object.values(SANDBOX.deviceAuth));

/** What happens next: an event for the flow, the maker answering, or time passing. */
type Move =
  | { kind: "event"; event: EventObject }
  | { kind: "maker"; outcome: (typeof SANDBOX.deviceAuth)[keyof typeof SANDBOX.deviceAuth]; callback: boolean; deliver: "returned" | "resume" | "none"; twice: boolean }
  | { kind: "time"; ms: number };

const events: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom({ type: "AUTH.OPEN" }, { type: "AUTH.LINK_OPENED" }, { type: "AUTH.RETRY" }, { type: "AUTH.CANCEL" }, { type: "AUTH.PAGE_HIDDEN" }, { type: "AUTH.PAGE_VISIBLE" }) },
  { weight: 1, arbitrary: fc.constant({ type: "AUTH.EXIT" }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom("AUTH.RETURNED", "FLOW.RESUME"), url: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string({ maxLength: 40 }), garbage) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom("AUTH.OPENED", "AUTH.OPEN_BLOCKED"), mode: garbage }) },
  { weight: 1, arbitrary: fc.record({ type: fc.string() }) },
);
const moves: fc.Arbitrary<Move> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("event" as const), event: events }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("maker" as const), outcome: outcomes, callback: fc.boolean(), deliver: fc.constantFrom("returned" as const, "resume" as const, "none" as const), twice: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("time" as const), ms: fc.constantFrom(1000, 2000, 15000, 11 * 60 * 1000) }) },
);

// The sandbox hashes with WebCrypto, which answers on another thread: give it a few turns.
const flush = async () => {
  for (let turn = 0; turn < 4; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

async function registered(api: SandboxApi, make: string, model: string) {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make });
  const found = models.find((item) => item.model === model)!;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make, model, provider: found.provider! });
}

/** The flow on `api`, started and checked (properties.harness.ts), recording each state in `seen`. */
async function startDeviceAuth(api: OnboardingApi, device: RegisteredDevice, openExternal: ExternalOpener, seen: Set<string>) {
  const { actor, clock, check } = await startChecked(bindFlow(deviceAuthFlow, { api, openExternal }), { device }, (snapshot) => connectDeviceAuth(snapshot, () => {}), flush);
  return { actor, clock, check: () => void seen.add(JSON.stringify(check().snapshot.value)) };
}

const seen = new Set<string>();

describe("deviceAuth: random event sequences", () => {
  it("never throw, never leave a defined state, open only when asked and exchange at most once per return", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(SANDBOX.devices.carPreferred.vehicle, SANDBOX.devices.noOAuth.vehicle),
        fc.subarray(["deviceAuth.start", "deviceAuth.status", "deviceAuth.complete"] as const),
        fc.boolean(),
        // Half the runs start as a user would (open, then the maker answers), so the ends are reached too.
        fc.tuple(
          fc.oneof(
            fc.constant<Move[]>([]),
            fc.record({ outcome: outcomes, callback: fc.boolean(), deliver: fc.constantFrom("returned" as const, "resume" as const), twice: fc.boolean() }).map((maker): Move[] => [
              { kind: "event", event: { type: "AUTH.OPEN" } },
              { kind: "maker", ...maker },
            ]),
          ),
          fc.array(moves, { minLength: 5, maxLength: 40 }),
        ).map(([prefix, rest]) => [...prefix, ...rest]),
        async (pick, failOnce, popupAllowed, sequence) => {
          let now = fixedNow().getTime();
          const api = createSandboxApi({ clock: () => new Date(now), failOnce });
          const device = await registered(api, pick.make, pick.model);
          // Ready (or refused) before the first move, as a user sees the button only then.
          let exchanges = 0;
          const returns: string[] = [];
          const counted: OnboardingApi = { ...api, deviceAuth: { ...api.deviceAuth, complete: (input, o) => ((exchanges += 1), api.deviceAuth.complete(input, o)) } };
          let opens = 0;
          let opensAsked = 0;
          const { actor, clock, check } = await startDeviceAuth(counted, device, () => ((opens += 1), { opened: popupAllowed, mode: "popup" }), seen);
          for (const move of sequence) {
            if (actor.getSnapshot().status === "done") break;
            if (move.kind === "event") {
              if (move.event.type === "AUTH.OPEN" && actor.getSnapshot().can({ type: "AUTH.OPEN" })) opensAsked += 1;
              actor.send(move.event as never);
            } else if (move.kind === "time") {
              now += move.ms;
              clock.increment(move.ms);
            } else {
              const state = actor.getSnapshot().context.signIn?.state;
              if (state) {
                const { continuationUri } = await api.simulation.simulateSignIn(state, move.outcome, { callback: move.callback });
                if (continuationUri && move.deliver !== "none") {
                  const event = move.deliver === "returned" ? { type: "AUTH.RETURNED" as const, url: continuationUri } : { type: "FLOW.RESUME" as const, url: continuationUri };
                  for (let i = 0; i < (move.twice ? 2 : 1); i += 1) {
                    returns.push(continuationUri);
                    actor.send(event);
                  }
                }
              }
            }
            await flush();
            check();
          }
          await flush();
          check();
          expect(opens).toBe(opensAsked);
          // Each exchange answers a return the flow was given (a repeat while completing is ignored).
          expect(exchanges).toBeLessThanOrEqual(returns.length + sequence.filter((m) => m.kind === "event" && /RETURNED|RESUME/.test(m.event.type)).length);
          actor.stop();
        },
      ),
      { numRuns: 150, seed: 20261121 },
    );
    expect([...seen]).toEqual(expect.arrayContaining(['"ready"', '"authorised"', '"denied"', '"choosing"', '{"waiting":"resting"}', '"exited"']));
  });

  it("guided (no OAuth): random commands, typed codes, the simulated app and time never break the flow; only codes in the format reach the server, and the app opens only when asked", { timeout: 60_000 }, async () => {
    const guidedSeen = new Set<string>();
    const typed = fc.oneof(
      fc.constantFrom(...Object.values(SANDBOX.guidedAuth.codes), "jdlx 7k4p", "ABCD2345", "JDLO-7K4P", "", "x".repeat(300)),
      fc.string({ maxLength: 12 }),
      garbage,
    );
    const guidedEvents: fc.Arbitrary<EventObject> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ type: fc.constant("GUIDED.CHOOSE"), way: fc.oneof(fc.constantFrom("app", "code"), garbage) }) },
      { weight: 6, arbitrary: fc.constantFrom(...["GUIDED.CHOOSE_AGAIN", "GUIDED.OPEN_APP", "GUIDED.APP_DONE", "GUIDED.EDIT_CODE", "GUIDED.CHECK_NOW", "GUIDED.KEEP_WAITING", "AUTH.RETRY", "AUTH.PAGE_HIDDEN", "AUTH.PAGE_VISIBLE", "FLOW.RESUME"].map((type) => ({ type }))) },
      { weight: 4, arbitrary: fc.record({ type: fc.constant("GUIDED.SUBMIT_CODE"), code: typed }) },
      { weight: 1, arbitrary: fc.constant({ type: "AUTH.EXIT" }) },
    );
    type GuidedMove = { kind: "event"; event: EventObject } | { kind: "app"; outcome: (typeof SANDBOX.guidedAuth.app)[keyof typeof SANDBOX.guidedAuth.app] } | { kind: "time"; ms: number };
    const guidedMoves: fc.Arbitrary<GuidedMove> = fc.oneof(
      { weight: 8, arbitrary: fc.record({ kind: fc.constant("event" as const), event: guidedEvents }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("app" as const), outcome: fc.constantFrom(...Object.values(SANDBOX.guidedAuth.app)) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("time" as const), ms: fc.constantFrom(2000, 15000, 6 * 60 * 1000) }) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(["deviceAuth.guide", "deviceAuth.submitCode", "deviceAuth.guidedStatus"] as const),
        // Half the runs start as a user who types a code would, so its answers are reached too.
        fc.tuple(
          fc.oneof(
            fc.constant<GuidedMove[]>([]),
            fc.constantFrom(...Object.values(SANDBOX.guidedAuth.codes)).map((code): GuidedMove[] => [
              { kind: "event", event: { type: "GUIDED.CHOOSE", way: "code" } as EventObject },
              { kind: "event", event: { type: "GUIDED.SUBMIT_CODE", code } as EventObject },
            ]),
          ),
          fc.array(guidedMoves, { minLength: 5, maxLength: 40 }),
        ).map(([prefix, rest]) => [...prefix, ...rest]),
        async (failOnce, sequence) => {
          let now = fixedNow().getTime();
          const api = createSandboxApi({ clock: () => new Date(now), failOnce });
          const device = await registered(api, SANDBOX.devices.noOAuth.vehicle.make, SANDBOX.devices.noOAuth.vehicle.model);
          const sent: string[] = [];
          const counted: OnboardingApi = { ...api, deviceAuth: { ...api.deviceAuth, submitCode: (input, o) => (sent.push(input.code), api.deviceAuth.submitCode(input, o)) } };
          let opens = 0;
          let opensAsked = 0;
          const { actor, clock, check } = await startDeviceAuth(counted, device, () => ((opens += 1), { opened: true, mode: "popup" }), guidedSeen);
          for (const move of sequence) {
            if (actor.getSnapshot().status === "done") break;
            if (move.kind === "event") {
              if (move.event.type === "GUIDED.OPEN_APP" && actor.getSnapshot().can({ type: "GUIDED.OPEN_APP" })) opensAsked += 1;
              actor.send(move.event as never);
            } else if (move.kind === "app") {
              api.simulation.simulateGuidedAuth(device.deviceId, move.outcome);
            } else {
              now += move.ms;
              clock.increment(move.ms);
            }
            await flush();
            check();
          }
          expect(opens).toBe(opensAsked);
          for (const code of sent) expect(PairingCode.safeParse(code).success).toBe(true);
          actor.stop();
        },
      ),
      { numRuns: 150, seed: 20261122 },
    );
    expect([...guidedSeen]).toEqual(expect.arrayContaining(['"choosing"', '"appSteps"', '"codeEntry"', '"codeWrong"', '"authorised"', '"makerFailed"', '{"guidedWaiting":"resting"}', '"exited"']));
  });
});
