import type { EligibilityResult, PropositionId } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

export interface EligibilityInput {
  /** The 13-digit MPAN core. */
  mpan: string;
  assetModel?: string | undefined;
  /** The propositions the caller cares about; all that the API returns when absent. */
  propositions?: PropositionId[] | undefined;
}

export interface EligibilityContext {
  mpan: string;
  assetModel: string | undefined;
  propositions: PropositionId[] | undefined;
  result: EligibilityResult | null;
  error: FlowError | null;
}

export type EligibilityEvent = { type: "ELIGIBILITY.RETRY" } | { type: "ELIGIBILITY.EXIT" };

/** The check's result; the machine outputs `null` when the user left instead. */
export type EligibilityOutput = EligibilityResult;

export type EligibilityStep = "checking" | "failed" | "checked" | "exited";
