/**
 * Model-based test of the waitForTransition flow (the harness in model.harness.ts): every state
 * by its shortest paths, with what the user sees checked at each step, and every transition
 * taken. The check's backoff timer is an event of the walk; the running flow's timers are
 * Vitest's fake timers, moved past the longest backoff when the path says time passes.
 */
import type { WizardState } from "@onflex/core";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { connectWaitForTransition, waitForTransitionActions, waitForTransitionFlow } from "../src/index.js";
import type { WaitForTransitionEvent, WaitForTransitionView } from "../src/index.js";
import type { At } from "./model.harness.js";
import { modelTests } from "./model.harness.js";
import { fixedNow, upstream } from "./fakes.js";

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterAll(() => {
  vi.useRealTimers();
});

const wizard = (currentStepId: string | null, completedSteps: string[]): WizardState => ({
  wizardId: "wiz-1",
  template: "kraken-smartflex",
  isComplete: currentStepId === null,
  isRewindable: true,
  currentStep: currentStepId === null ? null : { id: currentStepId, type: currentStepId === "deviceLive" ? "waitForTransition" : "testCharge", params: currentStepId === "deviceLive" ? { waitingFor: "DEVICE_LIVE" } : {} },
  completedSteps,
});
const stillWaiting = wizard("deviceLive", ["address", "device", "auth", "testCharge"]);
const complete = wizard(null, ["address", "device", "auth", "testCharge", "deviceLive"]);
// Rewound elsewhere (another device): this step is no longer current either; the journey sorts it out.
const rewound = wizard("testCharge", ["address", "device", "auth"]);

const machine = waitForTransitionFlow.machine.provide({ actions: waitForTransitionActions(fixedNow) });

function act(view: WaitForTransitionView, event: WaitForTransitionEvent) {
  switch (event.type) {
    case "WAIT.CHECK":
      return view.check();
    case "WAIT.RETRY":
      return view.retry();
    case "WAIT.EXIT":
      return view.exit();
    case "WAIT.PAGE_HIDDEN":
      return view.pageHidden();
    case "WAIT.PAGE_VISIBLE":
      return view.pageVisible();
  }
}

const lastAnswer = (at: At) => at.played.filter((event) => event.type.startsWith("xstate.done.actor.checkWizard") || event.type.startsWith("xstate.error.actor.checkWizard")).at(-1);

modelTests<typeof machine, WaitForTransitionView>({
  name: "waitForTransition",
  machine,
  input: { wizardId: "wiz-1", stepId: "deviceLive", waitingFor: "DEVICE_LIVE" },
  requests: ["checkWizard"],
  // The check count only sets the backoff; leaving it out keeps the walk finite.
  unstable: ["polls"],
  samples: [
    { type: "xstate.done.actor.checkWizard", output: stillWaiting },
    { type: "xstate.done.actor.checkWizard", output: complete },
    { type: "xstate.done.actor.checkWizard", output: rewound },
    { type: "xstate.error.actor.checkWizard", error: upstream() },
  ],
  connect: (snapshot, send) => connectWaitForTransition(snapshot, send),
  act: (view, event) => {
    // The backoff timer: the longest backoff has certainly passed.
    if (event.type.startsWith("xstate.after.")) return void vi.advanceTimersByTime(15_000);
    act(view, event as WaitForTransitionEvent);
  },
  sees: {
    checking(view, { requests }) {
      expect(view).toMatchObject({ isChecking: true, isWaiting: false, isDone: false, waitingFor: "DEVICE_LIVE", error: null, canExit: true, canCheck: false, canRetry: false });
      expect(requests["checkWizard"]?.at(-1)).toEqual({ wizardId: "wiz-1" });
    },
    waiting(view, at) {
      expect(view).toMatchObject({ isWaiting: true, isPaused: false, isChecking: false, isLongWait: false, canCheck: true, canExit: true, canRetry: false, error: null });
      expect(view.checkedAt).toBe(fixedNow().toISOString());
      expect(lastAnswer(at)).toMatchObject({ output: stillWaiting });
    },
    paused(view) {
      expect(view).toMatchObject({ isWaiting: true, isPaused: true, isChecking: false, canCheck: true, canExit: true });
    },
    failed(view) {
      expect(view.error).toMatchObject({ code: "upstream", retryable: true });
      expect([view.canRetry, view.canExit, view.canCheck, view.isChecking]).toEqual([true, true, false, false]);
    },
    done(view, at) {
      expect(view).toMatchObject({ isDone: true, canCheck: false, canExit: false, canRetry: false, isLongWait: false });
      expect([complete, rewound]).toContainEqual((lastAnswer(at) as { output?: unknown }).output);
    },
    exited(view) {
      expect([view.isDone, view.canCheck, view.canExit, view.canRetry]).toEqual([false, false, false, false]);
    },
  },
});
