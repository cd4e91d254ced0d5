import { randomUUID } from "node:crypto";
import type { DbQuery } from "../db/index.js";
import type { EnrollmentStatus } from "../programs.types.js";

/**
 * The events the portal reports to a host's webhook endpoint, in Flip's spirit. Every body is
 * `{ type, timestamp, data }`; `data` carries ids and statuses only, nothing the host does not
 * already hold (no names, addresses, emails or form answers).
 *
 * - `enrollment.created`: a household was enrolled (commissioning's auto-enrolment, or the
 *   household enrolling itself in the portal)
 * - `enrollment.cancelled`: a household cancelled an enrolment that was still PENDING
 * - `enrollment.status_changed`: the programme decided (PENDING → ACTIVE, NEEDS_ACTION, REJECTED)
 * - `enrollment.unenrolled`: a household left a programme it was enrolled in
 * - `event.opted_out`: a household opted out of a flexibility event
 * - `event.updated`: an event's participation or settings changed (opted back in, a reserve)
 *
 * Managing an enrolment enqueues through `announceEnrollmentChange`; the sandbox programme
 * operator enqueues `enrollment.status_changed`.
 */
export interface WebhookEventData {
  "enrollment.created": { enrollment_id: string; site_id: string; program_id: string; status: EnrollmentStatus; enroll_method: "AUTO_ENROLL" | "USER_ACTION"; device_ids: string[] };
  "enrollment.cancelled": { enrollment_id: string; site_id: string; program_id: string; status: "UNENROLLED"; previous_status: EnrollmentStatus };
  "enrollment.status_changed": { enrollment_id: string; site_id: string; program_id: string; status: EnrollmentStatus; previous_status: EnrollmentStatus };
  "enrollment.unenrolled": { enrollment_id: string; site_id: string; program_id: string; status: "UNENROLLED"; previous_status: EnrollmentStatus };
  "event.opted_out": { event_id: string; site_id: string; program_id: string; is_participating: false };
  "event.updated": { event_id: string; site_id: string; program_id: string; status: string; is_participating: boolean };
}

export type WebhookEventType = keyof WebhookEventData;

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  "enrollment.created",
  "enrollment.cancelled",
  "enrollment.status_changed",
  "enrollment.unenrolled",
  "event.opted_out",
  "event.updated",
];

/** The exact JSON a message carries (and is signed over). */
export function webhookBody<T extends WebhookEventType>(type: T, data: WebhookEventData[T], at: Date): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/**
 * Queues one webhook for `hostId`, inside `tx`: call it in the SAME transaction as the change
 * it reports, so the message exists exactly when the change does (a rollback drops both). A
 * host without a registered endpoint gets nothing (null); otherwise the new message id (the
 * `webhook-id` every attempt carries) is returned. The delivery loop sends it after commit.
 */
export async function enqueueWebhook<T extends WebhookEventType>(tx: DbQuery, hostId: string, type: T, data: WebhookEventData[T], at: Date): Promise<string | null> {
  const id = `msg_${randomUUID()}`;
  const inserted = await tx.query(
    `INSERT INTO webhook_outbox (id, host_id, type, body, next_attempt_at, created_at)
     SELECT $1, id, $3, $4, $5, $5 FROM hosts WHERE id = $2 AND webhook_url IS NOT NULL`,
    [id, hostId, type, webhookBody(type, data, at), at],
  );
  return inserted.rowCount > 0 ? id : null;
}

/** `enqueueWebhook` for the host a household site belongs to (one statement, no extra read). */
export async function enqueueWebhookForSite<T extends WebhookEventType>(tx: DbQuery, siteId: string, type: T, data: WebhookEventData[T], at: Date): Promise<string | null> {
  const id = `msg_${randomUUID()}`;
  const inserted = await tx.query(
    `INSERT INTO webhook_outbox (id, host_id, type, body, next_attempt_at, created_at)
     SELECT $1, h.id, $3, $4, $5, $5 FROM sites s JOIN hosts h ON h.id = s.host_id WHERE s.id = $2 AND h.webhook_url IS NOT NULL`,
    [id, siteId, type, webhookBody(type, data, at), at],
  );
  return inserted.rowCount > 0 ? id : null;
}
