import type { Enrollment, EventUpdateInput, OnboardingApi, Program, ProgramEvent } from "@onflex/core";
import { isEventChangeable, OnflexError, siteTimeZone, unenrollRefusal, unenrollTerms, ZipCode } from "@onflex/core";
import { and, assertEvent, assign, fromPromise, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { text, toFlowError } from "../shared/shared.utils.js";
import { programOf, reserveInputError } from "./manage-enrollment.rules.js";
import type { EnrollmentNotice } from "../enrollment/enrollment.notice.js";
import type { EventChange, ManageChangeRecord, ManageEnrollmentContext, ManageEnrollmentEvent, ManageEnrollmentInput, ManageEnrollmentOutput } from "./manage-enrollment.types.js";

// Exported so declaration emit can name it in the journey machine's type.
export interface ManagedEnrollment {
  enrollment: Enrollment;
  program: Program | null;
  events: ProgramEvent[];
  siteReserve: number | null;
  /** The home's time zone (from its state), for event windows; null when unknown. */
  timeZone: string | null;
}

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function manageEnrollmentActors(api: OnboardingApi) {
  return {
    loadEnrollment: fromPromise<ManagedEnrollment, { enrollment_id: string }>(async ({ input, signal }) => {
      const [site, list, events] = await Promise.all([api.site.get({}, { signal }), api.enrollments.list({}, { signal }), api.events.list({}, { signal })]);
      const enrollment = list.enrollments.find((item) => item.id === input.enrollment_id);
      if (!enrollment) throw new OnflexError("not_found", "This enrolment is no longer at the site.", { retryable: false });
      const zip = ZipCode.safeParse(site.zip_code ?? "");
      // Not tied to the signal: React's StrictMode stops and restarts a step's actor, which
      // aborts the signal while the restarted actor still waits for this load. A read only.
      const programs = zip.success ? await api.programs.list({ zip_code: zip.data }) : { zip_code: "", programs: [] };
      return {
        enrollment,
        program: programOf(programs.programs, enrollment),
        events: enrollment.status === "ACTIVE" ? events.events.filter((event) => event.program_id === enrollment.program_id) : [],
        siteReserve: events.site_backup_reserve_percentage,
        timeZone: siteTimeZone(site.state_code),
      };
    }),
    cancelEnrollment: fromPromise<Enrollment, { enrollment_id: string }>(({ input, signal }) => api.enrollments.cancel(input, { signal })),
    updateEvent: fromPromise<ProgramEvent, EventUpdateInput>(({ input, signal }) => api.events.update(input, { signal })),
    unenroll: fromPromise<Enrollment, { enrollment_id: string }>(({ input, signal }) => api.enrollments.unenroll(input, { signal })),
  };
}

/** Works out what leaving means with the journey's clock, as the user asks to leave. */
export function manageEnrollmentActions(clock: () => Date) {
  return {
    stampTerms: assign<ManageEnrollmentContext, ManageEnrollmentEvent, undefined, ManageEnrollmentEvent, never>(({ context }) => ({
      terms: unenrollTerms(context.program ?? { minimum_commitment_months: 0 }, context.enrollment, clock()),
      refusal: null,
      error: null,
    })),
  };
}

function eventOf(context: ManageEnrollmentContext, eventId: unknown): ProgramEvent | undefined {
  return context.events.find((event) => event.id === eventId);
}

function requestFor(context: ManageEnrollmentContext): EventUpdateInput {
  const change = context.change;
  const event = change ? eventOf(context, change.eventId) : undefined;
  if (!change || !event) return { event_id: change?.eventId ?? "" };
  if (change.kind === "reserve") {
    return { event_id: event.id, device_settings: event.device_settings.map((setting) => ({ device_id: setting.device_id, backup_reserve_percentage: change.percentage })) };
  }
  return { event_id: event.id, is_participating: change.kind === "opt_in" };
}

function noticeOf(record: ManageChangeRecord, enrollment: Enrollment): EnrollmentNotice {
  const base = { enrollmentId: enrollment.id, programId: enrollment.program_id, eventId: record.eventId };
  return record.type === "reserve_set" ? { change: "reserve_set", ...base, percentage: record.percentage } : { change: record.type, ...base };
}

function recordOf(change: EventChange): ManageChangeRecord {
  if (change.kind === "reserve") return { type: "reserve_set", eventId: change.eventId, percentage: change.percentage };
  return { type: change.kind === "opt_out" ? "opted_out" : "opted_in", eventId: change.eventId };
}

/** The household's latest word on each event: its participation and its reserve, one record each. */
function withChange(changes: readonly ManageChangeRecord[], record: ManageChangeRecord): ManageChangeRecord[] {
  const kind = (item: ManageChangeRecord) => (item.type === "reserve_set" ? "reserve" : "participation");
  return [...changes.filter((item) => !(item.eventId === record.eventId && kind(item) === kind(record))), record];
}

export const manageEnrollmentMachine = setup({
  types: {
    context: {} as ManageEnrollmentContext,
    events: {} as ManageEnrollmentEvent,
    input: {} as ManageEnrollmentInput,
    output: {} as ManageEnrollmentOutput | null,
  },
  actors: manageEnrollmentActors(UNBOUND_DEPS.api),
  guards: {
    isStatus: (_, params: { loaded: ManagedEnrollment; status: Enrollment["status"] | readonly Enrollment["status"][] }) =>
      typeof params.status === "string" ? params.loaded.enrollment.status === params.status : params.status.includes(params.loaded.enrollment.status),
    isPending: ({ context }) => context.enrollment.status === "PENDING",
    canOptOut: ({ context, event }) => {
      assertEvent(event, "MANAGE.OPT_OUT");
      const found = eventOf(context, event.eventId);
      return found !== undefined && isEventChangeable(found) && found.is_participating;
    },
    canOptIn: ({ context, event }) => {
      assertEvent(event, "MANAGE.OPT_IN");
      const found = eventOf(context, event.eventId);
      return found !== undefined && isEventChangeable(found) && !found.is_participating;
    },
    isChangeable: ({ context, event }) => {
      assertEvent(event, "MANAGE.SET_RESERVE");
      const found = eventOf(context, event.eventId);
      return found !== undefined && isEventChangeable(found);
    },
    reserveIsValid: ({ context, event }) => {
      assertEvent(event, "MANAGE.SET_RESERVE");
      return reserveInputError(eventOf(context, event.eventId), context.program, event.percentage) === null;
    },
    mayLeave: ({ context }) => context.terms?.allowed === true,
    isRefusal: (_, params: { error: unknown }) => unenrollRefusal(params.error) !== null,
    isConflict: ({ context }) => context.error?.code === "conflict",
  },
  actions: {
    storeLoaded: assign((_, loaded: ManagedEnrollment) => ({
      enrollment: loaded.enrollment,
      program: loaded.program,
      events: loaded.events,
      siteReserve: loaded.siteReserve,
      timeZone: loaded.timeZone,
      error: null,
    })),
    storeChange: assign(({ event }) => {
      if (event.type === "MANAGE.OPT_OUT") return { change: { eventId: event.eventId, kind: "opt_out" as const }, reserveError: null };
      if (event.type === "MANAGE.OPT_IN") return { change: { eventId: event.eventId, kind: "opt_in" as const }, reserveError: null };
      assertEvent(event, "MANAGE.SET_RESERVE");
      return { change: { eventId: event.eventId, kind: "reserve" as const, percentage: event.percentage }, reserveError: null };
    }),
    storeReserveError: assign(({ context, event }) => {
      assertEvent(event, "MANAGE.SET_RESERVE");
      return { reserveError: reserveInputError(eventOf(context, event.eventId), context.program, event.percentage) };
    }),
    clearChange: assign({ change: null, reserveError: null, error: null }),
    storeEvent: assign(({ context }, updated: ProgramEvent) => {
      const record = context.change ? recordOf(context.change) : null;
      return {
        events: context.events.map((event) => (event.id === updated.id ? updated : event)),
        changes: record ? withChange(context.changes, record) : context.changes,
        hostNotices: record ? [...(context.hostNotices ?? []), noticeOf(record, context.enrollment)] : context.hostNotices,
        change: null,
        error: null,
      };
    }),
    storeEnded: assign(({ context }, params: { enrollment: Enrollment; change: "cancelled" | "unenrolled" }) => ({
      enrollment: params.enrollment,
      hostNotices: [...(context.hostNotices ?? []), { change: params.change, enrollmentId: params.enrollment.id, programId: params.enrollment.program_id }],
      error: null,
    })),
    storeRefusal: assign((_, params: { error: unknown }) => ({ refusal: unenrollRefusal(params.error), error: null })),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
    clearError: assign({ error: null }),
    ...manageEnrollmentActions(UNBOUND_DEPS.clock),
  },
}).createMachine({
  id: "manageEnrollment",
  context: ({ input }) => ({
    enrollmentId: text(input?.enrollment?.id),
    enrollment: input.enrollment,
    program: null,
    events: [],
    siteReserve: null,
    timeZone: null,
    change: null,
    reserveError: null,
    terms: null,
    refusal: null,
    changes: [],
    hostNotices: [],
    error: null,
    ended: null,
  }),
  initial: "loading",
  on: { "MANAGE.EXIT": ".exited" },
  states: {
    // The enrolment as it stands now (the fact may be days old), its programme and its events.
    loading: {
      invoke: {
        id: "loadEnrollment",
        src: "loadEnrollment",
        input: ({ context }) => ({ enrollment_id: context.enrollmentId }),
        onDone: [
          {
            guard: { type: "isStatus", params: ({ event }) => ({ loaded: event.output, status: "ACTIVE" }) },
            target: "active",
            actions: { type: "storeLoaded", params: ({ event }) => event.output },
          },
          {
            guard: { type: "isStatus", params: ({ event }) => ({ loaded: event.output, status: ["PENDING", "NEEDS_ACTION"] }) },
            target: "pending",
            actions: { type: "storeLoaded", params: ({ event }) => event.output },
          },
          {
            guard: { type: "isStatus", params: ({ event }) => ({ loaded: event.output, status: "REJECTED" }) },
            target: "rejected",
            actions: { type: "storeLoaded", params: ({ event }) => event.output },
          },
          { target: "left", actions: { type: "storeLoaded", params: ({ event }) => event.output } },
        ],
        onError: { target: "loadFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    loadFailed: { on: { "MANAGE.RETRY": { target: "loading", actions: "clearError" } } },
    // Waiting for the programme (or for the household, NEEDS_ACTION): a PENDING one may be cancelled.
    pending: {
      on: {
        "MANAGE.CANCEL_ENROLLMENT": { guard: "isPending", target: "confirmingCancel" },
        "MANAGE.REFRESH": { target: "loading" },
        "MANAGE.DONE": { target: "kept" },
      },
    },
    confirmingCancel: {
      on: {
        "MANAGE.CONFIRM": { target: "cancelling" },
        "MANAGE.BACK": { target: "pending" },
      },
    },
    cancelling: {
      invoke: {
        id: "cancelEnrollment",
        src: "cancelEnrollment",
        input: ({ context }) => ({ enrollment_id: context.enrollment.id }),
        onDone: { target: "cancelled", actions: { type: "storeEnded", params: ({ event }) => ({ enrollment: event.output, change: "cancelled" as const }) } },
        onError: { target: "cancelFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    cancelFailed: {
      on: {
        // A conflict means it is no longer pending (the programme decided): look again.
        "MANAGE.RETRY": [
          { guard: "isConflict", target: "loading", actions: "clearError" },
          { target: "cancelling", actions: "clearError" },
        ],
        "MANAGE.BACK": { target: "pending", actions: "clearError" },
      },
    },
    active: {
      // A refused level belongs to the form it was typed in: gone once the user moves on.
      exit: assign({ reserveError: null }),
      on: {
        "MANAGE.OPT_OUT": { guard: "canOptOut", target: "confirmingChange", actions: "storeChange" },
        "MANAGE.OPT_IN": { guard: "canOptIn", target: "confirmingChange", actions: "storeChange" },
        "MANAGE.SET_RESERVE": [
          { guard: and(["isChangeable", "reserveIsValid"]), target: "confirmingChange", actions: "storeChange" },
          // A level outside the programme's bounds is said beside the field; nothing is sent.
          { guard: "isChangeable", actions: "storeReserveError" },
        ],
        "MANAGE.UNENROLL": { target: "reviewingUnenroll", actions: "stampTerms" },
        "MANAGE.REFRESH": { target: "loading" },
        "MANAGE.DONE": { target: "kept" },
      },
    },
    confirmingChange: {
      on: {
        "MANAGE.CONFIRM": { target: "updatingEvent" },
        "MANAGE.BACK": { target: "active", actions: "clearChange" },
      },
    },
    updatingEvent: {
      invoke: {
        id: "updateEvent",
        src: "updateEvent",
        input: ({ context }) => requestFor(context),
        onDone: { target: "active", actions: { type: "storeEvent", params: ({ event }) => event.output } },
        onError: { target: "updateFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    updateFailed: {
      on: {
        // A conflict means the event is over or was called off: show the events as they are now.
        "MANAGE.RETRY": [
          { guard: "isConflict", target: "loading", actions: "clearChange" },
          { target: "updatingEvent", actions: "clearError" },
        ],
        "MANAGE.BACK": { target: "active", actions: "clearChange" },
      },
    },
    // The minimum commitment and any penalty, before the household confirms.
    reviewingUnenroll: {
      on: {
        "MANAGE.CONFIRM": { guard: "mayLeave", target: "unenrolling" },
        "MANAGE.BACK": { target: "active" },
      },
    },
    unenrolling: {
      invoke: {
        id: "unenroll",
        src: "unenroll",
        input: ({ context }) => ({ enrollment_id: context.enrollment.id }),
        onDone: { target: "unenrolled", actions: { type: "storeEnded", params: ({ event }) => ({ enrollment: event.output, change: "unenrolled" as const }) } },
        onError: [
          { guard: { type: "isRefusal", params: ({ event }) => ({ error: event.error }) }, target: "refused", actions: { type: "storeRefusal", params: ({ event }) => ({ error: event.error }) } },
          { target: "unenrollFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
        ],
      },
    },
    unenrollFailed: {
      on: {
        "MANAGE.RETRY": [
          { guard: "isConflict", target: "loading", actions: "clearError" },
          { target: "unenrolling", actions: "clearError" },
        ],
        "MANAGE.BACK": { target: "active", actions: "clearError" },
      },
    },
    // The programme's commitment has not ended: explained, with the date, never as an error.
    refused: { on: { "MANAGE.BACK": { target: "active" } } },
    rejected: { on: { "MANAGE.DONE": { target: "kept" } } },
    left: { on: { "MANAGE.DONE": { target: "kept" } } },
    kept: { type: "final", entry: assign({ ended: "kept" as const }) },
    cancelled: { type: "final", entry: assign({ ended: "cancelled" as const }) },
    unenrolled: { type: "final", entry: assign({ ended: "unenrolled" as const }) },
    exited: { type: "final" },
  },
  output: ({ context }): ManageEnrollmentOutput | null => {
    if (context.ended === "kept") return { outcome: "kept", enrollment: context.enrollment, changes: context.changes };
    if (context.ended === "cancelled") return { outcome: "cancelled", enrollment: context.enrollment };
    if (context.ended === "unenrolled") return { outcome: "unenrolled", enrollment: context.enrollment, penalty: context.terms?.penalty ?? 0, changes: context.changes };
    return null;
  },
});

export type ManageEnrollmentMachine = typeof manageEnrollmentMachine;
