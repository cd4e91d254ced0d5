import { randomUUID } from "node:crypto";
import {
  eventStatusAt,
  isEventChangeable,
  reserveLevelError,
  reserveOutOfBoundsError,
  missingForEnrollmentError,
  needsMoreForEnrollment,
  OnflexError,
  OPEN_ENROLLMENT_STATUSES,
  programAnswerError,
  PROGRAM_DEVICE_TYPES,
  SITE_ATTRIBUTES,
  unenrollRefusalError,
  unenrollTerms,
  type CallOptions,
  type Enrollment,
  type EnrollmentCreateInput,
  type MissingForEnrollment,
  type ProgramEvent,
  type ProgramEventList,
  type OnboardingApi,
  type ProgramDeviceType,
  type Site,
  type SiteAttribute,
} from "@onflex/core";
import type { EnrollmentRow, StoredDefinition } from "./commission.store.js";
import type { Db, DbQuery } from "./db/index.js";
import { enqueueWebhookForSite } from "./webhooks/webhook.events.js";
import { announceEnrollmentChange } from "./enrollment.changes.js";


const OPEN = OPEN_ENROLLMENT_STATUSES.map((s) => `'${s}'`).join(", ");
const ENROLLMENT_COLUMNS = `id, program_id, status, enroll_method, has_agreed_to_terms_and_conditions, terms_and_conditions_version,
  program_specific_attributes, created_at`;


/**
 * Flip's site-token operations (site, programmes, enrolments, events) answered from the portal's own
 * storage for ONE household site: every query names `siteId`, which comes from the session,
 * never from the request, so a household only ever sees and changes its own. The rest of the
 * port is `base` (the per-session sandbox).
 */
export function createHouseholdApi(db: Db, siteId: string, clock: () => Date, base: OnboardingApi): OnboardingApi {
  // A retried create with the same Idempotency-Key answers the same enrolment, for as long as
  // this session's API lives (the open-enrolment index refuses a second one in any case).
  const created = new Map<string, { fingerprint: string; enrollment: Enrollment }>();

  async function readSite(tx: DbQuery, lock = false): Promise<Site> {
    const found = await tx.query<Record<SiteAttribute, string | null>>(`SELECT ${SITE_ATTRIBUTES.join(", ")} FROM sites WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [siteId]);
    const row = found.rows[0];
    if (!row) throw new OnflexError("not_found", "This household's site no longer exists.", { retryable: false });
    const devices = await tx.query<{ id: string; type: string; manufacturer_name: string | null; product_name: string | null }>(
      "SELECT id, type, manufacturer_name, product_name FROM devices WHERE site_id = $1 ORDER BY id",
      [siteId],
    );
    const site = Object.fromEntries(SITE_ATTRIBUTES.map((name) => [name, row[name] ?? null])) as Record<SiteAttribute, string | null>;
    return {
      id: siteId,
      ...site,
      devices: devices.rows
        .filter((d) => (PROGRAM_DEVICE_TYPES as readonly string[]).includes(d.type))
        .map((d) => ({ id: d.id, type: d.type as ProgramDeviceType, manufacturer_name: d.manufacturer_name, product_name: d.product_name })),
    };
  }

  async function definitionsAt(tx: DbQuery, zipCode: string | null): Promise<StoredDefinition[]> {
    if (!zipCode) return [];
    const found = await tx.query<{ definition: StoredDefinition }>(
      "SELECT p.definition FROM programs p JOIN program_zip_codes z ON z.program_id = p.id WHERE z.zip_code = $1 ORDER BY p.id",
      [zipCode.slice(0, 5)],
    );
    return found.rows.map((row) => row.definition);
  }

  async function enrollmentsOf(tx: DbQuery, where: string, params: unknown[]): Promise<Enrollment[]> {
    const rows = await tx.query<EnrollmentRow>(`SELECT ${ENROLLMENT_COLUMNS} FROM enrollments WHERE site_id = $1${where} ORDER BY created_at DESC, id`, [siteId, ...params]);
    const result: Enrollment[] = [];
    for (const row of rows.rows) {
      const devices = await tx.query<{ device_id: string }>("SELECT device_id FROM enrollment_devices WHERE enrollment_id = $1 AND site_id = $2 ORDER BY device_id", [row.id, siteId]);
      result.push({
        id: row.id,
        site_id: siteId,
        program_id: row.program_id,
        device_ids: devices.rows.map((d) => d.device_id),
        status: row.status,
        enroll_method: row.enroll_method,
        has_agreed_to_terms_and_conditions: row.has_agreed_to_terms_and_conditions,
        terms_and_conditions_version: row.terms_and_conditions_version,
        program_specific_attributes: row.program_specific_attributes,
        created_at: new Date(row.created_at).toISOString(),
      });
    }
    return result;
  }

  async function programOf(tx: DbQuery, programId: string) {
    const found = await tx.query<{ definition: StoredDefinition }>("SELECT definition FROM programs WHERE id = $1", [programId]);
    return found.rows[0]?.definition.program ?? null;
  }

  /** The household's events (one by id), with the status their window has on the portal's clock. */
  async function eventsOf(tx: DbQuery, eventId?: string): Promise<Array<ProgramEvent & { enrollment_id: string }>> {
    const byId = eventId === undefined ? "" : " AND id = $2";
    const params = eventId === undefined ? [siteId] : [siteId, eventId];
    const rows = await tx.query<{ id: string; enrollment_id: string; program_id: string; starts_at: Date | string; ends_at: Date | string; canceled: boolean; is_participating: boolean; schedule: ProgramEvent["schedule"] }>(
      `SELECT id, enrollment_id, program_id, starts_at, ends_at, canceled, is_participating, schedule FROM program_events WHERE site_id = $1${byId} ORDER BY starts_at, id`,
      params,
    );
    const settings = await tx.query<{ event_id: string; device_id: string; backup_reserve_percentage: number | null; maximum_charge_percentage: number | null }>(
      `SELECT event_id, device_id, backup_reserve_percentage, maximum_charge_percentage FROM program_event_devices WHERE site_id = $1${byId.replace("id", "event_id")} ORDER BY device_id`,
      params,
    );
    const now = clock();
    return rows.rows.map((row) => {
      const starts_at = new Date(row.starts_at).toISOString();
      const ends_at = new Date(row.ends_at).toISOString();
      return {
        id: row.id,
        enrollment_id: row.enrollment_id,
        program_id: row.program_id,
        starts_at,
        ends_at,
        status: eventStatusAt({ starts_at, ends_at, status: row.canceled ? "CANCELED" : "UPCOMING" }, now),
        is_participating: row.is_participating,
        device_settings: settings.rows
          .filter((setting) => setting.event_id === row.id)
          .map((setting) => ({ device_id: setting.device_id, backup_reserve_percentage: setting.backup_reserve_percentage, maximum_charge_percentage: setting.maximum_charge_percentage })),
        schedule: row.schedule,
      };
    });
  }

  const withoutEnrollment = ({ enrollment_id: _, ...event }: ProgramEvent & { enrollment_id: string }): ProgramEvent => event;

  async function createIn(tx: DbQuery, input: EnrollmentCreateInput): Promise<Enrollment> {
    // The site row is locked, so two enrolments of one household run one after the other.
    const site = await readSite(tx, true);
    const definition = (await definitionsAt(tx, site.zip_code)).find((d) => d.program.id === input.program_id);
    if (!definition) throw new OnflexError("not_found", "This programme is not offered at the site's zip code.", { retryable: false, details: { reason: "program_not_offered" } });
    const open = await tx.query<{ id: string }>(`SELECT id FROM enrollments WHERE site_id = $1 AND program_id = $2 AND status IN (${OPEN})`, [siteId, input.program_id]);
    if (open.rows[0]) throw new OnflexError("conflict", "The site is already enrolled in this programme.", { retryable: false, details: { reason: "already_enrolled", enrollment_id: open.rows[0].id } });
    const eligible = new Set(site.devices.filter((d) => definition.program.eligible_device_types.includes(d.type)).map((d) => d.id));
    if (input.device_ids.some((id) => !eligible.has(id))) {
      throw new OnflexError("validation", "A device is not at the site or not eligible for this programme.", { retryable: false, details: { reason: "device_not_eligible" } });
    }
    const answers = new Map((input.program_specific_attributes ?? []).map((item) => [item.name, item.value]));
    const version = input.terms_and_conditions_version;
    const missing: MissingForEnrollment = {
      missing_site_attributes: SITE_ATTRIBUTES.filter((name) => definition.required_site_attributes.includes(name) && !site[name]),
      missing_program_specific_attributes: definition.program.enrollment_form.flatMap((field) => {
        const rule = Object.hasOwn(definition.form_rules, field.name) ? definition.form_rules[field.name] : undefined;
        const error = programAnswerError(field.type, rule, answers.get(field.name));
        return error ? [{ name: field.name, label: field.label, type: field.type, hint: rule?.hint ?? "", error }] : [];
      }),
      missing_has_agreed_to_terms_and_conditions: !input.has_agreed_to_terms_and_conditions,
      missing_terms_and_conditions_version: !version,
      incorrect_terms_and_conditions_version: Boolean(version) && version !== definition.program.terms_and_conditions_version,
    };
    if (needsMoreForEnrollment(missing)) throw missingForEnrollmentError(missing);
    const kept = definition.program.enrollment_form.flatMap((field) => {
      const value = answers.get(field.name);
      return value === undefined ? [] : [{ name: field.name, value }];
    });
    const id = `enr_${randomUUID()}`;
    const at = clock();
    await tx.query(
      `INSERT INTO enrollments (id, site_id, program_id, status, enroll_method, has_agreed_to_terms_and_conditions,
         terms_and_conditions_version, program_specific_attributes, created_at, updated_at)
       VALUES ($1, $2, $3, 'PENDING', 'USER_ACTION', true, $4, $5::jsonb, $6, $6)`,
      [id, siteId, definition.program.id, definition.program.terms_and_conditions_version, JSON.stringify(kept), at],
    );
    for (const deviceId of [...new Set(input.device_ids)].sort()) {
      await tx.query("INSERT INTO enrollment_devices (enrollment_id, site_id, device_id) VALUES ($1, $2, $3)", [id, siteId, deviceId]);
    }
    const [enrollment] = await enrollmentsOf(tx, " AND id = $2", [id]);
    if (!enrollment) throw new Error("The enrolment was not written.");
    await enqueueWebhookForSite(tx, siteId, "enrollment.created", {
      enrollment_id: id,
      site_id: siteId,
      program_id: enrollment.program_id,
      status: enrollment.status,
      enroll_method: enrollment.enroll_method,
      device_ids: enrollment.device_ids,
    }, at);
    return { ...enrollment, terms_and_conditions_agreed_at: input.terms_and_conditions_agreed_at ?? at.toISOString() };
  }

  return {
    ...base,
    site: {
      get: () => readSite(db),
      update: (input) =>
        db.transaction(async (tx) => {
          const names = SITE_ATTRIBUTES.filter((name) => input[name] !== undefined);
          await readSite(tx, true);
          if (names.length > 0) {
            await tx.query(`UPDATE sites SET ${names.map((name, i) => `${name} = $${i + 2}`).join(", ")} WHERE id = $1`, [siteId, ...names.map((name) => input[name])]);
          }
          return readSite(tx);
        }),
    },
    programs: {
      list: async (input) => {
        const found = await definitionsAt(db, input.zip_code);
        const programs = found.map((d) => d.program).filter((p) => input.device_type === undefined || p.eligible_device_types.includes(input.device_type));
        return { zip_code: input.zip_code, programs };
      },
    },
    enrollments: {
      list: async () => ({ enrollments: await enrollmentsOf(db, "", []) }),
      create: async (input, options?: CallOptions) => {
        const key = options?.idempotencyKey;
        const fingerprint = JSON.stringify(input);
        const seen = key === undefined ? undefined : created.get(key);
        if (seen) {
          if (seen.fingerprint === fingerprint) return seen.enrollment;
          throw new OnflexError("conflict", "That idempotency key was already used for a different enrolment.", { retryable: false, details: { reason: "idempotency_key_reused" } });
        }
        const enrollment = await db.transaction((tx) => createIn(tx, input));
        if (key !== undefined) created.set(key, { fingerprint, enrollment });
        return enrollment;
      },
      cancel: (input) =>
        db.transaction(async (tx) => {
          await readSite(tx, true);
          const [enrollment] = await enrollmentsOf(tx, " AND id = $2", [input.enrollment_id]);
          if (!enrollment) throw new OnflexError("not_found", "There is no such enrolment at the site.", { retryable: false });
          if (enrollment.status !== "PENDING") {
            throw new OnflexError("conflict", "Only an enrolment that is still pending can be cancelled.", { retryable: false, details: { reason: "not_pending", enrollment_status: enrollment.status } });
          }
          const at = clock();
          await tx.query("UPDATE enrollments SET status = 'UNENROLLED', updated_at = $3 WHERE id = $1 AND site_id = $2", [enrollment.id, siteId, at]);
          await announceEnrollmentChange(tx, { type: "enrollment.cancelled", siteId, enrollmentId: enrollment.id, programId: enrollment.program_id, previousStatus: enrollment.status, at });
          return { ...enrollment, status: "UNENROLLED" as const };
        }),
      unenroll: (input) =>
        db.transaction(async (tx) => {
          await readSite(tx, true);
          const [enrollment] = await enrollmentsOf(tx, " AND id = $2", [input.enrollment_id]);
          if (!enrollment) throw new OnflexError("not_found", "There is no such enrolment at the site.", { retryable: false });
          if (enrollment.status === "UNENROLLED") return enrollment;
          if (enrollment.status !== "ACTIVE") {
            throw new OnflexError("conflict", "Only an active enrolment can be left.", { retryable: false, details: { reason: "not_active", enrollment_status: enrollment.status } });
          }
          const program = await programOf(tx, enrollment.program_id);
          const now = clock();
          const terms = unenrollTerms(program ?? { minimum_commitment_months: 0 }, enrollment, now);
          if (!terms.allowed) throw unenrollRefusalError(terms);
          await tx.query("UPDATE enrollments SET status = 'UNENROLLED', updated_at = $3 WHERE id = $1 AND site_id = $2", [enrollment.id, siteId, now]);
          // The programme calls off what it had planned for the household.
          await tx.query("UPDATE program_events SET canceled = true, updated_at = $3 WHERE site_id = $1 AND enrollment_id = $2 AND starts_at > $3 AND NOT canceled", [siteId, enrollment.id, now]);
          await announceEnrollmentChange(tx, { type: "enrollment.unenrolled", siteId, enrollmentId: enrollment.id, programId: enrollment.program_id, previousStatus: enrollment.status, at: now });
          return { ...enrollment, status: "UNENROLLED" as const };
        }),
    },
    events: {
      list: async (input): Promise<ProgramEventList> => {
        const events = (await eventsOf(db)).map(withoutEnrollment).filter((event) => input.status === undefined || event.status === input.status);
        const found = await db.query<{ backup_reserve_percentage: number | null }>("SELECT backup_reserve_percentage FROM sites WHERE id = $1", [siteId]);
        return { events, site_backup_reserve_percentage: found.rows[0]?.backup_reserve_percentage ?? null };
      },
      update: (input) =>
        db.transaction(async (tx) => {
          // The site row is locked, so two changes of one household run one after the other.
          await readSite(tx, true);
          const [event] = await eventsOf(tx, input.event_id);
          if (!event) throw new OnflexError("not_found", "There is no such event at the site.", { retryable: false });
          if (!isEventChangeable(event)) {
            throw new OnflexError("conflict", "This event is over or was cancelled, so it can no longer be changed.", {
              retryable: false,
              details: { reason: "event_not_changeable", event_status: event.status },
            });
          }
          const policy = (await programOf(tx, event.program_id))?.backup_reserve ?? null;
          const devices = new Set(event.device_settings.map((setting) => setting.device_id));
          for (const setting of input.device_settings ?? []) {
            if (!devices.has(setting.device_id)) {
              throw new OnflexError("validation", "That device takes no part in this event.", { retryable: false, details: { reason: "device_not_in_event", device_id: setting.device_id } });
            }
            if (setting.backup_reserve_percentage !== null) {
              const problem = reserveLevelError(setting.backup_reserve_percentage, policy);
              if (problem) throw reserveOutOfBoundsError(problem, policy);
            }
          }
          const now = clock();
          for (const setting of input.device_settings ?? []) {
            await tx.query("UPDATE program_event_devices SET backup_reserve_percentage = $4 WHERE site_id = $1 AND event_id = $2 AND device_id = $3", [
              siteId,
              event.id,
              setting.device_id,
              setting.backup_reserve_percentage,
            ]);
          }
          if (input.device_settings && input.device_settings.length > 0) {
            await announceEnrollmentChange(tx, {
              type: "event.reserve_set",
              siteId,
              eventId: event.id,
              programId: event.program_id,
              eventStatus: event.status,
              isParticipating: input.is_participating ?? event.is_participating,
              at: now,
            });
          }
          if (input.is_participating !== undefined && input.is_participating !== event.is_participating) {
            await tx.query("UPDATE program_events SET is_participating = $3, updated_at = $4 WHERE site_id = $1 AND id = $2", [siteId, event.id, input.is_participating, now]);
            await announceEnrollmentChange(tx, { type: input.is_participating ? "event.opted_in" : "event.opted_out", siteId, eventId: event.id, programId: event.program_id, eventStatus: event.status, at: now });
          }
          const [updated] = await eventsOf(tx, event.id);
          return withoutEnrollment(updated ?? event);
        }),
    },
  };
}
