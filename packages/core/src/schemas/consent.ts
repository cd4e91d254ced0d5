import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";
import { PropositionId } from "./eligibility.js";
import { MpanCore } from "./meter.js";

export const TermsInput = z.object({ proposition: PropositionId });
export type TermsInput = z.infer<typeof TermsInput>;

/** The terms a user agrees to; `version` is what the consent record cites. */
export const Terms = z.object({
  proposition: PropositionId,
  version: NonEmptyString,
  title: NonEmptyString,
  /** Plain text, paragraphs separated by blank lines. */
  body: NonEmptyString,
});
export type Terms = z.infer<typeof Terms>;

export const ConsentInput = z.object({
  mpan: MpanCore,
  proposition: PropositionId,
  termsVersion: NonEmptyString,
  /** When the user agreed, as seen by the client (Axle's gave_boundary_meter_consent_at). */
  givenAt: IsoUtcTimestamp,
});
export type ConsentInput = z.infer<typeof ConsentInput>;

export const ConsentRecord = z.object({
  id: NonEmptyString,
  mpan: MpanCore,
  proposition: PropositionId,
  termsVersion: NonEmptyString,
  givenAt: IsoUtcTimestamp,
  /** When the server stored it. */
  recordedAt: IsoUtcTimestamp,
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;
