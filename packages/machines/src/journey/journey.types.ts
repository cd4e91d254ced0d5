import type {
  Address,
  ConsentRecord,
  EligibilityIssue,
  EligibilityResult,
  ManualAddress,
  Meter,
  OnflexError,
  PropositionId,
} from "@onflex/core";
import type { FlowInput } from "../shared/shared.types.js";
import type { EligibilityRetryPolicy } from "../eligibility/eligibility.types.js";

/**
 * The flows a journey can run, in the order a preset lists them. Later flows (device
 * selection, test charge, enrolment) join this union; a server-driven journey receives
 * the same ids one at a time instead of a fixed list.
 */
export type JourneyStepId = "address" | "eligibility" | "consent";

export interface JourneyPreset {
  /** Stable id; a saved journey only restores into the preset it was saved from. */
  id: string;
  proposition: PropositionId;
  steps: readonly JourneyStepId[];
  /** The eligibility check needs the asset (charger) model: pass `assetModel` in the journey input. */
  needsAssetModel: boolean;
}

export interface JourneyInput extends FlowInput {
  preset: JourneyPreset;
  /** The charger (or other asset) model, for presets that need it. */
  assetModel?: string;
  /** Clock for the consent timestamp. */
  now?: () => Date;
  /** Automatic retries of the background eligibility check. */
  eligibilityRetry?: Partial<EligibilityRetryPolicy>;
}

/** Why a journey ended without completing. */
export type JourneyExitReason = "user" | "declined";

export interface JourneyContext extends FlowInput {
  preset: JourneyPreset;
  assetModel: string | undefined;
  now: (() => Date) | undefined;
  eligibilityRetry: Partial<EligibilityRetryPolicy> | undefined;
  address: Address | ManualAddress | null;
  isManualAddress: boolean;
  meter: Meter | null;
  eligibility: EligibilityResult | null;
  consent: ConsentRecord | null;
  exitReason: JourneyExitReason | null;
}

export type JourneyEvent = { type: "JOURNEY.BACK" } | { type: "JOURNEY.EXIT" };

export interface JourneyOutput {
  proposition: PropositionId;
  address: Address | ManualAddress;
  meter: Meter;
  eligibility: EligibilityResult;
  consent: ConsentRecord;
}

/** The screen a journey view shows: a flow, the ineligible explanation, or the end. */
export type JourneyScreen = "address" | "eligibility" | "ineligible" | "consent" | "done" | "exited";

export type JourneyStepStatus = "complete" | "current" | "upcoming";

export interface JourneyStepState {
  id: JourneyStepId;
  status: JourneyStepStatus;
}

export interface JourneyIneligibility {
  proposition: PropositionId;
  issues: EligibilityIssue[];
}

export interface JourneyCallbacks {
  onStepChange?(step: { screen: JourneyScreen; stepId: JourneyStepId | null }): void;
  onComplete?(output: JourneyOutput): void;
  onExit?(exit: { reason: JourneyExitReason; screen: JourneyScreen }): void;
  /** A flow inside the journey hit an error it shows to the user (and usually offers a retry for). */
  onError?(error: OnflexError, where: { screen: JourneyScreen }): void;
}

/** Where a host keeps a saved journey between page loads; web storage in a browser. */
export interface JourneyStorage {
  load(): string | null;
  save(value: string): void;
  clear(): void;
}
