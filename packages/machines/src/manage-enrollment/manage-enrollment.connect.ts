import type { Enrollment, Program, ProgramEvent, ReserveSource, UnenrollRefusal, UnenrollTerms } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { ManageEnrollmentMachine } from "./manage-enrollment.machine.js";
import { reserveFor, splitEvents } from "./manage-enrollment.rules.js";
import type { EventChange, ManageChangeRecord, ManageEnrollmentEvent, ManageEnrollmentStep, ReserveInputError } from "./manage-enrollment.types.js";

export type ManageEnrollmentSnapshot = SnapshotFrom<ManageEnrollmentMachine>;

/** One event as a view lists it: the event, the reserve that applies and what the user may do. */
export interface ManagedEventView {
  event: ProgramEvent;
  /** Upcoming or in progress: the household may still change its part. */
  changeable: boolean;
  /** The reserve that applies and where it comes from; null when the event has no reserve to set. */
  reserve: { percentage: number | null; source: ReserveSource } | null;
}

/** Everything a manage-enrolment view renders and every command it may call. */
export interface ManageEnrollmentView {
  step: ManageEnrollmentStep;
  /** A request is in flight. */
  isLoading: boolean;
  enrollment: Enrollment;
  program: Program | null;
  /** Upcoming and in-progress events, soonest first. */
  currentEvents: ManagedEventView[];
  /** Past and cancelled events, latest first. */
  pastEvents: ManagedEventView[];
  siteReserve: number | null;
  /** The home's time zone for event windows; null: the device's own. */
  timeZone: string | null;
  /** The programme's bounds on an event's reserve, when it has any. */
  reserveBounds: { minimum: number; maximum: number } | null;
  /** The change waiting for confirmation (or being sent), with its event. */
  change: (EventChange & { event: ProgramEvent | null }) | null;
  reserveError: ReserveInputError | null;
  terms: UnenrollTerms | null;
  refusal: UnenrollRefusal | null;
  changes: ManageChangeRecord[];
  error: FlowError | null;
  canRetry: boolean;
  canGoBack: boolean;
  canCancelEnrollment: boolean;
  canUnenroll: boolean;
  /** The review allows leaving (after the commitment, or with the penalty). */
  canConfirmUnenroll: boolean;
  optOut(eventId: string): void;
  optIn(eventId: string): void;
  setReserve(eventId: string, percentage: number | null): void;
  confirm(): void;
  cancelEnrollment(): void;
  unenroll(): void;
  refresh(): void;
  retry(): void;
  back(): void;
  done(): void;
  exit(): void;
  getRootProps(): PartProps;
}

export function connectManageEnrollment(snapshot: ManageEnrollmentSnapshot, send: Send<ManageEnrollmentEvent>): ManageEnrollmentView {
  const { context } = snapshot;
  const step = snapshot.value as ManageEnrollmentStep;
  const { current, past } = splitEvents(context.events);
  const view = (changeable: boolean) => (event: ProgramEvent): ManagedEventView => ({ event, changeable, reserve: reserveFor(event, context.program, context.siteReserve) });
  const policy = context.program?.backup_reserve ?? null;
  return {
    step,
    isLoading: step === "loading" || step === "cancelling" || step === "updatingEvent" || step === "unenrolling",
    enrollment: context.enrollment,
    program: context.program,
    currentEvents: current.map(view(true)),
    pastEvents: past.map(view(false)),
    siteReserve: context.siteReserve,
    timeZone: context.timeZone,
    reserveBounds: policy ? { minimum: policy.minimum_percentage, maximum: policy.maximum_percentage } : null,
    change: context.change ? { ...context.change, event: context.events.find((event) => event.id === context.change?.eventId) ?? null } : null,
    reserveError: context.reserveError,
    terms: context.terms,
    refusal: context.refusal,
    changes: context.changes,
    error: context.error,
    canRetry: snapshot.can({ type: "MANAGE.RETRY" }),
    canGoBack: snapshot.can({ type: "MANAGE.BACK" }),
    canCancelEnrollment: snapshot.can({ type: "MANAGE.CANCEL_ENROLLMENT" }),
    canUnenroll: snapshot.can({ type: "MANAGE.UNENROLL" }),
    canConfirmUnenroll: step === "reviewingUnenroll" && snapshot.can({ type: "MANAGE.CONFIRM" }),
    optOut: (eventId) => send({ type: "MANAGE.OPT_OUT", eventId }),
    optIn: (eventId) => send({ type: "MANAGE.OPT_IN", eventId }),
    setReserve: (eventId, percentage) => send({ type: "MANAGE.SET_RESERVE", eventId, percentage }),
    confirm: () => send({ type: "MANAGE.CONFIRM" }),
    cancelEnrollment: () => send({ type: "MANAGE.CANCEL_ENROLLMENT" }),
    unenroll: () => send({ type: "MANAGE.UNENROLL" }),
    refresh: () => send({ type: "MANAGE.REFRESH" }),
    retry: () => send({ type: "MANAGE.RETRY" }),
    back: () => send({ type: "MANAGE.BACK" }),
    done: () => send({ type: "MANAGE.DONE" }),
    exit: () => send({ type: "MANAGE.EXIT" }),
    getRootProps: () => partProps("manage-enrollment", "root", step),
  };
}
