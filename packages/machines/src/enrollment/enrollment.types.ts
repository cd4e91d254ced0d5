import type { Enrollment, MissingForEnrollment, Program, ProgramDeviceType, ProgramSpecificAttribute, Site, SiteAttribute } from "@onflex/core";
import type { EnrollmentNotice } from "./enrollment.notice.js";
import type { FlowError } from "../shared/shared.types.js";

export interface EnrollmentInput {
  /** The home's zip code when the host knows it; otherwise the site's, or the flow asks. */
  zipCode?: string | null;
  /** Only programmes for this kind of device; otherwise any the site's devices can join. */
  deviceType?: ProgramDeviceType | null;
}

/** The household agreed to these terms at this moment (the journey's clock). */
export interface TermsAgreement {
  programId: string;
  version: string;
  agreedAt: string;
}

/** What the missing-information form sends: site attributes as typed, and the programme's answers. */
export interface MissingAnswers {
  site: Partial<Record<SiteAttribute, string>>;
  answers: ProgramSpecificAttribute[];
}

export interface EnrollmentContext {
  zipCode: string | null;
  deviceType: ProgramDeviceType | null;
  site: Site | null;
  programs: Program[];
  program: Program | null;
  /** The user pressed Enrol without ticking the agreement. */
  consentMissing: boolean;
  agreement: TermsAgreement | null;
  /** What the last enrolment attempt said was missing. */
  missing: MissingForEnrollment | null;
  /** Site attributes to PATCH before the next attempt, from the form. */
  siteUpdate: Partial<Record<SiteAttribute, string>> | null;
  answers: ProgramSpecificAttribute[];
  /** One key per enrolment attempt at one programme, so a retry never enrols twice. */
  idempotencyKey: string | null;
  enrollment: Enrollment | null;
  /** The programme whose pending enrolment was just cancelled, for the list to say so. */
  cancelledProgramId: string | null;
  error: FlowError | null;
  /** Each new enrolment as the host hears it (append-only; the journey reports each once). */
  hostNotices: EnrollmentNotice[];
  /** How the flow ended, set as it enters a final state (null while running or when the user left). */
  ended: "enrolled" | "no_programs" | null;
}

export type EnrollmentEvent =
  | { type: "ENROLLMENT.SUBMIT_ZIP"; zipCode: string }
  | { type: "ENROLLMENT.SELECT"; programId: string }
  | { type: "ENROLLMENT.ENROL"; agreed: boolean }
  | { type: "ENROLLMENT.SUBMIT_MISSING"; site: Partial<Record<SiteAttribute, string>>; answers: ProgramSpecificAttribute[] }
  | { type: "ENROLLMENT.CANCEL" }
  | { type: "ENROLLMENT.CONTINUE" }
  | { type: "ENROLLMENT.RETRY" }
  | { type: "ENROLLMENT.BACK" }
  | { type: "ENROLLMENT.EXIT" };

/** How the flow ended; the machine outputs `null` when the user left. */
export type EnrollmentOutput =
  | { outcome: "enrolled"; enrollment: Enrollment }
  | { outcome: "no_programs"; zipCode: string | null; deviceType: ProgramDeviceType | null };

export type EnrollmentStep =
  | "loading"
  | "loadFailed"
  | "askingZipCode"
  | "listing"
  | "listFailed"
  | "choosing"
  | "details"
  | "creating"
  | "createFailed"
  | "collecting"
  | "savingSite"
  | "saveFailed"
  | "pending"
  | "cancelling"
  | "cancelFailed"
  | "enrolled"
  | "noPrograms"
  | "exited";
