import { OPEN_ENROLLMENT_STATUSES, SITE_ATTRIBUTES } from "@onflex/core";
import type { Enrollment, MissingForEnrollment, Program, ProgramDeviceType, ProgramSpecificAttribute, Site, SiteAttribute } from "@onflex/core";
import type { MissingAnswers } from "./enrollment.types.js";

/** The site's devices that can join this programme (of the one type asked for, when there is one). */
export function devicesFor(site: Site | null, program: Program, deviceType: ProgramDeviceType | null = null): Site["devices"] {
  return (site?.devices ?? []).filter((device) => program.eligible_device_types.includes(device.type) && (deviceType === null || device.type === deviceType));
}

/** The enrolment that decides where the flow starts: an open one, newest first. */
export function openEnrollment(enrollments: readonly Enrollment[]): Enrollment | null {
  return enrollments.find((item) => OPEN_ENROLLMENT_STATUSES.includes(item.status)) ?? null;
}

export const isZipCode = (value: unknown): value is string => typeof value === "string" && /^\d{5}$/.test(value.trim());

/** Asks for anything beyond the terms (which the details screen already covers). */
export function asksForInformation(missing: MissingForEnrollment | null): boolean {
  return missing !== null && (missing.missing_site_attributes.length > 0 || missing.missing_program_specific_attributes.length > 0);
}

/**
 * The form's answers as the flow keeps them, or null when they do not answer what was asked:
 * every missing site attribute as non-empty text, every programme question with a value of
 * its type. Anything not asked for is dropped, whatever a view or host sends.
 */
export function acceptAnswers(missing: MissingForEnrollment | null, sent: Partial<MissingAnswers> | undefined): MissingAnswers | null {
  if (!missing) return null;
  const site: Partial<Record<SiteAttribute, string>> = {};
  const rawSite = (typeof sent?.site === "object" && sent.site !== null ? sent.site : {}) as Record<string, unknown>;
  for (const name of missing.missing_site_attributes) {
    if (!(SITE_ATTRIBUTES as readonly string[]).includes(name)) continue;
    const value = Object.hasOwn(rawSite, name) ? rawSite[name] : undefined;
    if (typeof value !== "string" || value.trim() === "") return null;
    site[name] = value.trim();
  }
  const rawAnswers = Array.isArray(sent?.answers) ? (sent.answers as unknown[]) : [];
  const answers: ProgramSpecificAttribute[] = [];
  for (const field of missing.missing_program_specific_attributes) {
    const found = rawAnswers.find((item): item is ProgramSpecificAttribute => typeof item === "object" && item !== null && (item as { name?: unknown }).name === field.name);
    const value: unknown = found?.value;
    const ok =
      (field.type === "boolean" && typeof value === "boolean") ||
      (field.type === "number" && typeof value === "number" && Number.isFinite(value)) ||
      (field.type === "string" && typeof value === "string" && value.trim() !== "");
    if (!ok) return null;
    answers.push({ name: field.name, value: typeof value === "string" ? value.trim() : (value as number | boolean) });
  }
  return { site, answers };
}

/** Earlier answers, with the new ones replacing any of the same name. */
export function mergeAnswers(earlier: readonly ProgramSpecificAttribute[], newer: readonly ProgramSpecificAttribute[]): ProgramSpecificAttribute[] {
  const names = new Set(newer.map((item) => item.name));
  return [...earlier.filter((item) => !names.has(item.name)), ...newer];
}
