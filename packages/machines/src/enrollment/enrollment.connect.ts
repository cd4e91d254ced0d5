import type { Enrollment, MissingForEnrollment, Program, ProgramDeviceType, ProgramSpecificAttribute, Site, SiteAttribute } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { EnrollmentMachine } from "./enrollment.machine.js";
import { devicesFor } from "./enrollment.rules.js";
import type { EnrollmentEvent, EnrollmentStep, TermsAgreement } from "./enrollment.types.js";

export type EnrollmentSnapshot = SnapshotFrom<EnrollmentMachine>;

/** Everything an enrolment view renders and every command it may call. */
export interface EnrollmentView {
  /** The screen: a top-level state ("choosing", "details", "pending", …). */
  step: EnrollmentStep;
  /** A request is in flight. */
  isLoading: boolean;
  zipCode: string | null;
  deviceType: ProgramDeviceType | null;
  site: Site | null;
  /** The programmes the site's devices can join at its zip code. */
  programs: Program[];
  /** The programme chosen (details onwards). */
  program: Program | null;
  /** The site's devices that would join the chosen programme. */
  devices: Site["devices"];
  /** Enrol was pressed without ticking the agreement. */
  consentMissing: boolean;
  agreement: TermsAgreement | null;
  /** What the programme still needs (the missing-information form). */
  missing: MissingForEnrollment | null;
  /** Answers given so far, to start the form from. */
  answers: ProgramSpecificAttribute[];
  /** The enrolment as it stands (pending, enrolled). */
  enrollment: Enrollment | null;
  /** The programme of the enrolment just cancelled, for the list to say so. */
  cancelledProgram: Program | null;
  error: FlowError | null;
  /** A cancel refused because the enrolment is no longer pending. */
  isNoLongerPending: boolean;
  canRetry: boolean;
  canGoBack: boolean;
  canCancel: boolean;
  submitZipCode(zipCode: string): void;
  select(programId: string): void;
  enrol(agreed: boolean): void;
  submitMissing(site: Partial<Record<SiteAttribute, string>>, answers: ProgramSpecificAttribute[]): void;
  cancel(): void;
  /** Leaves the pending enrolment as it is and finishes the flow. */
  continue(): void;
  retry(): void;
  back(): void;
  exit(): void;
  getRootProps(): PartProps;
}

export function connectEnrollment(snapshot: EnrollmentSnapshot, send: Send<EnrollmentEvent>): EnrollmentView {
  const { context } = snapshot;
  const step = snapshot.value as EnrollmentStep;
  const program = context.program;
  const enrolledProgram = context.enrollment ? (context.programs.find((item) => item.id === context.enrollment?.program_id) ?? program) : null;
  const shown = program ?? enrolledProgram;
  return {
    step,
    isLoading: step === "loading" || step === "listing" || step === "creating" || step === "savingSite" || step === "cancelling",
    zipCode: context.zipCode,
    deviceType: context.deviceType,
    site: context.site,
    programs: context.programs,
    program: shown ?? null,
    devices: shown ? devicesFor(context.site, shown, context.deviceType) : [],
    consentMissing: context.consentMissing,
    agreement: context.agreement,
    missing: context.missing,
    answers: context.answers,
    enrollment: context.enrollment,
    cancelledProgram: context.cancelledProgramId ? (context.programs.find((item) => item.id === context.cancelledProgramId) ?? null) : null,
    error: context.error,
    isNoLongerPending: step === "cancelFailed" && context.error?.code === "conflict",
    canRetry: snapshot.can({ type: "ENROLLMENT.RETRY" }),
    canGoBack: snapshot.can({ type: "ENROLLMENT.BACK" }),
    canCancel: snapshot.can({ type: "ENROLLMENT.CANCEL" }),
    submitZipCode: (zipCode) => send({ type: "ENROLLMENT.SUBMIT_ZIP", zipCode }),
    select: (programId) => send({ type: "ENROLLMENT.SELECT", programId }),
    enrol: (agreed) => send({ type: "ENROLLMENT.ENROL", agreed }),
    submitMissing: (site, answers) => send({ type: "ENROLLMENT.SUBMIT_MISSING", site, answers }),
    cancel: () => send({ type: "ENROLLMENT.CANCEL" }),
    continue: () => send({ type: "ENROLLMENT.CONTINUE" }),
    retry: () => send({ type: "ENROLLMENT.RETRY" }),
    back: () => send({ type: "ENROLLMENT.BACK" }),
    exit: () => send({ type: "ENROLLMENT.EXIT" }),
    getRootProps: () => partProps("enrollment", "root", step),
  };
}
