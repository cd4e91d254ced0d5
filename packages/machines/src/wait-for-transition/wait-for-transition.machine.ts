import { OnflexError } from "@onflex/core";
import type { OnboardingApi, WizardState } from "@onflex/core";
import { assign, fromPromise, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { nextPollCount, pollDelayMs } from "../shared/shared.poll.js";
import { toFlowError } from "../shared/shared.utils.js";
import type { WaitForTransitionContext, WaitForTransitionEvent, WaitForTransitionInput, WaitForTransitionOutput } from "./wait-for-transition.types.js";

/** After this long the view says the wait is taking longer than usual (and that leaving is fine). */
export const LONG_WAIT_MS = 10 * 60_000;

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function waitForTransitionActors(api: OnboardingApi) {
  return {
    checkWizard: fromPromise<WizardState, { wizardId: string | null }>(async ({ input, signal }) => {
      if (input.wizardId === null) {
        throw new OnflexError("unsupported_step", "This step waits on the server, so it runs only in a journey whose steps the server decides.", { retryable: false });
      }
      return api.wizard.get({ wizardId: input.wizardId }, { signal });
    }),
  };
}

/** What needs the clock: when the wait began and when the server was last asked. */
export function waitForTransitionActions(clock: () => Date) {
  return {
    stamp: assign<WaitForTransitionContext, WaitForTransitionEvent, undefined, WaitForTransitionEvent, never>(({ context }) => {
      const now = clock().getTime();
      return { since: context.since ?? now, checkedAt: now };
    }),
  };
}

const stateOf = (event: unknown) => (event as { output: WizardState }).output;

/**
 * Waits for the server to move past a step it completes by itself (the wizard's
 * `waitForTransition`): asks the wizard where it is, then again with backoff (2 s → 15 s), not
 * while the page is hidden and at once when it shows again; "Check now" asks at once. A failed
 * check (the adapter has already retried it) shows the error with Retry. The flow is done when
 * the wizard's current step is no longer this one; the journey then asks the server what comes next.
 */
export const waitForTransitionMachine = setup({
  types: {
    context: {} as WaitForTransitionContext,
    events: {} as WaitForTransitionEvent,
    input: {} as WaitForTransitionInput,
    output: {} as WaitForTransitionOutput,
  },
  actors: waitForTransitionActors(UNBOUND_DEPS.api),
  actions: {
    ...waitForTransitionActions(UNBOUND_DEPS.clock),
    countPoll: assign(({ context }) => ({ polls: nextPollCount(context.polls) })),
    resetPolls: assign({ polls: 0 }),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
    clearError: assign({ error: null }),
    markMovedOn: assign({ movedOn: true }),
    markHidden: assign({ hidden: true }),
    markVisible: assign({ hidden: false }),
  },
  guards: {
    movedOn: ({ context, event }) => stateOf(event).currentStep?.id !== context.stepId,
    isHidden: ({ context }) => context.hidden,
  },
  delays: {
    pollDelay: ({ context }) => pollDelayMs(context.polls),
  },
}).createMachine({
  id: "waitForTransition",
  context: ({ input }) => ({
    wizardId: input.wizardId,
    stepId: input.stepId,
    waitingFor: input.waitingFor,
    since: null,
    checkedAt: null,
    polls: 0,
    movedOn: false,
    hidden: false,
    error: null,
  }),
  initial: "checking",
  states: {
    checking: {
      invoke: {
        src: "checkWizard",
        id: "checkWizard",
        input: ({ context }) => ({ wizardId: context.wizardId }),
        onDone: [
          { guard: "movedOn", target: "done", actions: ["stamp", "markMovedOn"] },
          // A check the user asked for while the page is hidden: no background checks after it.
          { guard: "isHidden", target: "paused", actions: ["stamp", "countPoll"] },
          { target: "waiting", actions: ["stamp", "countPoll"] },
        ],
        onError: { target: "failed", actions: ["stamp", { type: "storeError", params: ({ event }) => ({ error: event.error }) }] },
      },
      on: { "WAIT.PAGE_HIDDEN": { target: "paused", actions: "markHidden" }, "WAIT.PAGE_VISIBLE": { actions: "markVisible" }, "WAIT.EXIT": "exited" },
    },
    waiting: {
      after: { pollDelay: "checking" },
      on: {
        "WAIT.CHECK": { target: "checking", actions: "resetPolls" },
        "WAIT.PAGE_HIDDEN": { target: "paused", actions: "markHidden" },
        "WAIT.EXIT": "exited",
      },
    },
    paused: {
      on: {
        "WAIT.PAGE_VISIBLE": { target: "checking", actions: "markVisible" },
        "WAIT.CHECK": { target: "checking", actions: "resetPolls" },
        "WAIT.EXIT": "exited",
      },
    },
    failed: {
      on: {
        "WAIT.RETRY": { target: "checking", actions: ["clearError", "resetPolls"] },
        "WAIT.PAGE_HIDDEN": { actions: "markHidden" },
        "WAIT.PAGE_VISIBLE": { actions: "markVisible" },
        "WAIT.EXIT": "exited",
      },
    },
    done: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }): WaitForTransitionOutput => (context.movedOn ? { outcome: "moved_on", stepId: context.stepId } : null),
});

export type WaitForTransitionMachine = typeof waitForTransitionMachine;
