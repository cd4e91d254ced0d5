import type { ConsentRecord, PropositionId, Terms } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

export interface ConsentInput {
  /** The 13-digit MPAN core the consent is for. */
  mpan: string;
  proposition: PropositionId;
}

export interface ConsentContext {
  mpan: string;
  proposition: PropositionId;
  terms: Terms | null;
  /** The "I agree" box. */
  hasAgreed: boolean;
  /** ISO-8601 UTC, taken when the user pressed Accept and kept across retries. */
  givenAt: string | null;
  /** Sent with every attempt to record, so a retry after a lost answer is not a second consent. */
  idempotencyKey: string | null;
  record: ConsentRecord | null;
  error: FlowError | null;
}

export type ConsentEvent =
  | { type: "CONSENT.SET_AGREED"; agreed: boolean }
  | { type: "CONSENT.ACCEPT" }
  | { type: "CONSENT.DECLINE" }
  | { type: "CONSENT.RETRY" };

/** The stored consent; the machine outputs `null` when the user declined. */
export type ConsentOutput = ConsentRecord;

export type ConsentStep = "loadingTerms" | "loadFailed" | "reviewing" | "recording" | "recordFailed" | "done" | "declined";
