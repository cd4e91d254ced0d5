import { DEVICE_TYPES, isDeviceType, SITE_ATTRIBUTES, type DeviceType, type SiteAttribute } from "./programs.types.js";
import { RequestRefused } from "./request.guard.js";
import { isSiteId } from "./site.types.js";

/**
 * The body of `POST /v1/commission`, checked field by field. It arrives from a host's
 * backend but is treated as hostile all the same: every string is bounded and free of
 * control characters, every list is bounded, unknown site fields are dropped (never stored),
 * and anything that is not a commission request is a 400 naming each wrong field. What is
 * merely missing for an enrolment is not decided here: that is the 422 the store answers.
 */

export interface DeviceInput {
  id: string;
  type: DeviceType;
  manufacturer_name: string | null;
  product_name: string | null;
  serial_number: string | null;
  attributes: Record<string, string | number | boolean | null>;
  /** A calendar date, YYYY-MM-DD. */
  install_date: string | null;
}

export interface EnrollmentInput {
  program_id: string | null;
  /** null when the field was not sent. */
  has_agreed_to_terms_and_conditions: boolean | null;
  terms_and_conditions_version: string | null;
  /** Answers to the programme's form, by name; null is an answer left blank. */
  program_specific_attributes: Map<string, string | number | boolean | null>;
}

export interface CommissionRequest {
  siteId: string;
  /** Only the fields that were sent: a string sets one, null (or "") clears it, absence keeps it. */
  site: Partial<Record<SiteAttribute, string | null>>;
  devices: DeviceInput[];
  /** Present when the host asks for auto-enrolment (the homeowner's agreement travels here). */
  enrollment: EnrollmentInput | null;
}

export const MAX_DEVICES = 50;
const MAX_TEXT = 200;
const MAX_ATTRIBUTES = 32;
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const PROGRAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STATE_CODE = /^[A-Za-z]{2}$/;
const ZIP_CODE = /^[0-9]{5}(-[0-9]{4})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))?$/;

type Issue = { path: string; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the request or throws a 400 listing every wrong field (the first 20). */
export function parseCommissionRequest(body: unknown): CommissionRequest {
  const issues: Issue[] = [];
  const fail = (path: string, message: string) => void (issues.length < 20 && issues.push({ path, message }));

  /** A bounded single-line text: trimmed, "" read as null; undefined when absent. */
  const text = (value: unknown, path: string, max = MAX_TEXT): string | null | undefined => {
    if (value === undefined) return undefined;
    if (value === null) return null;
    if (typeof value !== "string") return fail(path, "must be a string"), undefined;
    const trimmed = value.trim();
    if (CONTROL.test(trimmed)) return fail(path, "must not contain control characters"), undefined;
    if (trimmed.length > max) return fail(path, `must be at most ${max} characters`), undefined;
    return trimmed === "" ? null : trimmed;
  };

  if (!isRecord(body)) {
    throw new RequestRefused(400, "invalid_commission", "Send { site, devices } as the body.", { issues: [{ path: "", message: "must be an object" }] });
  }

  // ---- site ----
  let siteId = "";
  const site: CommissionRequest["site"] = {};
  if (!isRecord(body.site)) fail("site", "must be an object with the site's id");
  else {
    if (!isSiteId(body.site.id)) fail("site.id", "must be 1 to 128 letters, digits or . _ : -, starting with a letter or digit");
    else siteId = body.site.id;
    for (const name of SITE_ATTRIBUTES) {
      if (!Object.hasOwn(body.site, name)) continue;
      const value = text(body.site[name], `site.${name}`);
      if (value === undefined) continue;
      if (value !== null && name === "email" && !EMAIL.test(value)) fail("site.email", "must be an email address");
      else if (value !== null && name === "state_code" && !STATE_CODE.test(value)) fail("site.state_code", "must be a two-letter state code");
      else if (value !== null && name === "zip_code" && !ZIP_CODE.test(value)) fail("site.zip_code", "must be a 5-digit zip code (or ZIP+4)");
      else site[name] = name === "state_code" && value !== null ? value.toUpperCase() : value;
    }
  }

  // ---- devices ----
  const devices: DeviceInput[] = [];
  if (!Array.isArray(body.devices)) fail("devices", "must be a list (it may be empty)");
  else if (body.devices.length > MAX_DEVICES) fail("devices", `must hold at most ${MAX_DEVICES} devices`);
  else {
    const seen = new Set<string>();
    body.devices.forEach((raw: unknown, i) => {
      const at = `devices[${i}]`;
      if (!isRecord(raw)) return fail(at, "must be an object");
      const before = issues.length;
      if (!isSiteId(raw.id)) fail(`${at}.id`, "must be 1 to 128 letters, digits or . _ : -, starting with a letter or digit");
      else if (seen.has(raw.id)) fail(`${at}.id`, "is named twice in this request");
      else seen.add(raw.id);
      if (!isDeviceType(raw.type)) fail(`${at}.type`, `must be one of ${DEVICE_TYPES.join(", ")}`);
      const manufacturer = text(raw.manufacturer_name, `${at}.manufacturer_name`);
      const product = text(raw.product_name, `${at}.product_name`);
      const serial = text(raw.serial_number, `${at}.serial_number`);
      const attributes = readAttributes(raw.attributes, `${at}.attributes`, fail);
      const installDate = readDate(raw.install_date, `${at}.install_date`, fail);
      if (issues.length > before || !isSiteId(raw.id) || !isDeviceType(raw.type)) return;
      devices.push({
        id: raw.id,
        type: raw.type,
        manufacturer_name: manufacturer ?? null,
        product_name: product ?? null,
        serial_number: serial ?? null,
        attributes: attributes ?? {},
        install_date: installDate ?? null,
      });
    });
  }

  // ---- enrollment (optional) ----
  let enrollment: EnrollmentInput | null = null;
  if (body.enrollment !== undefined && body.enrollment !== null) {
    const raw = body.enrollment;
    if (!isRecord(raw)) fail("enrollment", "must be an object");
    else {
      let programId: string | null = null;
      if (raw.program_id !== undefined && raw.program_id !== null) {
        if (typeof raw.program_id === "string" && PROGRAM_ID.test(raw.program_id)) programId = raw.program_id;
        else fail("enrollment.program_id", "must be a programme id");
      }
      let agreed: boolean | null = null;
      if (raw.has_agreed_to_terms_and_conditions !== undefined && raw.has_agreed_to_terms_and_conditions !== null) {
        if (typeof raw.has_agreed_to_terms_and_conditions === "boolean") agreed = raw.has_agreed_to_terms_and_conditions;
        else fail("enrollment.has_agreed_to_terms_and_conditions", "must be true or false");
      }
      const version = text(raw.terms_and_conditions_version, "enrollment.terms_and_conditions_version", 64);
      const answers = new Map<string, string | number | boolean | null>();
      const list = raw.program_specific_attributes;
      if (list !== undefined && list !== null) {
        if (!Array.isArray(list) || list.length > MAX_ATTRIBUTES) fail("enrollment.program_specific_attributes", `must be a list of at most ${MAX_ATTRIBUTES} { name, value }`);
        else {
          list.forEach((item: unknown, i) => {
            const at = `enrollment.program_specific_attributes[${i}]`;
            if (!isRecord(item) || typeof item.name !== "string" || !ATTRIBUTE_NAME.test(item.name)) return fail(at, "must be { name, value } with a snake_case name");
            if (answers.has(item.name)) return fail(`${at}.name`, "is answered twice");
            const value = item.value;
            if (typeof value === "string") {
              const answer = text(value, `${at}.value`, 500);
              if (answer !== undefined) answers.set(item.name, answer);
            } else if (typeof value === "boolean" || value === null || value === undefined) answers.set(item.name, value ?? null);
            else if (typeof value === "number" && Number.isFinite(value)) answers.set(item.name, value);
            else fail(`${at}.value`, "must be a string, a number, true or false");
          });
        }
      }
      enrollment = { program_id: programId, has_agreed_to_terms_and_conditions: agreed, terms_and_conditions_version: version ?? null, program_specific_attributes: answers };
    }
  }

  if (issues.length > 0) {
    throw new RequestRefused(400, "invalid_commission", "The commission request has fields that are missing or of the wrong type.", { issues });
  }
  return { siteId, site, devices, enrollment };
}

function readAttributes(value: unknown, path: string, fail: (path: string, message: string) => void): DeviceInput["attributes"] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) return fail(path, "must be an object"), undefined;
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTES) return fail(path, `must hold at most ${MAX_ATTRIBUTES} attributes`), undefined;
  const kept: Array<[string, string | number | boolean | null]> = [];
  for (const [name, item] of entries) {
    const at = `${path}.${name.slice(0, 64)}`;
    if (!ATTRIBUTE_NAME.test(name)) {
      fail(path, "attribute names must be snake_case");
      continue;
    }
    if (name === "battery_capacity_wh" && item !== null && !(typeof item === "number" && Number.isFinite(item) && item > 0 && item <= 10_000_000)) {
      fail(at, "must be a positive number of watt-hours");
    } else if (typeof item === "string") {
      if (CONTROL.test(item) || item.length > MAX_TEXT) fail(at, `must be at most ${MAX_TEXT} characters without control characters`);
      else kept.push([name, item]);
    } else if ((typeof item === "number" && Number.isFinite(item)) || typeof item === "boolean" || item === null) kept.push([name, item]);
    else fail(at, "must be a string, a number, true, false or null");
  }
  // fromEntries defines own properties, so a name such as "constructor" stays plain data.
  return Object.fromEntries(kept);
}

function readDate(value: unknown, path: string, fail: (path: string, message: string) => void): string | null | undefined {
  if (value === undefined || value === null) return undefined;
  const match = typeof value === "string" ? DATE.exec(value) : null;
  if (!match) return fail(path, "must be a date, YYYY-MM-DD"), undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1970 || year > 2100 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return fail(path, "must be a real calendar date"), undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}
