import type { DbQuery } from "./db/index.js";

/** A change a household made to its enrolment or its part in an event, as its host should hear it. */
export type EnrollmentChange =
  | { type: "event.opted_out" | "event.opted_in"; siteId: string; enrollmentId: string; eventId: string }
  | { type: "event.reserve_set"; siteId: string; enrollmentId: string; eventId: string; percentage: number | null }
  | { type: "enrollment.cancelled" | "enrollment.unenrolled"; siteId: string; enrollmentId: string };

/**
 * The one place the household API announces each change, inside the transaction that makes
 * it, so a host notification can be queued with the change or not at all. Nothing is queued
 * or sent from here yet: the signed-webhook outbox attaches at this call.
 */
export function announceEnrollmentChange(tx: DbQuery, change: EnrollmentChange): Promise<void> {
  void tx;
  void change;
  return Promise.resolve();
}
