/**
 * Programmes, devices and enrolments as the portal's commissioning API speaks them: Flip's
 * field names (snake_case), so a Flip-compatible host sends and reads the same JSON.
 */

/**
 * Device types a host may commission. Flip does not publish its list; these are the kinds of
 * equipment its programmes name (a battery, a thermostat, a car and its charger, …).
 */
export const DEVICE_TYPES = ["BATTERY", "THERMOSTAT", "EV_CHARGER", "ELECTRIC_VEHICLE", "HEAT_PUMP", "WATER_HEATER", "SOLAR_INVERTER"] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export function isDeviceType(value: unknown): value is DeviceType {
  return typeof value === "string" && (DEVICE_TYPES as readonly string[]).includes(value);
}

/** The site fields a host may send at commissioning (all optional) and a programme may require. */
export const SITE_ATTRIBUTES = ["first_name", "last_name", "email", "phone_number", "street_address", "city", "state_code", "zip_code"] as const;
export type SiteAttribute = (typeof SITE_ATTRIBUTES)[number];

export type FormFieldType = "boolean" | "number" | "string";

/** One question a programme asks before it enrols a household (Flip's `enrollment_form` item). */
export interface EnrollmentFormField {
  label: string;
  name: string;
  type: FormFieldType;
}

/** A programme exactly as the API shows it (Flip's Program). */
export interface Program {
  id: string;
  name: string;
  description: string;
  can_auto_enroll: boolean;
  earnings_for_site_upfront: number;
  earnings_for_site_yearly: number;
  eligible_device_types: DeviceType[];
  enrollment_form: EnrollmentFormField[];
  minimum_commitment_months: number;
  /** Months of the year (1–12) in which the programme dispatches events. */
  participation_months: number[];
  /** Markdown. */
  terms_and_conditions_text: string;
  terms_and_conditions_version: string;
}

/**
 * What the portal knows about a programme beyond what it shows: where it is offered, which
 * site fields it needs before enrolling, and how each form answer is checked.
 */
export interface ProgramDefinition {
  program: Program;
  zipCodes: readonly string[];
  requiredSiteAttributes: readonly SiteAttribute[];
  /** Per form field: a hint for the household and checks beyond its type. */
  formRules: Readonly<Record<string, FormFieldRule>>;
}

/** Checks on one form answer, as data so they are stored with the programme. */
export interface FormFieldRule {
  hint: string;
  /** For strings: the whole answer must match (a RegExp source, anchored here). */
  pattern?: string;
  /** What to say when the pattern does not match. */
  patternError?: string;
  /** For numbers: inclusive bounds. */
  min?: number;
  max?: number;
}

/**
 * Enrolment status. Flip's sources disagree; the portal keeps one model, the one its
 * site-token API (and Flip's demo app) reads: PENDING until the programme decides, then
 * ACTIVE (enrolled), NEEDS_ACTION (the household must do something) or REJECTED, and
 * UNENROLLED once the household leaves. `ENROLLMENT_STATUS_ALIASES` maps the other spellings.
 */
export const ENROLLMENT_STATUSES = ["PENDING", "NEEDS_ACTION", "ACTIVE", "REJECTED", "UNENROLLED"] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/**
 * Other sources' statuses in this model. Flip's integration guide says APPROVED for an
 * accepted enrolment; its utility API adds CREATED and SUBMITTED (both still waiting for the
 * programme) and PAUSED (still enrolled; sitting out events is per event, `is_participating`).
 */
export const ENROLLMENT_STATUS_ALIASES: Readonly<Record<string, EnrollmentStatus>> = {
  APPROVED: "ACTIVE",
  CREATED: "PENDING",
  SUBMITTED: "PENDING",
  PAUSED: "ACTIVE",
};

/** Any source's status in the portal's model, or null for a spelling nobody uses. */
export function toEnrollmentStatus(value: string): EnrollmentStatus | null {
  const upper = value.trim().toUpperCase();
  if ((ENROLLMENT_STATUSES as readonly string[]).includes(upper)) return upper as EnrollmentStatus;
  return Object.hasOwn(ENROLLMENT_STATUS_ALIASES, upper) ? (ENROLLMENT_STATUS_ALIASES[upper] ?? null) : null;
}

/** Statuses in which a household counts as enrolled (or about to be): at most one per programme. */
export const OPEN_ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = ["PENDING", "NEEDS_ACTION", "ACTIVE"];

export interface ProgramSpecificAttribute {
  name: string;
  value: string | number | boolean;
}

/** An enrolment as the API shows it. */
export interface Enrollment {
  id: string;
  site_id: string;
  program_id: string;
  device_ids: string[];
  status: EnrollmentStatus;
  enroll_method: "AUTO_ENROLL" | "USER_ACTION";
  has_agreed_to_terms_and_conditions: boolean;
  terms_and_conditions_version: string;
  program_specific_attributes: ProgramSpecificAttribute[];
  created_at: string;
}

/** Flip's 422: everything an enrolment still needs, so the host can collect it and retry. */
export interface MissingForEnrollment {
  missing_site_attributes: SiteAttribute[];
  missing_program_specific_attributes: Array<{ name: string; label: string; type: FormFieldType; hint: string; error: string }>;
  missing_has_agreed_to_terms_and_conditions: boolean;
  missing_terms_and_conditions_version: boolean;
  incorrect_terms_and_conditions_version: boolean;
}
