import type { EligibilityResult, PropositionEligibility } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { EligibilityMachine } from "./eligibility.machine.js";
import type { EligibilityEvent, EligibilityStep } from "./eligibility.types.js";

export type EligibilitySnapshot = SnapshotFrom<EligibilityMachine>;

export interface EligibilityView {
  step: EligibilityStep;
  /** A check is in flight. */
  isChecking: boolean;
  isChecked: boolean;
  result: EligibilityResult | null;
  /** Per proposition, limited to the ones asked about. */
  propositions: PropositionEligibility[];
  /** True when every proposition asked about is eligible. */
  isEligible: boolean;
  error: FlowError | null;
  canRetry: boolean;
  retry(): void;
  exit(): void;
  getRootProps(): PartProps;
}

/** The result for the propositions a caller asked about (all of them when none were named). */
export function selectPropositions(result: EligibilityResult | null, wanted: readonly string[] | undefined): PropositionEligibility[] {
  if (!result) return [];
  return wanted ? result.propositions.filter((item) => wanted.includes(item.proposition)) : result.propositions;
}

export function connectEligibility(snapshot: EligibilitySnapshot, send: Send<EligibilityEvent>): EligibilityView {
  const { context } = snapshot;
  const step = snapshot.value as EligibilityStep;
  const propositions = selectPropositions(context.result, context.propositions);
  return {
    step,
    isChecking: step === "checking",
    isChecked: step === "checked",
    result: context.result,
    propositions,
    isEligible: propositions.length > 0 && propositions.every((item) => item.isEligible),
    error: context.error,
    canRetry: step === "failed",
    retry: () => send({ type: "ELIGIBILITY.RETRY" }),
    exit: () => send({ type: "ELIGIBILITY.EXIT" }),
    getRootProps: () => partProps("eligibility", "root", step),
  };
}
