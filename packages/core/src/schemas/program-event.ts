import * as z from "zod/mini";
import { OnflexError } from "../errors.js";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";
import type { Enrollment, Program } from "./program.js";

/*
 * Managing an enrolment: a programme's events (Flip's Event, in its own field names), the
 * household's part in each (opt out, a reserve for that event only) and leaving the
 * programme (unenrolling), with the minimum commitment and any penalty explained first.
 */

/**
 * Event status. Flip's guide says IN_PROGRESS for an event under way, its API reference says
 * ACTIVE; Onflex keeps IN_PROGRESS (ACTIVE is an enrolment status here) and reads ACTIVE as it
 * (`toProgramEventStatus`). Sitting an event out does not change its status: `is_participating`
 * turns false.
 */
export const PROGRAM_EVENT_STATUSES = ["UPCOMING", "IN_PROGRESS", "COMPLETED", "CANCELED"] as const;
export const ProgramEventStatus = z.enum(PROGRAM_EVENT_STATUSES);
export type ProgramEventStatus = z.infer<typeof ProgramEventStatus>;

/** Any source's event status in Onflex's model, or null for a spelling nobody uses. */
export function toProgramEventStatus(value: string): ProgramEventStatus | null {
  const upper = value.trim().toUpperCase();
  if ((PROGRAM_EVENT_STATUSES as readonly string[]).includes(upper)) return upper as ProgramEventStatus;
  if (upper === "ACTIVE") return "IN_PROGRESS";
  if (upper === "CANCELLED") return "CANCELED";
  return null;
}

/** What the equipment does during a part of an event (Flip's schedule modes). */
export const PROGRAM_EVENT_MODES = ["BACKUP", "CHARGE", "DISCHARGE", "SAVINGS", "SELF_CONSUMPTION", "STANDBY"] as const;
export const ProgramEventMode = z.enum(PROGRAM_EVENT_MODES);
export type ProgramEventMode = z.infer<typeof ProgramEventMode>;

const Percentage = z.number().check(z.int(), z.minimum(0), z.maximum(100));

/** One device's settings for one event; null where the event sets nothing of its own. */
export const EventDeviceSetting = z.object({
  device_id: NonEmptyString,
  backup_reserve_percentage: z.nullable(Percentage),
  maximum_charge_percentage: z.nullable(Percentage),
});
export type EventDeviceSetting = z.infer<typeof EventDeviceSetting>;

export const EventScheduleItem = z.object({ mode: ProgramEventMode, starts_at: IsoUtcTimestamp, ends_at: IsoUtcTimestamp });
export type EventScheduleItem = z.infer<typeof EventScheduleItem>;

/** An event as the API shows it (Flip's Event). */
export const ProgramEvent = z.object({
  id: NonEmptyString,
  program_id: NonEmptyString,
  starts_at: IsoUtcTimestamp,
  ends_at: IsoUtcTimestamp,
  status: ProgramEventStatus,
  is_participating: z.boolean(),
  device_settings: z.array(EventDeviceSetting),
  schedule: z.array(EventScheduleItem),
});
export type ProgramEvent = z.infer<typeof ProgramEvent>;

/** Statuses in which the household may still change its part in an event. */
export const CHANGEABLE_EVENT_STATUSES: readonly ProgramEventStatus[] = ["UPCOMING", "IN_PROGRESS"];

export function isEventChangeable(event: Pick<ProgramEvent, "status">): boolean {
  return CHANGEABLE_EVENT_STATUSES.includes(event.status);
}

/** An event's status at an instant from its window, unless it was cancelled. */
export function eventStatusAt(event: Pick<ProgramEvent, "starts_at" | "ends_at" | "status">, now: Date): ProgramEventStatus {
  if (event.status === "CANCELED") return "CANCELED";
  const at = now.getTime();
  if (at < Date.parse(event.starts_at)) return "UPCOMING";
  if (at < Date.parse(event.ends_at)) return "IN_PROGRESS";
  return "COMPLETED";
}

export const EventsListInput = z.object({ status: z.optional(ProgramEventStatus) });
export type EventsListInput = z.infer<typeof EventsListInput>;

/**
 * The site's events, soonest first, with the household's own backup reserve (the level set on
 * its battery, Onflex's field), the last fallback for an event's reserve.
 */
export const ProgramEventList = z.object({
  events: z.array(ProgramEvent),
  site_backup_reserve_percentage: z.nullable(Percentage),
});
export type ProgramEventList = z.infer<typeof ProgramEventList>;

/** Flip's PATCH of an event: opt out (or back in), or set a device's reserve for this event only (null unsets it). */
export const EventUpdateInput = z.object({
  event_id: NonEmptyString,
  is_participating: z.optional(z.boolean()),
  device_settings: z.optional(
    z.array(z.object({ device_id: NonEmptyString, backup_reserve_percentage: z.nullable(Percentage) })).check(z.minLength(1), z.maxLength(20)),
  ),
});
export type EventUpdateInput = z.infer<typeof EventUpdateInput>;

/**
 * A programme's bounds on the battery backup reserve (Onflex's field on a Program): the
 * lowest and highest level a household may set for an event, and the level the programme
 * keeps when the household sets none (null: the household's own).
 */
export const BackupReservePolicy = z
  .object({ minimum_percentage: Percentage, maximum_percentage: Percentage, default_percentage: z.nullable(Percentage) })
  .check(
    z.refine((p) => p.minimum_percentage <= p.maximum_percentage, "minimum_percentage must not exceed maximum_percentage"),
    z.refine((p) => p.default_percentage === null || (p.default_percentage >= p.minimum_percentage && p.default_percentage <= p.maximum_percentage), "default_percentage must be within the bounds"),
  );
export type BackupReservePolicy = z.infer<typeof BackupReservePolicy>;

export type ReserveSource = "event" | "program" | "site" | "none";

/**
 * The backup reserve that applies to a device in an event, and where it comes from: the
 * event's own level, else the programme's default, else the household's own, else none.
 * Each level is kept within the programme's bounds, as the programme does.
 */
export function effectiveReserve(
  eventLevel: number | null | undefined,
  policy: BackupReservePolicy | null | undefined,
  siteLevel: number | null | undefined,
): { percentage: number | null; source: ReserveSource } {
  const clamp = (value: number) => (policy ? Math.min(policy.maximum_percentage, Math.max(policy.minimum_percentage, value)) : value);
  if (eventLevel !== null && eventLevel !== undefined) return { percentage: clamp(eventLevel), source: "event" };
  if (policy && policy.default_percentage !== null) return { percentage: policy.default_percentage, source: "program" };
  if (siteLevel !== null && siteLevel !== undefined) return { percentage: clamp(siteLevel), source: "site" };
  return { percentage: null, source: "none" };
}

/** Why a reserve level cannot be set for an event, or null when it can. */
export function reserveLevelError(value: number, policy: BackupReservePolicy | null | undefined): "not_a_whole_percentage" | "below_minimum" | "above_maximum" | "not_offered" | null {
  if (!policy) return "not_offered";
  if (!Number.isInteger(value) || value < 0 || value > 100) return "not_a_whole_percentage";
  if (value < policy.minimum_percentage) return "below_minimum";
  if (value > policy.maximum_percentage) return "above_maximum";
  return null;
}

/** The error a reserve outside the programme's bounds answers: 422 with the bounds, so a form can say them. */
export function reserveOutOfBoundsError(reason: NonNullable<ReturnType<typeof reserveLevelError>>, policy: BackupReservePolicy | null | undefined): OnflexError {
  return new OnflexError("validation", "That reserve level is not one the programme allows.", {
    retryable: false,
    details: { reason: `reserve_${reason}`, minimum_percentage: policy?.minimum_percentage ?? null, maximum_percentage: policy?.maximum_percentage ?? null },
  });
}

export const EnrollmentUnenrollInput = z.object({ enrollment_id: NonEmptyString });
export type EnrollmentUnenrollInput = z.infer<typeof EnrollmentUnenrollInput>;

/** The date a number of whole months after an instant (the same day of the month, or its last day). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

/**
 * What leaving a programme means at an instant: until when the household is committed
 * (counted from the enrolment's creation), whether it may leave now, and the penalty.
 * Within the commitment a programme either refuses (no `early_unenrollment_penalty`) or
 * charges its penalty; after it, leaving is free.
 */
export interface UnenrollTerms {
  minimum_commitment_months: number;
  committed_until: string | null;
  within_commitment: boolean;
  allowed: boolean;
  penalty: number;
}

export function unenrollTerms(program: Pick<Program, "minimum_commitment_months" | "early_unenrollment_penalty">, enrollment: Pick<Enrollment, "created_at">, now: Date): UnenrollTerms {
  const months = program.minimum_commitment_months;
  const until = months > 0 ? addMonths(new Date(enrollment.created_at), months) : null;
  const within = until !== null && now.getTime() < until.getTime();
  const penalty = program.early_unenrollment_penalty ?? null;
  return {
    minimum_commitment_months: months,
    committed_until: until ? until.toISOString() : null,
    within_commitment: within,
    allowed: !within || penalty !== null,
    penalty: within && penalty !== null ? penalty : 0,
  };
}

/** Why an unenrolment was refused, typed: read it from an error with `unenrollRefusal`. */
export const UnenrollRefusal = z.object({
  reason: z.literal("minimum_commitment"),
  minimum_commitment_months: z.number().check(z.int(), z.minimum(0)),
  earliest_unenroll_at: IsoUtcTimestamp,
  penalty: z.number().check(z.minimum(0)),
});
export type UnenrollRefusal = z.infer<typeof UnenrollRefusal>;

/** The 409 an unenrolment within a programme's minimum commitment answers. */
export function unenrollRefusalError(terms: UnenrollTerms): OnflexError {
  const details: UnenrollRefusal = {
    reason: "minimum_commitment",
    minimum_commitment_months: terms.minimum_commitment_months,
    earliest_unenroll_at: terms.committed_until ?? new Date(0).toISOString(),
    penalty: terms.penalty,
  };
  return new OnflexError("conflict", "The programme's minimum commitment has not ended yet.", { retryable: false, details });
}

/** The commitment refusal in an error (an OnflexError or its JSON form), or null for any other error. */
export function unenrollRefusal(error: unknown): UnenrollRefusal | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, details } = error as { code?: unknown; details?: unknown };
  if (code !== "conflict" || typeof details !== "object" || details === null) return null;
  const parsed = UnenrollRefusal.safeParse(details);
  return parsed.success ? parsed.data : null;
}
