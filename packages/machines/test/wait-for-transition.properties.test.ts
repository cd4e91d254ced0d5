/**
 * Random event sequences against the waitForTransition flow bound to the sandbox's wizard and
 * clock: user commands, the page hidden and shown, the server failing, time passing, and garbage.
 * The flow never throws, always stands in one of its own states, its view can always be drawn,
 * never checks while the page is hidden unless the user asks, and ends done only once the server
 * has moved past its step.
 */
import { createSandboxApi, OnflexError, SANDBOX } from "@onflex/core";
import type { OnboardingApi, WizardState } from "@onflex/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createActor, getStateNodes, SimulatedClock } from "xstate";
import type { EventObject } from "xstate";
import { bindFlow, connectWaitForTransition, waitForTransitionFlow } from "../src/index.js";
import { fixedNow } from "./fakes.js";

type Move = { kind: "event"; event: EventObject } | { kind: "time"; ms: number } | { kind: "server"; down: boolean };

const events: fc.Arbitrary<EventObject> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom({ type: "WAIT.CHECK" }, { type: "WAIT.RETRY" }, { type: "WAIT.PAGE_HIDDEN" }, { type: "WAIT.PAGE_VISIBLE" }) },
  { weight: 1, arbitrary: fc.constant({ type: "WAIT.EXIT" }) },
  { weight: 1, arbitrary: fc.record({ type: fc.string() }) },
);
const moves: fc.Arbitrary<Move> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("event" as const), event: events }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("time" as const), ms: fc.constantFrom(1000, 2000, 15_000, 4 * 60_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("server" as const), down: fc.boolean() }) },
);

const flush = async () => {
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

const seen = new Set<string>();

describe("waitForTransition: random event sequences", () => {
  it("never throw, never leave a defined state, rest while hidden, and end done only when the server moved on", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(moves, { minLength: 5, maxLength: 40 }), async (sequence) => {
        let now = fixedNow().getTime();
        const sandbox = createSandboxApi({ clock: () => new Date(now) });
        // A wizard at its DEVICE_LIVE wait: the device's test charge runs on the sandbox's clock.
        const { models } = await sandbox.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: "Kia" });
        const device = await sandbox.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: "Kia", model: models[0]!.model, provider: models[0]!.provider! });
        await sandbox.testCharge.start({ deviceId: device.deviceId, preconditions: { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true } });
        let state: WizardState = await sandbox.wizard.start({ template: SANDBOX.wizardTemplates.smartFlex });
        const facts: Record<string, Record<string, unknown>> = { address: { meter: { mpan: SANDBOX.mpans.domestic } }, device: { device } };
        while (state.currentStep && state.currentStep.id !== "deviceLive") {
          state = await sandbox.wizard.answer({ wizardId: state.wizardId, stepId: state.currentStep.id, facts: facts[state.currentStep.id] ?? {} });
        }
        let down = false;
        let checks = 0;
        let hidden = false;
        let checksWhileHidden = 0;
        const api: OnboardingApi = {
          ...sandbox,
          wizard: {
            ...sandbox.wizard,
            get: (input, options) => {
              checks += 1;
              if (hidden) checksWhileHidden += 1;
              return down ? Promise.reject(new OnflexError("upstream", "down", { retryable: true })) : sandbox.wizard.get(input, options);
            },
          },
        };
        const clock = new SimulatedClock();
        const machine = bindFlow(waitForTransitionFlow, { api, clock: () => new Date(now) });
        const input = waitForTransitionFlow.input({ facts: {}, params: { waitingFor: "DEVICE_LIVE" }, previous: undefined, serverStep: { wizardId: state.wizardId, stepId: "deviceLive" } });
        const actor = createActor(machine, { input, clock });
        const failures: unknown[] = [];
        actor.subscribe({ error: (error) => failures.push(error) });
        actor.start();
        await flush();
        for (const move of sequence) {
          if (move.kind === "server") down = move.down;
          else if (move.kind === "time") {
            now += move.ms;
            clock.increment(move.ms);
          } else {
            const userAsked = move.event.type === "WAIT.CHECK" || move.event.type === "WAIT.RETRY";
            if (move.event.type === "WAIT.PAGE_HIDDEN") hidden = true;
            if (move.event.type === "WAIT.PAGE_VISIBLE") hidden = false;
            // A check the user asks for while the page is hidden is theirs, not a background one.
            const before = checks;
            actor.send(move.event as never);
            if (userAsked && hidden) checksWhileHidden -= checks - before;
          }
          await flush();
          const snapshot = actor.getSnapshot();
          expect(failures).toEqual([]);
          expect(snapshot.status).not.toBe("error");
          expect(getStateNodes(machine.root, snapshot.value).length).toBeGreaterThan(0);
          expect(() => connectWaitForTransition(snapshot, () => {})).not.toThrow();
          seen.add(JSON.stringify(snapshot.value));
          if (snapshot.value === "done") {
            expect((await sandbox.wizard.get({ wizardId: state.wizardId })).currentStep?.id).not.toBe("deviceLive");
            expect(snapshot.output).toEqual({ outcome: "moved_on", stepId: "deviceLive" });
          }
          if (snapshot.status === "done") break;
        }
        expect(checksWhileHidden).toBeLessThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });
});
