/**
 * Random journeys: random step orders, needs and gives, conditions and background flags,
 * random server answers (garbage included) and random user events. Whatever happens, the
 * engine never throws, never errors, and always stands at a step, a block, a failure it can
 * retry, or its end.
 */
import { createSandboxApi, SANDBOX } from "@onflex/core";
import * as fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createActor } from "xstate";
import {
  connectJourney,
  createFlowRegistry,
  createJourneyMachine,
  defineJourney,
  JourneyDefinitionError,
  onflexFlowRegistry,
  presets,
} from "../src/index.js";
import type { AnyFlowDefinition, JourneyDefinition, JourneyStepDefinition } from "../src/index.js";
import { scriptedWizard, settle, startScripted } from "./fixtures/engine.harness.js";
import { SCRIPTED_FACTS, scriptedFlow, type ScriptedEvent } from "./fixtures/scripted.flow.js";

const fact = fc.constantFrom(...SCRIPTED_FACTS);

const flowSpec = fc.record({
  needs: fc.uniqueArray(fact, { maxLength: 2 }),
  gives: fc.uniqueArray(fact, { maxLength: 2 }),
  revisitable: fc.boolean(),
});

const stepSpec = fc.record({
  flow: fc.nat({ max: 4 }),
  when: fc.option(fc.oneof(fc.constant("always"), fc.constant("never"), fact), { nil: undefined }),
  background: fc.boolean(),
});

const userEvent = fc.oneof(
  fc.constantFrom<ScriptedEvent["type"]>("FINISH", "FINISH", "FINISH", "QUIT", "DECLINE", "BLOCK", "BREAK", "CRASH").map((type) => ({ to: "step" as const, type })),
  fc.constantFrom("JOURNEY.BACK", "JOURNEY.RETRY", "JOURNEY.EXIT", "JOURNEY.NONSENSE").map((type) => ({ to: "journey" as const, type })),
);

function registryOf(specs: { needs: string[]; gives: string[]; revisitable: boolean }[]) {
  const flows: AnyFlowDefinition[] = specs.map((spec, index) =>
    scriptedFlow(`f${index}`, {
      needs: spec.needs as never,
      gives: spec.gives as never,
      revisitable: spec.revisitable,
    }),
  );
  return createFlowRegistry(flows);
}

function stepsOf(specs: { flow: number; when: string | undefined; background: boolean }[], flowCount: number): JourneyStepDefinition[] {
  return specs.map((spec, index) => ({
    id: `s${index}`,
    flow: `f${spec.flow % flowCount}`,
    background: spec.background,
    ...(spec.when === undefined
      ? {}
      : { when: spec.when === "always" ? () => true : spec.when === "never" ? () => false : (facts) => (facts as Record<string, unknown>)[spec.when!] !== undefined }),
  }));
}

// Random events keep coming after a journey has ended, which is part of what is checked: XState
// ignores them and warns in development. Those warnings are expected here; any other is not.
const IGNORED_AFTER_THE_END = /was sent to stopped actor/;
let unexpectedWarnings: unknown[][] = [];
beforeEach(() => {
  unexpectedWarnings = [];
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    if (!IGNORED_AFTER_THE_END.test(String(args[0]))) unexpectedWarnings.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(unexpectedWarnings).toEqual([]);
});

const SETTLED_SCREENS = new Set(["step", "blocked", "failed", "complete", "exited"]);

async function drive(
  actor: ReturnType<typeof startScripted>["actor"],
  events: { to: "step" | "journey"; type: string }[],
  before: (index: number) => void = () => undefined,
) {
  actor.start();
  await settle();
  for (const [index, event] of events.entries()) {
    before(index);
    const view = connectJourney(actor.getSnapshot(), actor.send);
    if (event.to === "step") view.current?.ref.send({ type: event.type });
    else actor.send({ type: event.type } as never);
    await settle(2);
    expect(actor.getSnapshot().status).not.toBe("error");
  }
  await settle();
  const snapshot = actor.getSnapshot();
  const view = connectJourney(snapshot, actor.send);
  expect(snapshot.status === "done" || snapshot.status === "active").toBe(true);
  expect(SETTLED_SCREENS.has(view.screen)).toBe(true);
  if (view.screen === "step") expect(view.current).not.toBeNull();
  if (snapshot.status === "done") expect(["complete", "exited"]).toContain(snapshot.output?.status);
}

describe("random journeys", () => {
  it("fixed journeys: refused when their needs are not met, otherwise always settle", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(flowSpec, { minLength: 1, maxLength: 5 }),
        fc.array(stepSpec, { minLength: 1, maxLength: 6 }),
        fc.array(userEvent, { maxLength: 25 }),
        async (flowSpecs, stepSpecs, events) => {
          const flows = registryOf(flowSpecs);
          const definition: JourneyDefinition = {
            id: "random",
            version: 1,
            // Duplicate flows get distinct step ids; repeated ids are tested elsewhere.
            source: { type: "fixed", steps: stepsOf(stepSpecs, flowSpecs.length) },
          };
          try {
            defineJourney(definition, flows);
          } catch (error) {
            expect(error).toBeInstanceOf(JourneyDefinitionError);
            return;
          }
          await drive(startScripted(definition, flows).actor, events);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("server-driven journeys: any answer, garbage included, never breaks the journey", async () => {
    const answer = fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.anything() },
      {
        weight: 1,
        arbitrary: fc.record({
          wizardId: fc.constantFrom("wiz-1", "", "x".repeat(200)),
          template: fc.string(),
          isComplete: fc.boolean(),
          isRewindable: fc.boolean(),
          currentStep: fc.option(fc.record({ id: fc.string(), type: fc.constantFrom("f0", "f1", "unknown"), params: fc.anything() }), { nil: null }),
          completedSteps: fc.array(fc.string()),
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(flowSpec.map((spec) => ({ ...spec, needs: [] as string[] })), { minLength: 2, maxLength: 3 }),
        fc.array(fc.record({ type: fc.constantFrom("f0", "f1", "f2", "mystery"), params: fc.oneof(fc.constant({}), fc.anything()) }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(userEvent, answer, fc.nat({ max: 3 })), { maxLength: 20 }),
        async (flowSpecs, serverSteps, script) => {
          const flows = registryOf(flowSpecs);
          const wizard = scriptedWizard(
            serverSteps.map((step, index) => ({ id: `w${index}`, type: step.type, params: step.params as Record<string, unknown> })),
          );
          const { actor } = startScripted({ id: "random-server", version: 1, source: { type: "server", template: "scripted" } }, flows, wizard.api);
          // Before each user event, the server's next answer may be garbage or a failure.
          await drive(
            actor,
            script.map(([event]) => event),
            (index) => {
              const [, override, failures] = script[index]!;
              wizard.control.override = override;
              wizard.control.failures = failures === 3 ? 1 : 0;
            },
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("random journeys over Onflex's own flows", () => {
  const postcodes = Object.values(SANDBOX.postcodes);
  const flowEvent = fc.oneof(
    fc.constantFrom(...postcodes, "not a postcode", "").map((postcode) => ({ type: "ADDRESS.SUBMIT_POSTCODE", postcode })),
    fc.nat({ max: 12 }).map((index) => ({ type: "ADDRESS.SELECT_ADDRESS", index })),
    fc.constantFrom(
      { type: "ADDRESS.ENTER_MANUALLY" },
      { type: "ADDRESS.SUBMIT_MANUAL", values: { line1: "1 Typed Road", line2: "", town: "Leeds", postcode: "LS1 4AP", mpan: SANDBOX.mpans.domestic } },
      { type: "ADDRESS.SUBMIT_MANUAL", values: { mpan: SANDBOX.mpans.unknown } },
      { type: "ADDRESS.BACK" },
      { type: "ADDRESS.RETRY" },
      { type: "ADDRESS.EXIT" },
      { type: "ELIGIBILITY.RETRY" },
      { type: "CONSENT.SET_AGREED", agreed: true },
      { type: "CONSENT.ACCEPT" },
      { type: "CONSENT.DECLINE" },
      { type: "CONSENT.RETRY" },
      { type: "JOURNEY.BACK" },
      { type: "JOURNEY.RETRY" },
      { type: "JOURNEY.EXIT" },
    ),
  );

  it("presets on the sandbox, driven by random user events, never break and always settle", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.values(presets)), fc.constantFrom(...Object.values(SANDBOX.assetModels)), fc.array(flowEvent, { maxLength: 30 }), async (preset, assetModel, events) => {
        const machine = createJourneyMachine(preset, { flows: onflexFlowRegistry, deps: { api: createSandboxApi() } });
        const actor = createActor(machine, { input: { facts: { assetModel } } }).start();
        await settle();
        for (const event of events) {
          const view = connectJourney(actor.getSnapshot(), actor.send);
          if (event.type.startsWith("JOURNEY.")) actor.send(event as never);
          else if (view.current) {
            const context = view.current.ref.getSnapshot().context as { addresses?: { id: string }[] };
            const resolved =
              "index" in event ? { type: event.type, addressId: context.addresses?.[event.index as number]?.id ?? "none" } : event;
            view.current.ref.send(resolved);
          }
          await settle(2);
          expect(actor.getSnapshot().status).not.toBe("error");
        }
        await settle();
        const view = connectJourney(actor.getSnapshot(), actor.send);
        expect(SETTLED_SCREENS.has(view.screen)).toBe(true);
        actor.stop();
      }),
      { numRuns: 60 },
    );
  });
});
