/**
 * Programmes, devices and enrolments as the portal's commissioning API speaks them: Flip's
 * field names (snake_case), so a Flip-compatible host sends and reads the same JSON.
 */

import { PROGRAM_DEVICE_TYPES, type ProgramDeviceType } from "@onflex/core";

// Programmes, site attributes and the enrolment status model are core's (one source for the
// portal, the sandbox and the flows).
export {
  ENROLLMENT_STATUSES,
  ENROLLMENT_STATUS_ALIASES,
  OPEN_ENROLLMENT_STATUSES,
  SITE_ATTRIBUTES,
  toEnrollmentStatus,
} from "@onflex/core";
export type {
  Enrollment,
  EnrollmentFormField,
  EnrollmentStatus,
  FormFieldRule,
  FormFieldType,
  MissingForEnrollment,
  Program,
  ProgramDefinition,
  ProgramSpecificAttribute,
  SiteAttribute,
} from "@onflex/core";

/** Device types a host may commission: the kinds of equipment programmes name. */
export const DEVICE_TYPES = PROGRAM_DEVICE_TYPES;
export type DeviceType = ProgramDeviceType;

export function isDeviceType(value: unknown): value is DeviceType {
  return typeof value === "string" && (DEVICE_TYPES as readonly string[]).includes(value);
}
