import type { WaitingFor } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

export interface WaitForTransitionInput {
  /** The wizard and step waited on; null when the flow was placed outside a server-driven journey. */
  wizardId: string | null;
  stepId: string;
  waitingFor: WaitingFor;
}

export interface WaitForTransitionContext {
  wizardId: string | null;
  stepId: string;
  waitingFor: WaitingFor;
  /** When the wait began on this device's clock (ms since the epoch); kept through a reload. */
  since: number | null;
  /** When the server was last asked (ms since the epoch), null before the first answer. */
  checkedAt: number | null;
  /** Checks made while waiting, for the backoff (counted only as far as it grows). */
  polls: number;
  /** The server has moved past the step. */
  movedOn: boolean;
  /** The page is hidden: no background checks until it shows again. */
  hidden: boolean;
  error: FlowError | null;
}

export type WaitForTransitionEvent =
  /** "Check now". */
  | { type: "WAIT.CHECK" }
  | { type: "WAIT.RETRY" }
  /** "Leave sign-up": the flow ends as the user's choice; the server's wizard is left as it is. */
  | { type: "WAIT.EXIT" }
  /** The page was hidden or shown again: checks pause while nobody is looking, and run at once on return. */
  | { type: "WAIT.PAGE_HIDDEN" }
  | { type: "WAIT.PAGE_VISIBLE" };

/** How the flow ended: the server moved past the step, or null when the user left. */
export type WaitForTransitionOutput = { outcome: "moved_on"; stepId: string } | null;

export type WaitForTransitionStep = "checking" | "waiting" | "paused" | "failed" | "done" | "exited";
