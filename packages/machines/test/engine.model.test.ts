/**
 * The engine's own model: every state and every transition of the journey machine is
 * exercised by the scenarios below, measured from the transitions XState reports taking
 * (not from reachability alone), and at each stop the view says what a user would see.
 */
import { createSandboxApi } from "@onflex/core";
import type { OnboardingApi } from "@onflex/core";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "xstate";
import { connectJourney, createFlowRegistry, createJourneyMachine } from "../src/index.js";
import type { JourneyDefinition, JourneyMachine, JourneyView } from "../src/index.js";
import { coverageRecorder, scriptedWizard, settle, startScripted } from "./fixtures/engine.harness.js";
import { scriptedFlow, type ScriptedEvent } from "./fixtures/scripted.flow.js";

const flows = createFlowRegistry([
  scriptedFlow("first", { gives: ["alpha"] }),
  scriptedFlow("check", { needs: ["alpha"], gives: ["beta"], revisitable: false }),
  scriptedFlow("second", { needs: ["alpha"], gives: ["gamma"] }),
  scriptedFlow("optional", { gives: ["delta"] }),
]);

const fixed: JourneyDefinition = {
  id: "model-fixed",
  version: 1,
  source: {
    type: "fixed",
    steps: [
      { flow: "first" },
      { flow: "check", background: true },
      { flow: "optional", when: (facts) => facts.alpha === "never" },
      { flow: "second" },
    ],
  },
};

const server: JourneyDefinition = { id: "model-server", version: 1, source: { type: "server", template: "scripted" } };
const serverSteps = [
  { id: "s1", type: "first" },
  { id: "s2", type: "second" },
];

const coverage = coverageRecorder(createJourneyMachine(fixed, { flows, deps: { api: createSandboxApi() } }));

function run(definition: JourneyDefinition, api: OnboardingApi = createSandboxApi()) {
  const { actor } = startScripted(definition, flows, api);
  coverage.attach(actor as never);
  actor.start();
  const view = () => connectJourney(actor.getSnapshot(), actor.send);
  const step = (event: ScriptedEvent) => {
    const current = view().current;
    if (!current) throw new Error(`no step to send ${event.type} to (screen ${view().screen})`);
    current.ref.send(event);
  };
  return { actor, view, step };
}

/** What a user sees on each screen, checked wherever a scenario stops. */
function expectScreen(view: JourneyView, screen: JourneyView["screen"]) {
  expect(view.screen).toBe(screen);
  if (screen === "step") {
    expect(view.current?.stepId).toBe(view.stepId);
    expect(view.steps.filter((step) => step.status === "current")).toHaveLength(1);
  }
  if (screen === "blocked") expect(view.blocked).not.toBeNull();
  if (screen === "failed") {
    expect(view.error).not.toBeNull();
    expect(view.canRetry).toBe(true);
  }
  if (screen === "complete") expect(view.completion).not.toBeNull();
  if (screen === "exited") expect(view.exitInfo).not.toBeNull();
}

const ended = (actor: Actor<JourneyMachine>) => actor.getSnapshot().output;

describe("journey engine model", () => {
  it("completes a fixed journey: background check adopted, conditional step skipped", () => {
    const { actor, view, step } = run(fixed);
    expectScreen(view(), "step");
    step({ type: "FINISH" });
    // The background check is now the current step, still waiting.
    expect(view()).toMatchObject({ stepId: "check", index: 1, total: 3 });
    step({ type: "FINISH" });
    expect(view().steps.map((s) => s.status)).toEqual(["complete", "complete", "skipped", "current"]);
    step({ type: "FINISH" });
    expectScreen(view(), "complete");
    expect(ended(actor)).toMatchObject({ status: "complete", facts: { alpha: "alpha from first", beta: "beta from check", gamma: "gamma from second" } });
  });

  it("goes back past a check to the step before it, from a step and from a block", () => {
    const { view, step } = run(fixed);
    step({ type: "FINISH" });
    step({ type: "FINISH" });
    expect(view().canGoBack).toBe(true);
    view().back();
    expectScreen(view(), "step");
    expect(view().stepId).toBe("first");
    expect(view().canGoBack).toBe(false);
    step({ type: "FINISH" });
    step({ type: "BLOCK" });
    expectScreen(view(), "blocked");
    expect(view().blocked).toMatchObject({ stepId: "check", reason: "scripted" });
    view().back();
    expect(view().stepId).toBe("first");
  });

  it("a block that offers its answers to change: Back opens the same step again with them, not the step before", () => {
    const { actor, view, step } = run(fixed);
    step({ type: "FINISH" });
    step({ type: "BLOCK_CHANGEABLE" });
    expectScreen(view(), "blocked");
    expect(view().canGoBack).toBe(true);
    view().back();
    expectScreen(view(), "step");
    expect(view().stepId).toBe("check");
    expect(view().blocked).toBeNull();
    step({ type: "FINISH" });
    step({ type: "FINISH" });
    expect(ended(actor)).toMatchObject({ status: "complete", facts: { beta: "beta from check (changed)" } });
  });

  it("exits from a block with reason blocked, and from a step with the flow's reason", () => {
    const blocked = run(fixed);
    blocked.step({ type: "FINISH" });
    blocked.step({ type: "BLOCK" });
    blocked.view().exit();
    expectScreen(blocked.view(), "exited");
    expect(ended(blocked.actor)).toMatchObject({ status: "exited", reason: "blocked", blocked: { reason: "scripted" } });

    const declined = run(fixed);
    declined.step({ type: "DECLINE" });
    expect(ended(declined.actor)).toMatchObject({ status: "exited", reason: "declined", stepId: "first" });
  });

  it("shows a broken step as failed; Retry restarts it, Back leaves it, Exit says failed", () => {
    const { actor, view, step } = run(fixed);
    step({ type: "FINISH" });
    step({ type: "FINISH" });
    step({ type: "CRASH" });
    expectScreen(view(), "failed");
    view().retry();
    expectScreen(view(), "step");
    step({ type: "BREAK" });
    expectScreen(view(), "failed");
    expect(view().error?.code).toBe("invalid_response");
    view().back();
    expect(view().stepId).toBe("first");
    step({ type: "FINISH" });
    step({ type: "FINISH" });
    step({ type: "CRASH" });
    view().exit();
    expect(ended(actor)).toMatchObject({ status: "exited", reason: "failed", error: { code: "upstream" } });
  });

  it("follows a server's steps, goes back through it, and completes when it says so", async () => {
    const wizard = scriptedWizard(serverSteps);
    const { actor, view, step } = run(server, wizard.api);
    expectScreen(view(), "loading");
    await settle();
    expectScreen(view(), "step");
    expect(view()).toMatchObject({ stepId: "s1", total: null });
    step({ type: "FINISH" });
    await settle();
    expect(view().stepId).toBe("s2");
    view().back();
    await settle();
    expect(view().stepId).toBe("s1");
    step({ type: "FINISH" });
    await settle();
    step({ type: "FINISH" });
    await settle();
    expectScreen(view(), "complete");
    expect(ended(actor)).toMatchObject({ status: "complete", steps: ["s1", "s2"] });
  });

  it("shows the server failing and an unknown step as failed; Retry asks again; Back from failed", async () => {
    const wizard = scriptedWizard([{ id: "s1", type: "first" }, { id: "x", type: "nobody-knows-this" }]);
    wizard.control.failures = 1;
    const { view, step } = run(server, wizard.api);
    await settle();
    expectScreen(view(), "failed");
    expect(view().error?.code).toBe("upstream");
    view().retry();
    await settle();
    step({ type: "FINISH" });
    await settle();
    expectScreen(view(), "failed");
    expect(view().error?.code).toBe("unsupported_step");
    view().back();
    await settle();
    expect(view().stepId).toBe("s1");
  });

  it("starts the server's journey again when the server has forgotten its wizard", async () => {
    const wizard = scriptedWizard(serverSteps);
    const { view, step } = run(server, wizard.api);
    await settle();
    step({ type: "FINISH" });
    await settle();
    expect(view().stepId).toBe("s2");
    wizard.control.forgotten = true;
    step({ type: "FINISH" });
    await settle();
    expectScreen(view(), "step");
    expect(view()).toMatchObject({ stepId: "s1", index: 0, error: null });
  });

  it("passes a host's resume on to the running flow without changing where the journey stands", () => {
    const { view, actor } = run(fixed);
    actor.send({ type: "JOURNEY.RESUME", url: "https://app.example/back" });
    expectScreen(view(), "step");
    expect(view().stepId).toBe("first");
  });

  it("exits the whole journey from any screen with JOURNEY.EXIT", async () => {
    const wizard = scriptedWizard(serverSteps);
    const { actor, view } = run(server, wizard.api);
    await settle();
    view().exit();
    expect(ended(actor)).toMatchObject({ status: "exited", reason: "user_closed", stepId: "s1" });
  });

  afterAll(() => {
    const report = coverage.report();
    console.log(`journey engine: states ${report.states.reached}/${report.states.total}, transitions ${report.transitions.taken}/${report.transitions.total}`);
  });

  it("has exercised every state and transition of the engine (runs last)", () => {
    const report = coverage.report();
    expect(report.states.missing).toEqual([]);
    expect(report.transitions.missing).toEqual([]);
  });
});
