import { describe, expect, it } from "vitest";
import {
  ENROLLMENT_STATUSES,
  MissingForEnrollment,
  SANDBOX_PROGRAM_IDS,
  SANDBOX_PROGRAMS,
  SANDBOX_SITES,
  SANDBOX_ZIP_CODES,
  createHttpApi,
  createSandboxApi,
  missingForEnrollment,
  serveOperation,
  toEnrollmentStatus,
} from "@onflex/core";
import type { OnboardingApi, Program } from "@onflex/core";
import { rejection } from "./rejection.js";

const clock = () => new Date("2026-11-21T09:30:00.000Z");

function programOf(id: string): Program {
  const found = SANDBOX_PROGRAMS.find((d) => d.program.id === id)?.program;
  if (!found) throw new Error(`no programme ${id}`);
  return found;
}

/** The same sandbox behind the REST contract: the HTTP adapter talking to core's router. */
function overHttp(site = SANDBOX_SITES.default): OnboardingApi {
  const backend = createSandboxApi({ clock, site });
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    const request = new Request(url, init);
    const { pathname, searchParams } = new URL(request.url);
    const result = await serveOperation(backend, {
      method: request.method,
      pathname,
      query: searchParams,
      readJson: () => request.json(),
      idempotencyKey: request.headers.get("Idempotency-Key"),
    });
    return new Response(result.body === undefined ? null : JSON.stringify(result.body), { status: result.status, headers: { "Content-Type": "application/json" } });
  };
  return createHttpApi({ baseUrl: "https://api.onflex.test", fetch, retries: 0 });
}

describe("sandbox programmes", () => {
  it("88801 and 88802 have programmes, 88803 has none", async () => {
    const api = createSandboxApi({ clock });
    expect((await api.programs.list({ zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat })).programs.map((p) => p.id)).toEqual([
      SANDBOX_PROGRAM_IDS.batteryPeak,
      SANDBOX_PROGRAM_IDS.thermostatSummer,
    ]);
    expect((await api.programs.list({ zip_code: SANDBOX_ZIP_CODES.batteryAndEv })).programs.map((p) => p.id)).toEqual([
      SANDBOX_PROGRAM_IDS.batteryPeak,
      SANDBOX_PROGRAM_IDS.evOffPeak,
      SANDBOX_PROGRAM_IDS.waterHeaterFlex,
    ]);
    expect((await api.programs.list({ zip_code: SANDBOX_ZIP_CODES.none })).programs).toEqual([]);
  });

  it("filters by device type, and refuses a malformed zip code or type", async () => {
    const api = createSandboxApi({ clock });
    expect((await api.programs.list({ zip_code: "88802", device_type: "EV_CHARGER" })).programs.map((p) => p.id)).toEqual([SANDBOX_PROGRAM_IDS.evOffPeak]);
    expect(await rejection(api.programs.list({ zip_code: "8880" }))).toMatchObject({ code: "validation" });
    expect(await rejection(api.programs.list({ zip_code: "88802", device_type: "TOASTER" as never }))).toMatchObject({ code: "validation" });
  });

  it("one programme asks boolean, number and string questions, and its terms stay Markdown text", () => {
    const water = programOf(SANDBOX_PROGRAM_IDS.waterHeaterFlex);
    expect(water.enrollment_form.map((f) => f.type)).toEqual(["boolean", "number", "string"]);
    expect(water.terms_and_conditions_text).toContain("<script>");
  });
});

describe("sandbox site", () => {
  it("starts with only some attributes and the commissioned devices; PATCH fills in what is sent", async () => {
    const api = createSandboxApi({ clock });
    const site = await api.site.get({});
    expect(site).toMatchObject({ first_name: "Sam", last_name: null, zip_code: "88802" });
    expect(site.devices.map((d) => d.type)).toEqual(["BATTERY", "THERMOSTAT", "EV_CHARGER", "WATER_HEATER"]);
    const updated = await api.site.update({ last_name: " Rivera ", state_code: "nm" });
    expect(updated).toMatchObject({ first_name: "Sam", last_name: "Rivera", state_code: "NM" });
    expect(await rejection(api.site.update({ email: "not an email" }))).toMatchObject({ code: "validation" });
    expect(await rejection(api.site.update({ zip_code: "<b>1</b>" }))).toMatchObject({ code: "validation" });
  });
});

describe("sandbox enrolment", () => {
  const ev = programOf(SANDBOX_PROGRAM_IDS.evOffPeak);

  it("answers what is missing as a typed, parsed 422 that names each thing", async () => {
    const api = createSandboxApi({ clock });
    const error = await rejection(api.enrollments.create({ program_id: ev.id, device_ids: ["sbx-dev-ev-charger"], has_agreed_to_terms_and_conditions: false }));
    expect(error.code).toBe("validation");
    expect(missingForEnrollment(error)).toEqual({
      missing_site_attributes: ["last_name"],
      missing_program_specific_attributes: [
        { name: "has_solar", label: "Do you have solar panels?", type: "boolean", hint: "Answer yes if panels on your home feed your supply.", error: "is required" },
        { name: "daily_miles", label: "Daily driving distance (miles)", type: "number", hint: "A rough average is fine.", error: "is required" },
      ],
      missing_has_agreed_to_terms_and_conditions: true,
      missing_terms_and_conditions_version: true,
      incorrect_terms_and_conditions_version: false,
    });
    // Its JSON form (as a flow keeps it) reads the same.
    expect(MissingForEnrollment.safeParse(missingForEnrollment(error.toJSON())).success).toBe(true);
  });

  it("says when the terms version is outdated", async () => {
    const api = createSandboxApi({ clock, site: SANDBOX_SITES.complete });
    const thermostat = programOf(SANDBOX_PROGRAM_IDS.thermostatSummer);
    const error = await rejection(
      api.enrollments.create({ program_id: thermostat.id, device_ids: ["sbx-dev-thermostat"], has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: "2020-01" }),
    );
    expect(missingForEnrollment(error)).toMatchObject({ incorrect_terms_and_conditions_version: true, missing_site_attributes: [] });
  });

  it("missingForEnrollment reads nothing from other errors", async () => {
    const api = createSandboxApi({ clock });
    expect(missingForEnrollment(await rejection(api.programs.list({ zip_code: "x" })))).toBeNull();
    expect(missingForEnrollment({ code: "validation", details: { enrollment: { missing_site_attributes: ["__proto__"] } } })).toBeNull();
    expect(missingForEnrollment(null)).toBeNull();
  });

  it("enrols as PENDING once everything is given, once per idempotency key, and cancels only while PENDING", async () => {
    const api = createSandboxApi({ clock });
    await api.site.update({ last_name: "Rivera" });
    const request = {
      program_id: ev.id,
      device_ids: ["sbx-dev-ev-charger"],
      has_agreed_to_terms_and_conditions: true,
      terms_and_conditions_version: ev.terms_and_conditions_version,
      terms_and_conditions_agreed_at: "2026-11-21T09:29:00.000Z",
      program_specific_attributes: [
        { name: "daily_miles", value: 32 },
        { name: "has_solar", value: false },
        { name: "not_asked", value: "dropped" },
      ],
    };
    const enrollment = await api.enrollments.create(request, { idempotencyKey: "k1" });
    expect(enrollment).toMatchObject({ status: "PENDING", enroll_method: "USER_ACTION", terms_and_conditions_agreed_at: "2026-11-21T09:29:00.000Z" });
    expect(enrollment.program_specific_attributes).toEqual([
      { name: "has_solar", value: false },
      { name: "daily_miles", value: 32 },
    ]);
    expect(await api.enrollments.create(request, { idempotencyKey: "k1" })).toEqual(enrollment);
    expect(await rejection(api.enrollments.create(request, { idempotencyKey: "k2" }))).toMatchObject({ code: "conflict", details: { reason: "already_enrolled" } });
    expect((await api.enrollments.list({})).enrollments).toHaveLength(1);

    expect(await api.enrollments.cancel({ enrollment_id: enrollment.id })).toMatchObject({ status: "UNENROLLED" });
    expect(await rejection(api.enrollments.cancel({ enrollment_id: enrollment.id }))).toMatchObject({
      code: "conflict",
      details: { reason: "not_pending", enrollment_status: "UNENROLLED" },
    });
    // Cancelled, it can enrol again.
    expect(await api.enrollments.create(request, { idempotencyKey: "k3" })).toMatchObject({ status: "PENDING" });
  });

  it("refuses a programme not offered at the site, and a device that is not there", async () => {
    const api = createSandboxApi({ clock, site: SANDBOX_SITES.complete });
    const agreed = { has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: ev.terms_and_conditions_version };
    expect(await rejection(api.enrollments.create({ program_id: ev.id, device_ids: ["sbx-dev-ev-charger"], ...agreed }))).toMatchObject({ code: "not_found" });
    const thermostat = programOf(SANDBOX_PROGRAM_IDS.thermostatSummer);
    expect(await rejection(api.enrollments.create({ program_id: thermostat.id, device_ids: ["someone-elses"], ...agreed }))).toMatchObject({
      code: "validation",
      details: { reason: "device_not_eligible" },
    });
  });

  it("an ACTIVE enrolment cannot be cancelled: 409 with the reason", async () => {
    const api = createSandboxApi({ clock, site: SANDBOX_SITES.enrolledActive });
    const [active] = (await api.enrollments.list({})).enrollments;
    expect(active).toMatchObject({ status: "ACTIVE", device_ids: ["sbx-dev-battery"] });
    expect(await rejection(api.enrollments.cancel({ enrollment_id: active?.id ?? "" }))).toMatchObject({ code: "conflict", details: { reason: "not_pending", enrollment_status: "ACTIVE" } });
  });
});

describe("over the REST contract", () => {
  it("the 422 keeps Flip's missing-information body, typed on the client", async () => {
    const api = overHttp();
    const error = await rejection(api.enrollments.create({ program_id: SANDBOX_PROGRAM_IDS.batteryPeak, device_ids: ["sbx-dev-battery"], has_agreed_to_terms_and_conditions: true }));
    expect(error.details["status"]).toBe(422);
    expect(missingForEnrollment(error)?.missing_site_attributes).toEqual(["last_name", "email", "street_address", "city"]);
  });

  it("cancel of an enrolment that is not pending is a 409 with its reason", async () => {
    const api = overHttp(SANDBOX_SITES.enrolledActive);
    const [active] = (await api.enrollments.list({})).enrollments;
    expect(await rejection(api.enrollments.cancel({ enrollment_id: active?.id ?? "" }))).toMatchObject({ code: "conflict", details: { status: 409, reason: "not_pending", enrollment_status: "ACTIVE" } });
  });

  it("PATCHes the site and lists programmes with the zip code in the query", async () => {
    const api = overHttp();
    expect(await api.site.update({ city: "Testville" })).toMatchObject({ city: "Testville" });
    expect((await api.programs.list({ zip_code: "88803" })).programs).toEqual([]);
  });
});

describe("enrolment status model", () => {
  it("maps the other sources' statuses onto one model", () => {
    expect(ENROLLMENT_STATUSES).toEqual(["PENDING", "NEEDS_ACTION", "ACTIVE", "REJECTED", "UNENROLLED"]);
    expect(toEnrollmentStatus("approved")).toBe("ACTIVE");
    expect(toEnrollmentStatus("SUBMITTED")).toBe("PENDING");
    expect(toEnrollmentStatus("constructor")).toBeNull();
  });
});
