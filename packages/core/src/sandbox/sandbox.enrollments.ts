import type { CallOptions } from "../api/port.js";
import { OnflexError } from "../errors.js";
import {
  eventStatusAt,
  isEventChangeable,
  reserveLevelError,
  reserveOutOfBoundsError,
  unenrollRefusalError,
  unenrollTerms,
  type EventUpdateInput,
  type EventsListInput,
  type EnrollmentUnenrollInput,
  type ProgramEvent,
  type ProgramEventList,
} from "../schemas/program-event.js";
import {
  missingForEnrollmentError,
  needsMoreForEnrollment,
  OPEN_ENROLLMENT_STATUSES,
  SITE_ATTRIBUTES,
  type Enrollment,
  type EnrollmentCancelInput,
  type EnrollmentCreateInput,
  type EnrollmentStatus,
  type MissingForEnrollment,
  type ProgramsListInput,
  type Site,
  type SiteAttribute,
  type SiteUpdateInput,
} from "../schemas/program.js";
import { SANDBOX_DAY_MS, sandboxEventsFor } from "./sandbox.events.js";
import { programAnswerError, SANDBOX_PROGRAMS, SANDBOX_SITE_DEVICES, SANDBOX_ZIP_CODES, type ProgramDefinition } from "./sandbox.programs.js";

/** How the sandbox's one site starts: its attributes (null while missing) and enrolments it already has. */
export interface SandboxSite {
  attributes?: Partial<Record<SiteAttribute, string | null>>;
  enrollments?: ReadonlyArray<{
    program_id: string;
    status: EnrollmentStatus;
    /** How long ago it was created (default: when the sandbox starts); the minimum commitment counts from then. */
    enrolled_days_ago?: number;
    /** A PENDING one the programme accepts this many seconds (on the sandbox's clock) after the sandbox starts. */
    becomes_active_after_seconds?: number;
  }>;
  /** The household's own battery backup reserve, the last fallback for an event's (default 30). */
  backup_reserve_percentage?: number | null;
}

/**
 * Sites to start the sandbox with (`createSandboxApi({ site: SANDBOX_SITES.complete })`).
 * The default lives at 88802 with only a first name, state and zip code, so each programme
 * there asks for something before it enrols.
 */
export const SANDBOX_SITES = {
  default: { attributes: { first_name: "Sam", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.batteryAndEv } },
  /** Every attribute filled in, at 88801: enrolling asks only for a programme's own questions. */
  complete: {
    attributes: {
      first_name: "Sam",
      last_name: "Rivera",
      email: "sam@example.com",
      phone_number: "+1 505 555 0100",
      street_address: "1 Sandbox Way",
      city: "Testville",
      state_code: "NM",
      zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat,
    },
  },
  /** At 88803, where no programme is offered. */
  noPrograms: { attributes: { first_name: "Sam", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.none } },
  /** No zip code yet: the flow asks for it. */
  noZipCode: { attributes: { first_name: "Sam" } },
  /** Already enrolled (ACTIVE) in Peak Battery Rewards. */
  enrolledActive: {
    attributes: { first_name: "Sam", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.batteryAndEv },
    enrollments: [{ program_id: "prg_sandbox_battery_peak", status: "ACTIVE" }],
  },
  /** An enrolment in Off-Peak EV Charging still PENDING: it can be cancelled, and it stays PENDING. */
  enrolledPending: {
    attributes: { first_name: "Sam", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.batteryAndEv },
    enrollments: [{ program_id: "prg_sandbox_ev_off_peak", status: "PENDING" }],
  },
  /** Peak Battery Rewards PENDING for 30 seconds on the sandbox's clock, then ACTIVE with its events. */
  becomesActive: {
    attributes: { first_name: "Sam", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.batteryAndEv },
    enrollments: [{ program_id: "prg_sandbox_battery_peak", status: "PENDING", becomes_active_after_seconds: 30 }],
  },
  /** Peak Battery Rewards turned the household down. */
  rejected: {
    attributes: { first_name: "Sam", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.batteryAndEv },
    enrollments: [{ program_id: "prg_sandbox_battery_peak", status: "REJECTED" }],
  },
  /** Off-Peak EV Charging ACTIVE for 10 days of its 3-month commitment, which refuses early leavers: unenrolling is refused. */
  cannotUnenrollYet: {
    attributes: { first_name: "Sam", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.batteryAndEv },
    enrollments: [{ program_id: "prg_sandbox_ev_off_peak", status: "ACTIVE", enrolled_days_ago: 10 }],
  },
  /** Peak Battery Rewards ACTIVE for over a year, past its commitment: leaving is free. */
  activePastCommitment: {
    attributes: { first_name: "Sam", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.batteryAndEv },
    enrollments: [{ program_id: "prg_sandbox_battery_peak", status: "ACTIVE", enrolled_days_ago: 400 }],
  },
} as const satisfies Record<string, SandboxSite>;

const SITE_ID = "site_sandbox";


/** The sandbox's one site and its enrolments, in memory, as Flip's site-token API behaves. */
export function createEnrollmentSimulation(start: SandboxSite, clock: () => Date, programs: readonly ProgramDefinition[] = SANDBOX_PROGRAMS) {
  const site: Site = {
    id: SITE_ID,
    ...(Object.fromEntries(SITE_ATTRIBUTES.map((name) => [name, start.attributes?.[name] ?? null])) as Record<SiteAttribute, string | null>),
    devices: SANDBOX_SITE_DEVICES.map((device) => ({ ...device })),
  };
  const started = clock();
  const activations = new Map<string, number>();
  const events: Array<{ enrollment_id: string; event: ProgramEvent }> = [];
  const siteReserve = start.backup_reserve_percentage === undefined ? 30 : start.backup_reserve_percentage;
  const enrollments: Enrollment[] = (start.enrollments ?? []).map((item, index) => {
    const definition = programs.find((d) => d.program.id === item.program_id);
    const createdAt = new Date(started.getTime() - (item.enrolled_days_ago ?? 0) * SANDBOX_DAY_MS).toISOString();
    if (item.becomes_active_after_seconds !== undefined) activations.set(`sbx-enr-${index + 1}`, started.getTime() + item.becomes_active_after_seconds * 1000);
    return {
      id: `sbx-enr-${index + 1}`,
      site_id: SITE_ID,
      program_id: item.program_id,
      device_ids: eligibleDeviceIds(definition),
      status: item.status,
      enroll_method: "USER_ACTION",
      has_agreed_to_terms_and_conditions: true,
      terms_and_conditions_version: definition?.program.terms_and_conditions_version ?? "",
      terms_and_conditions_agreed_at: createdAt,
      program_specific_attributes: [],
      created_at: createdAt,
    };
  });
  for (const enrollment of enrollments) if (enrollment.status === "ACTIVE") addEvents(enrollment, started);
  const byKey = new Map<string, { fingerprint: string; enrollment: Enrollment }>();

  function programOf(programId: string): ProgramDefinition["program"] | undefined {
    return programs.find((d) => d.program.id === programId)?.program;
  }

  function addEvents(enrollment: Enrollment, activeAt: Date): void {
    const program = programOf(enrollment.program_id);
    if (!program) return;
    for (const event of sandboxEventsFor(enrollment, program, site.devices, activeAt)) events.push({ enrollment_id: enrollment.id, event });
  }

  /** Brings the simulation up to the clock: an enrolment due to be accepted becomes ACTIVE. */
  function refresh(): void {
    const now = clock();
    for (const [id, at] of activations) {
      if (now.getTime() < at) continue;
      activations.delete(id);
      const enrollment = enrollments.find((item) => item.id === id);
      if (enrollment?.status !== "PENDING") continue;
      enrollment.status = "ACTIVE";
      addEvents(enrollment, new Date(at));
    }
  }

  function eventAsNow(event: ProgramEvent): ProgramEvent {
    return { ...structuredClone(event), status: eventStatusAt(event, clock()) };
  }

  function eligibleDeviceIds(definition: ProgramDefinition | undefined): string[] {
    return site.devices.filter((device) => definition?.program.eligible_device_types.includes(device.type)).map((device) => device.id);
  }

  function offered(programId: string): ProgramDefinition {
    const definition = programs.find((d) => d.program.id === programId);
    if (!definition || !site.zip_code || !definition.zipCodes.includes(site.zip_code)) {
      throw new OnflexError("not_found", "This programme is not offered at the site's zip code.", { retryable: false, details: { reason: "program_not_offered" } });
    }
    return definition;
  }

  function missingFor(definition: ProgramDefinition, input: EnrollmentCreateInput): MissingForEnrollment {
    const answers = new Map((input.program_specific_attributes ?? []).map((item) => [item.name, item.value]));
    const version = input.terms_and_conditions_version;
    const problems: MissingForEnrollment["missing_program_specific_attributes"] = [];
    for (const field of definition.program.enrollment_form) {
      const rule = Object.hasOwn(definition.formRules, field.name) ? definition.formRules[field.name] : undefined;
      const error = programAnswerError(field.type, rule, answers.get(field.name));
      if (error) problems.push({ name: field.name, label: field.label, type: field.type, hint: rule?.hint ?? "", error });
    }
    return {
      missing_site_attributes: SITE_ATTRIBUTES.filter((name) => definition.requiredSiteAttributes.includes(name) && !site[name]),
      missing_program_specific_attributes: problems,
      missing_has_agreed_to_terms_and_conditions: !input.has_agreed_to_terms_and_conditions,
      missing_terms_and_conditions_version: !version,
      incorrect_terms_and_conditions_version: Boolean(version) && version !== definition.program.terms_and_conditions_version,
    };
  }

  return {
    site: (): Site => structuredClone(site),
    updateSite(input: SiteUpdateInput): Site {
      for (const name of SITE_ATTRIBUTES) {
        const value = input[name];
        if (value !== undefined) site[name] = value;
      }
      return structuredClone(site);
    },
    programs(input: ProgramsListInput) {
      const found = programs.filter(
        (d) => d.zipCodes.includes(input.zip_code) && (input.device_type === undefined || d.program.eligible_device_types.includes(input.device_type)),
      );
      return { zip_code: input.zip_code, programs: found.map((d) => structuredClone(d.program)) };
    },
    list: () => (refresh(), { enrollments: enrollments.map((item) => structuredClone(item)).reverse() }),
    create(input: EnrollmentCreateInput, options?: CallOptions): Enrollment {
      const key = options?.idempotencyKey;
      const fingerprint = JSON.stringify(input);
      const seen = key === undefined ? undefined : byKey.get(key);
      if (seen) {
        if (seen.fingerprint === fingerprint) return structuredClone(seen.enrollment);
        throw new OnflexError("conflict", "That idempotency key was already used for a different enrolment.", { retryable: false, details: { reason: "idempotency_key_reused" } });
      }
      const definition = offered(input.program_id);
      const open = enrollments.find((item) => item.program_id === input.program_id && OPEN_ENROLLMENT_STATUSES.includes(item.status));
      if (open) {
        throw new OnflexError("conflict", "The site is already enrolled in this programme.", { retryable: false, details: { reason: "already_enrolled", enrollment_id: open.id } });
      }
      const eligible = new Set(eligibleDeviceIds(definition));
      if (input.device_ids.some((id) => !eligible.has(id))) {
        throw new OnflexError("validation", "A device is not at the site or not eligible for this programme.", { retryable: false, details: { reason: "device_not_eligible" } });
      }
      const missing = missingFor(definition, input);
      if (needsMoreForEnrollment(missing)) throw missingForEnrollmentError(missing);
      const answers = new Map((input.program_specific_attributes ?? []).map((item) => [item.name, item.value]));
      const enrollment: Enrollment = {
        id: `sbx-enr-${enrollments.length + 1}`,
        site_id: SITE_ID,
        program_id: definition.program.id,
        device_ids: [...input.device_ids],
        status: "PENDING",
        enroll_method: "USER_ACTION",
        has_agreed_to_terms_and_conditions: true,
        terms_and_conditions_version: definition.program.terms_and_conditions_version,
        terms_and_conditions_agreed_at: input.terms_and_conditions_agreed_at ?? clock().toISOString(),
        // Only the programme's own questions are kept, in its form's order.
        program_specific_attributes: definition.program.enrollment_form.flatMap((field) => {
          const value = answers.get(field.name);
          return value === undefined ? [] : [{ name: field.name, value }];
        }),
        created_at: clock().toISOString(),
      };
      enrollments.push(enrollment);
      if (key !== undefined) byKey.set(key, { fingerprint, enrollment });
      return structuredClone(enrollment);
    },
    cancel(input: EnrollmentCancelInput): Enrollment {
      refresh();
      const enrollment = enrollments.find((item) => item.id === input.enrollment_id);
      if (!enrollment) throw new OnflexError("not_found", "There is no such enrolment at the site.", { retryable: false });
      if (enrollment.status !== "PENDING") {
        throw new OnflexError("conflict", "Only an enrolment that is still pending can be cancelled.", {
          retryable: false,
          details: { reason: "not_pending", enrollment_status: enrollment.status },
        });
      }
      enrollment.status = "UNENROLLED";
      activations.delete(enrollment.id);
      return structuredClone(enrollment);
    },
    unenroll(input: EnrollmentUnenrollInput): Enrollment {
      refresh();
      const enrollment = enrollments.find((item) => item.id === input.enrollment_id);
      if (!enrollment) throw new OnflexError("not_found", "There is no such enrolment at the site.", { retryable: false });
      if (enrollment.status === "UNENROLLED") return structuredClone(enrollment);
      if (enrollment.status !== "ACTIVE") {
        throw new OnflexError("conflict", "Only an active enrolment can be left.", { retryable: false, details: { reason: "not_active", enrollment_status: enrollment.status } });
      }
      const program = programOf(enrollment.program_id);
      const terms = unenrollTerms(program ?? { minimum_commitment_months: 0 }, enrollment, clock());
      if (!terms.allowed) throw unenrollRefusalError(terms);
      enrollment.status = "UNENROLLED";
      // The programme calls off what it had planned for the household.
      for (const item of events) {
        if (item.enrollment_id === enrollment.id && eventStatusAt(item.event, clock()) === "UPCOMING") item.event.status = "CANCELED";
      }
      return structuredClone(enrollment);
    },
    events(input: EventsListInput): ProgramEventList {
      refresh();
      const list = events
        .map((item) => eventAsNow(item.event))
        .filter((event) => input.status === undefined || event.status === input.status)
        .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
      return { events: list, site_backup_reserve_percentage: siteReserve };
    },
    updateEvent(input: EventUpdateInput): ProgramEvent {
      refresh();
      const item = events.find((candidate) => candidate.event.id === input.event_id);
      if (!item) throw new OnflexError("not_found", "There is no such event at the site.", { retryable: false });
      const status = eventStatusAt(item.event, clock());
      if (!isEventChangeable({ status })) {
        throw new OnflexError("conflict", "This event is over or was cancelled, so it can no longer be changed.", {
          retryable: false,
          details: { reason: "event_not_changeable", event_status: status },
        });
      }
      const policy = programOf(item.event.program_id)?.backup_reserve ?? null;
      for (const setting of input.device_settings ?? []) {
        const current = item.event.device_settings.find((candidate) => candidate.device_id === setting.device_id);
        if (!current) {
          throw new OnflexError("validation", "That device takes no part in this event.", { retryable: false, details: { reason: "device_not_in_event", device_id: setting.device_id } });
        }
        if (setting.backup_reserve_percentage !== null) {
          const problem = reserveLevelError(setting.backup_reserve_percentage, policy);
          if (problem) throw reserveOutOfBoundsError(problem, policy);
        }
      }
      for (const setting of input.device_settings ?? []) {
        const current = item.event.device_settings.find((candidate) => candidate.device_id === setting.device_id);
        if (current) current.backup_reserve_percentage = setting.backup_reserve_percentage;
      }
      if (input.is_participating !== undefined) item.event.is_participating = input.is_participating;
      return eventAsNow(item.event);
    },
  };
}
