import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";
import { MpanCore } from "./meter.js";

/**
 * Proposition ids as Axle names them. Onflex's presets call them Smart Charging
 * (full_asset_schedule_control) and Flex Lite (limited_pause); other platforms add
 * their own ids, so the schema accepts any non-empty string.
 */
export const AXLE_PROPOSITIONS = {
  smartCharging: "full_asset_schedule_control",
  flexLite: "limited_pause",
} as const;
export const PropositionId = NonEmptyString;
export type PropositionId = z.infer<typeof PropositionId>;

/** Axle's documented issue codes, plus `not_market_qualified` for a meter outside flex markets. */
export const ELIGIBILITY_ISSUE_CODES = [
  "asset_model_not_set",
  "asset_model_not_found",
  "asset_model_not_cop11_qualified",
  "asset_installation_date_not_set",
  "asset_model_enrol_eligibility_override",
  "non_domestic_site",
  "not_market_qualified",
] as const;
export const EligibilityIssueCode = z.enum(ELIGIBILITY_ISSUE_CODES);
export type EligibilityIssueCode = z.infer<typeof EligibilityIssueCode>;

export const EligibilityIssue = z.object({
  code: EligibilityIssueCode,
  /** A plain-language explanation from the server; UIs prefer their own catalogue text per code. */
  message: z.optional(z.string()),
});
export type EligibilityIssue = z.infer<typeof EligibilityIssue>;

export const PropositionEligibility = z.object({
  proposition: PropositionId,
  isEligible: z.boolean(),
  issues: z.array(EligibilityIssue),
});
export type PropositionEligibility = z.infer<typeof PropositionEligibility>;

export const EligibilityCheckInput = z.object({
  mpan: MpanCore,
  /** The charger (or other asset) model, when known; it can change the answer. */
  assetModel: z.optional(z.string()),
});
export type EligibilityCheckInput = z.infer<typeof EligibilityCheckInput>;

export const EligibilityResult = z.object({
  mpan: MpanCore,
  isHalfHourlySettled: z.boolean(),
  propositions: z.array(PropositionEligibility),
  checkedAt: IsoUtcTimestamp,
});
export type EligibilityResult = z.infer<typeof EligibilityResult>;
