import * as z from "zod/mini";
import { OnflexError } from "../errors.js";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";
import { BackupReservePolicy } from "./program-event.js";

/*
 * Programmes, enrolments and the household's site in Flip's own field names (snake_case), so
 * a Flip-compatible host, the portal's commissioning API and the flows read the same JSON.
 * Everything here is scoped to the session's site: no operation takes a site id.
 */

/** The kinds of equipment a programme names (Flip does not publish its list). */
export const PROGRAM_DEVICE_TYPES = ["BATTERY", "THERMOSTAT", "EV_CHARGER", "ELECTRIC_VEHICLE", "HEAT_PUMP", "WATER_HEATER", "SOLAR_INVERTER"] as const;
export const ProgramDeviceType = z.enum(PROGRAM_DEVICE_TYPES);
export type ProgramDeviceType = z.infer<typeof ProgramDeviceType>;

/** The site fields a programme may require before it enrols a household. */
export const SITE_ATTRIBUTES = ["first_name", "last_name", "email", "phone_number", "street_address", "city", "state_code", "zip_code"] as const;
export const SiteAttribute = z.enum(SITE_ATTRIBUTES);
export type SiteAttribute = z.infer<typeof SiteAttribute>;

/** A US ZIP code, five digits (ZIP+4 is not used by programmes). */
export const ZipCode = z.string().check(z.trim(), z.regex(/^\d{5}$/, "must be 5 digits"));

export const FORM_FIELD_TYPES = ["boolean", "number", "string"] as const;
export const FormFieldType = z.enum(FORM_FIELD_TYPES);
export type FormFieldType = z.infer<typeof FormFieldType>;

const FieldName = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a snake_case name"));
const Label = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** One question a programme asks before it enrols a household (Flip's `enrollment_form` item). */
export const EnrollmentFormField = z.object({ label: Label, name: FieldName, type: FormFieldType });
export type EnrollmentFormField = z.infer<typeof EnrollmentFormField>;

const Month = z.number().check(z.int(), z.minimum(1), z.maximum(12));
/** An amount in the programme's currency (US dollars for Flip's programmes). */
const Money = z.number().check(z.minimum(0), z.maximum(1_000_000));

/** A programme exactly as the API shows it (Flip's Program). */
export const Program = z.object({
  id: NonEmptyString,
  name: Label,
  description: z.string().check(z.maxLength(2000)),
  can_auto_enroll: z.boolean(),
  earnings_for_site_upfront: Money,
  earnings_for_site_yearly: Money,
  eligible_device_types: z.array(ProgramDeviceType),
  enrollment_form: z.array(EnrollmentFormField),
  minimum_commitment_months: z.number().check(z.int(), z.minimum(0), z.maximum(120)),
  /** Months of the year (1–12) in which the programme dispatches events. */
  participation_months: z.array(Month),
  /** Markdown, as text: a view renders it with a renderer that escapes HTML, never as HTML. */
  terms_and_conditions_text: z.string().check(z.maxLength(50_000)),
  terms_and_conditions_version: NonEmptyString,
  /**
   * Onflex's: what leaving within the minimum commitment costs (in the programme's currency);
   * absent or null when the programme refuses to let a household leave before it ends.
   */
  early_unenrollment_penalty: z.optional(z.nullable(Money)),
  /** Onflex's: the bounds on a battery's backup reserve during events; absent or null when the programme sets none. */
  backup_reserve: z.optional(z.nullable(BackupReservePolicy)),
});
export type Program = z.infer<typeof Program>;

/**
 * Enrolment status. Flip's sources disagree; Onflex keeps one model, the one Flip's
 * site-token API and demo app read: PENDING until the programme decides, then ACTIVE
 * (enrolled), NEEDS_ACTION (the household must do something) or REJECTED, and UNENROLLED once
 * the household leaves (or cancels while PENDING). `ENROLLMENT_STATUS_ALIASES` maps the others.
 */
export const ENROLLMENT_STATUSES = ["PENDING", "NEEDS_ACTION", "ACTIVE", "REJECTED", "UNENROLLED"] as const;
export const EnrollmentStatus = z.enum(ENROLLMENT_STATUSES);
export type EnrollmentStatus = z.infer<typeof EnrollmentStatus>;

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

/** Any source's status in Onflex's model, or null for a spelling nobody uses. */
export function toEnrollmentStatus(value: string): EnrollmentStatus | null {
  const upper = value.trim().toUpperCase();
  if ((ENROLLMENT_STATUSES as readonly string[]).includes(upper)) return upper as EnrollmentStatus;
  return Object.hasOwn(ENROLLMENT_STATUS_ALIASES, upper) ? (ENROLLMENT_STATUS_ALIASES[upper] ?? null) : null;
}

/** Statuses in which a household counts as enrolled (or about to be): at most one per programme. */
export const OPEN_ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = ["PENDING", "NEEDS_ACTION", "ACTIVE"];

const AttributeValue = z.union([z.string().check(z.maxLength(500)), z.number().check(z.refine(Number.isFinite, "must be a finite number")), z.boolean()]);
export const ProgramSpecificAttribute = z.object({ name: FieldName, value: AttributeValue });
export type ProgramSpecificAttribute = z.infer<typeof ProgramSpecificAttribute>;

/** An enrolment as the API shows it (Flip's Enrollment; `terms_and_conditions_agreed_at` is Onflex's). */
export const Enrollment = z.object({
  id: NonEmptyString,
  site_id: NonEmptyString,
  program_id: NonEmptyString,
  device_ids: z.array(NonEmptyString),
  status: EnrollmentStatus,
  enroll_method: z.enum(["AUTO_ENROLL", "USER_ACTION"]),
  has_agreed_to_terms_and_conditions: z.boolean(),
  terms_and_conditions_version: z.string(),
  terms_and_conditions_agreed_at: z.optional(z.nullable(IsoUtcTimestamp)),
  program_specific_attributes: z.array(ProgramSpecificAttribute),
  created_at: IsoUtcTimestamp,
});
export type Enrollment = z.infer<typeof Enrollment>;

/** One device commissioned at the site. */
export const SiteDevice = z.object({
  id: NonEmptyString,
  type: ProgramDeviceType,
  manufacturer_name: z.nullable(z.string().check(z.maxLength(200))),
  product_name: z.nullable(z.string().check(z.maxLength(200))),
});
export type SiteDevice = z.infer<typeof SiteDevice>;

const Optional200 = z.nullable(z.string().check(z.maxLength(200)));

/** The household's site (Flip's Site): every attribute may still be missing (null). */
export const Site = z.object({
  id: NonEmptyString,
  first_name: Optional200,
  last_name: Optional200,
  email: Optional200,
  phone_number: Optional200,
  street_address: Optional200,
  city: Optional200,
  state_code: Optional200,
  zip_code: Optional200,
  devices: z.array(SiteDevice),
});
export type Site = z.infer<typeof Site>;

const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

/** Each site attribute's own check, so a form asks for exactly the attributes missing with the API's rules. */
export const SITE_ATTRIBUTE_VALUES = {
  first_name: Name,
  last_name: Name,
  email: z.string().check(z.trim(), z.maxLength(200), z.email()),
  phone_number: z.string().check(z.trim(), z.regex(/^\+?[0-9 ()-]{7,20}$/, "must be a phone number")),
  street_address: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  city: Name,
  state_code: z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z]{2}$/, "must be a two-letter state code")),
  zip_code: ZipCode,
} as const satisfies Record<SiteAttribute, z.ZodMiniType<string, string>>;

/** PATCH of the site: only the attributes sent change; each is checked for its kind. */
export const SiteUpdateInput = z.object({
  first_name: z.optional(SITE_ATTRIBUTE_VALUES.first_name),
  last_name: z.optional(SITE_ATTRIBUTE_VALUES.last_name),
  email: z.optional(SITE_ATTRIBUTE_VALUES.email),
  phone_number: z.optional(SITE_ATTRIBUTE_VALUES.phone_number),
  street_address: z.optional(SITE_ATTRIBUTE_VALUES.street_address),
  city: z.optional(SITE_ATTRIBUTE_VALUES.city),
  state_code: z.optional(SITE_ATTRIBUTE_VALUES.state_code),
  zip_code: z.optional(SITE_ATTRIBUTE_VALUES.zip_code),
});
export type SiteUpdateInput = z.infer<typeof SiteUpdateInput>;

export const SiteGetInput = z.object({});
export type SiteGetInput = z.infer<typeof SiteGetInput>;

export const ProgramsListInput = z.object({ zip_code: ZipCode, device_type: z.optional(ProgramDeviceType) });
export type ProgramsListInput = z.infer<typeof ProgramsListInput>;

/** The programmes offered at a zip code (for a device type); empty when none are. */
export const ProgramList = z.object({ zip_code: z.string(), programs: z.array(Program) });
export type ProgramList = z.infer<typeof ProgramList>;

export const EnrollmentsListInput = z.object({});
export type EnrollmentsListInput = z.infer<typeof EnrollmentsListInput>;

export const EnrollmentList = z.object({ enrollments: z.array(Enrollment) });
export type EnrollmentList = z.infer<typeof EnrollmentList>;

/** Flip's enrolment request, as the household makes it (enroll_method USER_ACTION). */
export const EnrollmentCreateInput = z.object({
  program_id: NonEmptyString,
  device_ids: z.array(NonEmptyString).check(z.minLength(1), z.maxLength(20)),
  has_agreed_to_terms_and_conditions: z.boolean(),
  terms_and_conditions_version: z.optional(z.string().check(z.trim(), z.maxLength(50))),
  /** When the household agreed, from the client's clock. */
  terms_and_conditions_agreed_at: z.optional(IsoUtcTimestamp),
  program_specific_attributes: z.optional(z.array(ProgramSpecificAttribute).check(z.maxLength(50))),
});
export type EnrollmentCreateInput = z.infer<typeof EnrollmentCreateInput>;

export const EnrollmentCancelInput = z.object({ enrollment_id: NonEmptyString });
export type EnrollmentCancelInput = z.infer<typeof EnrollmentCancelInput>;

/** One programme question still unanswered (or answered wrongly), with what to tell the household. */
export const MissingProgramAttribute = z.object({ name: FieldName, label: Label, type: FormFieldType, hint: z.string(), error: z.string() });
export type MissingProgramAttribute = z.infer<typeof MissingProgramAttribute>;

/** Flip's 422 `enrollment`: everything an enrolment still needs, so it can be collected and retried. */
export const MissingForEnrollment = z.object({
  missing_site_attributes: z.array(SiteAttribute),
  missing_program_specific_attributes: z.array(MissingProgramAttribute),
  missing_has_agreed_to_terms_and_conditions: z.boolean(),
  missing_terms_and_conditions_version: z.boolean(),
  incorrect_terms_and_conditions_version: z.boolean(),
});
export type MissingForEnrollment = z.infer<typeof MissingForEnrollment>;

/** Whether an enrolment still needs anything: any missing attribute, or a terms problem. */
export function needsMoreForEnrollment(missing: MissingForEnrollment): boolean {
  return (
    missing.missing_site_attributes.length > 0 ||
    missing.missing_program_specific_attributes.length > 0 ||
    missing.missing_has_agreed_to_terms_and_conditions ||
    missing.missing_terms_and_conditions_version ||
    missing.incorrect_terms_and_conditions_version
  );
}

/**
 * The 422 an enrolment answers when something is missing: OnflexError("validation") with
 * Flip's body under `details.enrollment`, so it travels the REST contract like any error.
 */
export function missingForEnrollmentError(missing: MissingForEnrollment): OnflexError {
  return new OnflexError("validation", "The enrolment needs more information.", { retryable: false, details: { enrollment: missing } });
}

/**
 * What an enrolment still needs, read from an error (an OnflexError or its JSON form), or null
 * when the error is anything else or its details do not parse.
 */
export function missingForEnrollment(error: unknown): MissingForEnrollment | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, details } = error as { code?: unknown; details?: unknown };
  if (code !== "validation" || typeof details !== "object" || details === null) return null;
  const parsed = MissingForEnrollment.safeParse((details as Record<string, unknown>)["enrollment"]);
  return parsed.success ? parsed.data : null;
}
