import type { WaitingFor } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import { LONG_WAIT_MS } from "./wait-for-transition.machine.js";
import type { WaitForTransitionMachine } from "./wait-for-transition.machine.js";
import type { WaitForTransitionEvent, WaitForTransitionStep } from "./wait-for-transition.types.js";

export type WaitForTransitionSnapshot = SnapshotFrom<WaitForTransitionMachine>;

/** Everything a wait view renders and every command it may call. */
export interface WaitForTransitionView {
  step: WaitForTransitionStep;
  /** What the server is waiting for. */
  waitingFor: WaitingFor;
  /** Asking the server now. */
  isChecking: boolean;
  /** Waiting between checks (or paused while the page is hidden). */
  isWaiting: boolean;
  /** Waiting, with checks paused because the page is hidden. */
  isPaused: boolean;
  /** Waiting for longer than usual (`LONG_WAIT_MS` since the wait began, even across a reload). */
  isLongWait: boolean;
  isDone: boolean;
  /** When the server was last asked (ISO), null before the first answer. */
  checkedAt: string | null;
  error: FlowError | null;
  canCheck: boolean;
  canRetry: boolean;
  canExit: boolean;
  /** "Check now". */
  check(): void;
  retry(): void;
  /** "Leave sign-up". */
  exit(): void;
  /** The page was hidden or shown again (document.visibilitychange). */
  pageHidden(): void;
  pageVisible(): void;
  getRootProps(): PartProps;
}

function stepOf(value: WaitForTransitionSnapshot["value"]): WaitForTransitionStep {
  return (typeof value === "string" ? value : Object.keys(value)[0]) as WaitForTransitionStep;
}

export function connectWaitForTransition(snapshot: WaitForTransitionSnapshot, send: Send<WaitForTransitionEvent>): WaitForTransitionView {
  const { context } = snapshot;
  const step = stepOf(snapshot.value);
  const waiting = step === "waiting" || step === "paused";
  return {
    step,
    waitingFor: context.waitingFor,
    isChecking: step === "checking",
    isWaiting: waiting,
    isPaused: step === "paused",
    isLongWait: step !== "done" && step !== "exited" && context.since !== null && context.checkedAt !== null && context.checkedAt - context.since >= LONG_WAIT_MS,
    isDone: step === "done",
    checkedAt: context.checkedAt === null ? null : new Date(context.checkedAt).toISOString(),
    error: step === "failed" ? context.error : null,
    canCheck: snapshot.can({ type: "WAIT.CHECK" }),
    canRetry: snapshot.can({ type: "WAIT.RETRY" }),
    canExit: snapshot.can({ type: "WAIT.EXIT" }),
    check: () => send({ type: "WAIT.CHECK" }),
    retry: () => send({ type: "WAIT.RETRY" }),
    exit: () => send({ type: "WAIT.EXIT" }),
    pageHidden: () => send({ type: "WAIT.PAGE_HIDDEN" }),
    pageVisible: () => send({ type: "WAIT.PAGE_VISIBLE" }),
    getRootProps: () => partProps("waitForTransition", "root", step),
  };
}
