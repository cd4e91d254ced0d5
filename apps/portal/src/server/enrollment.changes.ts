import type { DbQuery } from "./db/index.js";
import type { EnrollmentStatus } from "./programs.types.js";
import { enqueueWebhookForSite } from "./webhooks/webhook.events.js";

/** A change a household made to its enrolment or its part in an event, as its host should hear it. */
export type EnrollmentChange =
  | { type: "enrollment.cancelled" | "enrollment.unenrolled"; siteId: string; enrollmentId: string; programId: string; previousStatus: EnrollmentStatus; at: Date }
  | { type: "event.opted_out" | "event.opted_in"; siteId: string; eventId: string; programId: string; eventStatus: string; at: Date }
  | { type: "event.reserve_set"; siteId: string; eventId: string; programId: string; eventStatus: string; isParticipating: boolean; at: Date };

/**
 * The one place the household API announces each change, inside the transaction that makes
 * it: the host's signed webhook is queued in the outbox with the change or not at all (a
 * rollback drops both). Cancelling and leaving are `enrollment.cancelled` and
 * `enrollment.unenrolled`; opting out is `event.opted_out`; opting back in and a reserve for
 * one event are `event.updated`. Ids and statuses only, as every webhook.
 */
export async function announceEnrollmentChange(tx: DbQuery, change: EnrollmentChange): Promise<void> {
  const { siteId, programId, at } = change;
  switch (change.type) {
    case "enrollment.cancelled":
    case "enrollment.unenrolled":
      await enqueueWebhookForSite(
        tx,
        siteId,
        change.type,
        { enrollment_id: change.enrollmentId, site_id: siteId, program_id: programId, status: "UNENROLLED", previous_status: change.previousStatus },
        at,
      );
      return;
    case "event.opted_out":
      await enqueueWebhookForSite(tx, siteId, "event.opted_out", { event_id: change.eventId, site_id: siteId, program_id: programId, is_participating: false }, at);
      return;
    case "event.opted_in":
    case "event.reserve_set": {
      const isParticipating = change.type === "event.reserve_set" ? change.isParticipating : true;
      await enqueueWebhookForSite(
        tx,
        siteId,
        "event.updated",
        { event_id: change.eventId, site_id: siteId, program_id: programId, status: change.eventStatus, is_participating: isParticipating },
        at,
      );
      return;
    }
  }
}
