import type { EligibilityResult, PropositionId } from "@onflex/core";
import type { FlowError, FlowInput } from "../shared/shared.types.js";

export interface EligibilityRetryPolicy {
  /** Automatic retries of a retryable failure before the user is asked. */
  attempts: number;
  /** The first wait; each later one doubles. */
  baseDelayMs: number;
}

export interface EligibilityInput extends FlowInput {
  /** The 13-digit MPAN core. */
  mpan: string;
  assetModel?: string;
  /** The propositions the caller cares about; all that the API returns when absent. */
  propositions?: PropositionId[];
  retry?: Partial<EligibilityRetryPolicy>;
}

export interface EligibilityContext extends FlowInput {
  mpan: string;
  assetModel: string | undefined;
  propositions: PropositionId[] | undefined;
  retry: EligibilityRetryPolicy;
  /** Failed attempts since the last success or manual retry. */
  attempt: number;
  result: EligibilityResult | null;
  error: FlowError | null;
}

export type EligibilityEvent = { type: "ELIGIBILITY.RETRY" } | { type: "ELIGIBILITY.EXIT" };

/** The check's result; the machine outputs `null` when the user left instead. */
export type EligibilityOutput = EligibilityResult;

export type EligibilityStep = "checking" | "waitingToRetry" | "failed" | "checked" | "exited";
