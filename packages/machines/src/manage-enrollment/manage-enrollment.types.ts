import type { Enrollment, Program, ProgramEvent, UnenrollRefusal, UnenrollTerms } from "@onflex/core";
import type { EnrollmentNotice } from "../enrollment/enrollment.notice.js";
import type { FlowError } from "../shared/shared.types.js";

export interface ManageEnrollmentInput {
  /** The enrolment to manage (the journey's `enrollment` fact). */
  enrollment: Enrollment;
}

/** A change to the household's part in one event, waiting for the user to confirm it. */
export type EventChange =
  | { eventId: string; kind: "opt_out" }
  | { eventId: string; kind: "opt_in" }
  /** `percentage: null` goes back to the programme's (or the household's own) level. */
  | { eventId: string; kind: "reserve"; percentage: number | null };

/** What the household changed while managing, for the host to hear about: the latest word on each event's participation and reserve. */
export type ManageChangeRecord =
  | { type: "opted_out"; eventId: string }
  | { type: "opted_in"; eventId: string }
  | { type: "reserve_set"; eventId: string; percentage: number | null };

/** A reserve level the flow refused before sending it, and why (core's `reserveLevelError`). */
export interface ReserveInputError {
  eventId: string;
  reason: "not_a_whole_percentage" | "below_minimum" | "above_maximum" | "not_offered";
}

export interface ManageEnrollmentContext {
  enrollmentId: string;
  enrollment: Enrollment;
  /** The enrolment's programme; null when the site's zip code no longer offers it. */
  program: Program | null;
  /** The programme's events at the site, soonest first (only while ACTIVE). */
  events: ProgramEvent[];
  /** The household's own backup reserve, the last fallback for an event's. */
  siteReserve: number | null;
  /** The home's time zone (IANA), from its state; null when unknown (the device's own is used). */
  timeZone: string | null;
  change: EventChange | null;
  reserveError: ReserveInputError | null;
  /** What leaving means, worked out (with the journey's clock) when the user asks to leave. */
  terms: UnenrollTerms | null;
  /** The programme refused to let the household leave yet. */
  refusal: UnenrollRefusal | null;
  changes: ManageChangeRecord[];
  /** Every change as the host hears it, in order (append-only; the journey reports each once). */
  hostNotices: EnrollmentNotice[];
  error: FlowError | null;
  ended: "kept" | "cancelled" | "unenrolled" | null;
}

export type ManageEnrollmentEvent =
  | { type: "MANAGE.OPT_OUT"; eventId: string }
  | { type: "MANAGE.OPT_IN"; eventId: string }
  | { type: "MANAGE.SET_RESERVE"; eventId: string; percentage: number | null }
  | { type: "MANAGE.CONFIRM" }
  | { type: "MANAGE.CANCEL_ENROLLMENT" }
  | { type: "MANAGE.UNENROLL" }
  | { type: "MANAGE.REFRESH" }
  | { type: "MANAGE.RETRY" }
  | { type: "MANAGE.BACK" }
  | { type: "MANAGE.DONE" }
  | { type: "MANAGE.EXIT" };

/** How the flow ended; the machine outputs `null` when the user left. */
export type ManageEnrollmentOutput =
  | { outcome: "kept"; enrollment: Enrollment; changes: ManageChangeRecord[] }
  | { outcome: "cancelled"; enrollment: Enrollment }
  | { outcome: "unenrolled"; enrollment: Enrollment; penalty: number; changes: ManageChangeRecord[] };

export type ManageEnrollmentStep =
  | "loading"
  | "loadFailed"
  | "pending"
  | "confirmingCancel"
  | "cancelling"
  | "cancelFailed"
  | "active"
  | "confirmingChange"
  | "updatingEvent"
  | "updateFailed"
  | "reviewingUnenroll"
  | "unenrolling"
  | "unenrollFailed"
  | "refused"
  | "rejected"
  | "left"
  | "kept"
  | "cancelled"
  | "unenrolled"
  | "exited";
