import { randomUUID } from "node:crypto";
import type { CommissionRequest, EnrollmentInput } from "./commission.request.js";
import { needsMoreForEnrollment, programAnswerError } from "@onflex/core";
import type { Db, DbQuery } from "./db/index.js";
import { enqueueWebhook } from "./webhooks/webhook.events.js";
import {
  OPEN_ENROLLMENT_STATUSES,
  SITE_ATTRIBUTES,
  type Enrollment,
  type EnrollmentStatus,
  type FormFieldRule,
  type MissingForEnrollment,
  type Program,
  type ProgramDefinition,
  type ProgramSpecificAttribute,
  type SiteAttribute,
} from "./programs.types.js";

/** What a commissioning answers with (200). */
export interface CommissionAnswer {
  site_id: string;
  /** Each device of the request, with the programmes it may join at the site's zip code. */
  devices: Array<{ id: string; type: string; eligible_program_ids: string[] }>;
  /** Every programme some device of the request may join. */
  programs: Program[];
  /** The auto-enrolment, made now or by an earlier commissioning; null when none was asked for or possible. */
  enrollment: Enrollment | null;
}

export type CommissionOutcome =
  | { kind: "ok"; answer: CommissionAnswer }
  /** The site id is another host's household. */
  | { kind: "other_host" }
  /** Flip's 422: what the enrolment still needs. Nothing was written. */
  | { kind: "incomplete"; missing: MissingForEnrollment }
  /** The named programme cannot enrol this household's devices. Nothing was written. */
  | { kind: "not_enrollable"; reason: "program_not_offered" | "program_not_auto_enrollable" | "no_eligible_device"; message: string }
  /** Several programmes could auto-enrol: the host must name one. Nothing was written. */
  | { kind: "ambiguous"; programIds: string[] };

/** A programme as commissioning stores it (`programs.definition`); the household API reads the same. */
export interface StoredDefinition {
  program: Program;
  required_site_attributes: SiteAttribute[];
  form_rules: Record<string, FormFieldRule>;
}

/** An `enrollments` row as both the commissioning store and the household API read it. */
export interface EnrollmentRow {
  id: string;
  program_id: string;
  status: EnrollmentStatus;
  enroll_method: "AUTO_ENROLL" | "USER_ACTION";
  has_agreed_to_terms_and_conditions: boolean;
  terms_and_conditions_version: string;
  program_specific_attributes: ProgramSpecificAttribute[];
  created_at: Date | string;
}

/** Thrown inside the transaction to roll it back with an answer that is not a 200. */
class Abort {
  constructor(readonly outcome: Exclude<CommissionOutcome, { kind: "ok" }>) {}
}

const OPEN = OPEN_ENROLLMENT_STATUSES.map((s) => `'${s}'`).join(", ");

/** Commissioning's reads and writes: one transaction per request, so a refusal writes nothing. */
export function createCommissionStore(db: Db, options: { clock: () => Date }) {
  const now = options.clock;

  return {
    /** Inserts or refreshes programmes and where each is offered; safe to run at every start. */
    async seedPrograms(definitions: readonly ProgramDefinition[]): Promise<void> {
      await db.transaction(async (tx) => {
        for (const { program, zipCodes, requiredSiteAttributes, formRules } of definitions) {
          const stored: StoredDefinition = { program, required_site_attributes: [...requiredSiteAttributes], form_rules: { ...formRules } };
          await tx.query(
            `INSERT INTO programs (id, name, can_auto_enroll, terms_and_conditions_version, definition, updated_at)
             VALUES ($1, $2, $3, $4, $5::jsonb, $6)
             ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, can_auto_enroll = EXCLUDED.can_auto_enroll,
               terms_and_conditions_version = EXCLUDED.terms_and_conditions_version, definition = EXCLUDED.definition,
               updated_at = EXCLUDED.updated_at`,
            [program.id, program.name, program.can_auto_enroll, program.terms_and_conditions_version, JSON.stringify(stored), now()],
          );
          await tx.query("DELETE FROM program_zip_codes WHERE program_id = $1", [program.id]);
          for (const zip of zipCodes) await tx.query("INSERT INTO program_zip_codes (program_id, zip_code) VALUES ($1, $2)", [program.id, zip]);
        }
      });
    },

    /**
     * Creates or updates the household site (under `hostId`) and its devices, and makes the
     * auto-enrolment when one is asked for and nothing is missing. All or nothing.
     */
    async commission(hostId: string, request: CommissionRequest): Promise<CommissionOutcome> {
      try {
        const answer = await db.transaction((tx) => commissionIn(tx, hostId, request, now()));
        return { kind: "ok", answer };
      } catch (error) {
        if (error instanceof Abort) return error.outcome;
        throw error;
      }
    },
  };
}

export type CommissionStore = ReturnType<typeof createCommissionStore>;

async function definitionsAt(tx: DbQuery, zipCode: string | null | undefined): Promise<StoredDefinition[]> {
  if (!zipCode) return [];
  const found = await tx.query<{ definition: StoredDefinition }>(
    `SELECT p.definition FROM programs p JOIN program_zip_codes z ON z.program_id = p.id WHERE z.zip_code = $1 ORDER BY p.id`,
    [zipCode.slice(0, 5)],
  );
  return found.rows.map((row) => row.definition);
}

async function commissionIn(tx: DbQuery, hostId: string, request: CommissionRequest, at: Date): Promise<CommissionAnswer> {
  // The row is locked for the rest of the transaction, so two commissionings of one
  // household (or two hosts racing for a new id) are answered one after the other.
  await tx.query("INSERT INTO sites (id, host_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", [request.siteId, hostId]);
  const found = await tx.query<Record<SiteAttribute, string | null> & { host_id: string }>(
    `SELECT host_id, ${SITE_ATTRIBUTES.join(", ")} FROM sites WHERE id = $1 FOR UPDATE`,
    [request.siteId],
  );
  const row = found.rows[0];
  if (!row || row.host_id !== hostId) throw new Abort({ kind: "other_host" });

  const site: Partial<Record<SiteAttribute, string | null>> = {};
  for (const name of SITE_ATTRIBUTES) site[name] = Object.hasOwn(request.site, name) ? (request.site[name] ?? null) : row[name];

  const offered = await definitionsAt(tx, site.zip_code);
  const devices = request.devices.map((device) => ({
    id: device.id,
    type: device.type,
    eligible_program_ids: offered.filter((d) => d.program.eligible_device_types.includes(device.type)).map((d) => d.program.id),
  }));
  const eligible = offered.filter((d) => devices.some((device) => device.eligible_program_ids.includes(d.program.id)));

  // Decide the enrolment before writing anything: a refusal then has nothing to undo.
  let target: { definition: StoredDefinition; existing: EnrollmentRow | null; input: EnrollmentInput } | null = null;
  if (request.enrollment) {
    const input = request.enrollment;
    if (!site.zip_code) throw new Abort({ kind: "incomplete", missing: missingFor(null, site, input) });
    let definition: StoredDefinition | undefined;
    if (input.program_id !== null) {
      definition = offered.find((d) => d.program.id === input.program_id);
      if (!definition) throw notEnrollable("program_not_offered", "That programme is not offered at this site's zip code.");
      if (!definition.program.can_auto_enroll) throw notEnrollable("program_not_auto_enrollable", "That programme does not allow auto-enrolment; the household enrols itself.");
      if (!eligible.includes(definition)) throw notEnrollable("no_eligible_device", "None of the devices sent can join that programme.");
    } else {
      const candidates = eligible.filter((d) => d.program.can_auto_enroll);
      if (candidates.length > 1) throw new Abort({ kind: "ambiguous", programIds: candidates.map((d) => d.program.id) });
      definition = candidates[0];
    }
    if (definition) {
      const existing = await tx.query<EnrollmentRow>(
        `SELECT id, program_id, status, enroll_method, has_agreed_to_terms_and_conditions, terms_and_conditions_version,
           program_specific_attributes, created_at
         FROM enrollments WHERE site_id = $1 AND program_id = $2 AND status IN (${OPEN})`,
        [request.siteId, definition.program.id],
      );
      const open = existing.rows[0] ?? null;
      // An open enrolment was agreed to already (perhaps to an older version of the terms):
      // a repeated commissioning finds it rather than asking again.
      if (!open) {
        const missing = missingFor(definition, site, input);
        if (needsMoreForEnrollment(missing)) throw new Abort({ kind: "incomplete", missing });
      }
      target = { definition, existing: open, input };
    }
  }

  // ---- writes ----
  const assignments = SITE_ATTRIBUTES.filter((name) => Object.hasOwn(request.site, name));
  await tx.query(
    `UPDATE sites SET commissioned_at = COALESCE(commissioned_at, $2)${assignments.map((name, i) => `, ${name} = $${i + 3}`).join("")} WHERE id = $1`,
    [request.siteId, at, ...assignments.map((name) => request.site[name] ?? null)],
  );
  for (const device of request.devices) {
    await tx.query(
      `INSERT INTO devices (site_id, id, type, manufacturer_name, product_name, serial_number, attributes, install_date, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $9)
       ON CONFLICT (site_id, id) DO UPDATE SET type = EXCLUDED.type, manufacturer_name = EXCLUDED.manufacturer_name,
         product_name = EXCLUDED.product_name, serial_number = EXCLUDED.serial_number, attributes = EXCLUDED.attributes,
         install_date = EXCLUDED.install_date,
         updated_at = CASE WHEN (devices.type, devices.manufacturer_name, devices.product_name, devices.serial_number, devices.attributes, devices.install_date)
             IS NOT DISTINCT FROM (EXCLUDED.type, EXCLUDED.manufacturer_name, EXCLUDED.product_name, EXCLUDED.serial_number, EXCLUDED.attributes, EXCLUDED.install_date)
           THEN devices.updated_at ELSE EXCLUDED.updated_at END`,
      [request.siteId, device.id, device.type, device.manufacturer_name, device.product_name, device.serial_number, JSON.stringify(device.attributes), device.install_date, at],
    );
  }

  let enrollment: Enrollment | null = null;
  if (target) {
    const program = target.definition.program;
    let row = target.existing;
    if (!row) {
      const answers = answersFor(program, target.input);
      const inserted = await tx.query<EnrollmentRow>(
        `INSERT INTO enrollments (id, site_id, program_id, status, enroll_method, has_agreed_to_terms_and_conditions,
           terms_and_conditions_version, program_specific_attributes, created_at, updated_at)
         VALUES ($1, $2, $3, 'PENDING', 'AUTO_ENROLL', true, $4, $5::jsonb, $6, $6)
         RETURNING id, program_id, status, enroll_method, has_agreed_to_terms_and_conditions, terms_and_conditions_version,
           program_specific_attributes, created_at`,
        [`enr_${randomUUID()}`, request.siteId, program.id, program.terms_and_conditions_version, JSON.stringify(answers), at],
      );
      row = inserted.rows[0] ?? null;
      if (!row) throw new Error("The enrolment was not written.");
    }
    for (const device of devices) {
      if (!device.eligible_program_ids.includes(program.id)) continue;
      await tx.query("INSERT INTO enrollment_devices (enrollment_id, site_id, device_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [row.id, request.siteId, device.id]);
    }
    const enrolled = await tx.query<{ device_id: string }>("SELECT device_id FROM enrollment_devices WHERE enrollment_id = $1 ORDER BY device_id", [row.id]);
    if (!target.existing) {
      // In this transaction: the host hears of the enrolment exactly when it exists.
      await enqueueWebhook(tx, hostId, "enrollment.created", {
        enrollment_id: row.id,
        site_id: request.siteId,
        program_id: row.program_id,
        status: row.status,
        enroll_method: row.enroll_method,
        device_ids: enrolled.rows.map((r) => r.device_id),
      }, at);
    }
    enrollment = {
      id: row.id,
      site_id: request.siteId,
      program_id: row.program_id,
      device_ids: enrolled.rows.map((r) => r.device_id),
      status: row.status,
      enroll_method: row.enroll_method,
      has_agreed_to_terms_and_conditions: row.has_agreed_to_terms_and_conditions,
      terms_and_conditions_version: row.terms_and_conditions_version,
      program_specific_attributes: row.program_specific_attributes,
      created_at: new Date(row.created_at).toISOString(),
    };
  }

  return { site_id: request.siteId, devices, programs: eligible.map((d) => d.program), enrollment };
}

function notEnrollable(reason: Extract<CommissionOutcome, { kind: "not_enrollable" }>["reason"], message: string): Abort {
  return new Abort({ kind: "not_enrollable", reason, message });
}

/** Everything an auto-enrolment in `definition` still needs; without a programme (no zip code yet), what can be said. */
function missingFor(definition: StoredDefinition | null, site: Partial<Record<SiteAttribute, string | null>>, input: EnrollmentInput): MissingForEnrollment {
  const required: readonly SiteAttribute[] = definition?.required_site_attributes ?? ["zip_code"];
  const version = input.terms_and_conditions_version;
  return {
    missing_site_attributes: SITE_ATTRIBUTES.filter((name) => required.includes(name) && !site[name]),
    missing_program_specific_attributes: definition ? formProblems(definition, input) : [],
    missing_has_agreed_to_terms_and_conditions: input.has_agreed_to_terms_and_conditions !== true,
    missing_terms_and_conditions_version: version === null,
    incorrect_terms_and_conditions_version: definition !== null && version !== null && version !== definition.program.terms_and_conditions_version,
  };
}


function formProblems(definition: StoredDefinition, input: EnrollmentInput): MissingForEnrollment["missing_program_specific_attributes"] {
  const problems: MissingForEnrollment["missing_program_specific_attributes"] = [];
  for (const field of definition.program.enrollment_form) {
    const rule = Object.hasOwn(definition.form_rules, field.name) ? definition.form_rules[field.name] : undefined;
    const error = programAnswerError(field.type, rule, input.program_specific_attributes.get(field.name));
    if (error) problems.push({ name: field.name, label: field.label, type: field.type, hint: rule?.hint ?? "", error });
  }
  return problems;
}


/** The answers kept with an enrolment: the programme's own fields only, in its form's order. */
function answersFor(program: Program, input: EnrollmentInput): ProgramSpecificAttribute[] {
  const kept: ProgramSpecificAttribute[] = [];
  for (const field of program.enrollment_form) {
    const value = input.program_specific_attributes.get(field.name);
    if (value !== undefined && value !== null) kept.push({ name: field.name, value });
  }
  return kept;
}
