import { createHttpApi, missingForEnrollment, SANDBOX_PROGRAM_IDS, type OnboardingApi } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DEMO_API_KEY } from "../src/server/sandbox-sites.js";
import { rejection, startTestPortal, type TestPortal } from "./portal.fixture.js";

// The enrollment flow's operations served from the portal's storage for the session's
// household: the site commissioned by its host, the programmes at its zip code, its
// enrolments. A session sees and changes its own household only.

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.dispose());

async function household(siteId: string, site: Record<string, unknown>, devices: unknown[]): Promise<OnboardingApi> {
  const boot = await portal.openSession(siteId);
  const response = await fetch(`${portal.url}/v1/commission`, {
    method: "POST",
    headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ site: { id: siteId, ...site }, devices }),
  });
  expect(response.status).toBe(200);
  return createHttpApi({ baseUrl: portal.url, getToken: () => boot.sessionId, retries: 0 });
}

const charger = { id: "evc-1", type: "EV_CHARGER", manufacturer_name: "myenergi", product_name: "zappi v2", serial_number: "SN-1" };
const thermostat = { id: "th-1", type: "THERMOSTAT", manufacturer_name: "Nest", product_name: "Learning", serial_number: "SN-2" };

describe("programmes and enrolment from the portal's storage", () => {
  it("reads the household's site, asks for what is missing, PATCHes the site, enrols as PENDING and cancels once", async () => {
    const api = await household("enr-home-a", { first_name: "Ada", state_code: "NM", zip_code: "88802" }, [charger]);
    const site = await api.site.get({});
    expect(site).toMatchObject({ id: "enr-home-a", first_name: "Ada", last_name: null, zip_code: "88802" });
    expect(site.devices).toEqual([{ id: "evc-1", type: "EV_CHARGER", manufacturer_name: "myenergi", product_name: "zappi v2" }]);
    expect((await api.programs.list({ zip_code: "88802", device_type: "EV_CHARGER" })).programs.map((p) => p.id)).toEqual([SANDBOX_PROGRAM_IDS.evOffPeak]);

    const request = { program_id: SANDBOX_PROGRAM_IDS.evOffPeak, device_ids: ["evc-1"], has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: "2026-03" };
    const missing = missingForEnrollment(await rejection(api.enrollments.create(request)));
    expect(missing?.missing_site_attributes).toEqual(["last_name"]);
    expect(missing?.missing_program_specific_attributes.map((f) => f.name)).toEqual(["has_solar", "daily_miles"]);

    expect(await api.site.update({ last_name: "Okafor" })).toMatchObject({ last_name: "Okafor" });
    const answers = { ...request, program_specific_attributes: [{ name: "has_solar", value: true }, { name: "daily_miles", value: 20 }] };
    const enrollment = await api.enrollments.create(answers, { idempotencyKey: "enr-key-1" });
    expect(enrollment).toMatchObject({ site_id: "enr-home-a", status: "PENDING", enroll_method: "USER_ACTION", device_ids: ["evc-1"] });
    expect(await api.enrollments.create(answers, { idempotencyKey: "enr-key-1" })).toEqual(enrollment);
    expect(await rejection(api.enrollments.create(answers, { idempotencyKey: "enr-key-2" }))).toMatchObject({ code: "conflict", details: { reason: "already_enrolled" } });
    expect((await api.enrollments.list({})).enrollments.map((e) => e.id)).toEqual([enrollment.id]);

    expect(await api.enrollments.cancel({ enrollment_id: enrollment.id })).toMatchObject({ status: "UNENROLLED" });
    expect(await rejection(api.enrollments.cancel({ enrollment_id: enrollment.id }))).toMatchObject({ code: "conflict", details: { reason: "not_pending", enrollment_status: "UNENROLLED" } });
  });

  it("never shows or changes another household's site or enrolments", async () => {
    const a = await household("enr-home-b", { first_name: "Bo", last_name: "Lee", state_code: "NM", zip_code: "88801" }, [thermostat]);
    const b = await household("enr-home-c", { first_name: "Cy", zip_code: "88801" }, [thermostat]);
    const mine = await a.enrollments.create({ program_id: SANDBOX_PROGRAM_IDS.thermostatSummer, device_ids: ["th-1"], has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: "2025-05" });
    expect((await b.enrollments.list({})).enrollments).toEqual([]);
    expect(await rejection(b.enrollments.cancel({ enrollment_id: mine.id }))).toMatchObject({ code: "not_found" });
    await b.site.update({ city: "Elsewhere" });
    expect((await a.site.get({})).city).toBeNull();
    // The device ids are the host's own: another household's "th-1" is its own device, never this one.
    expect((await a.enrollments.list({})).enrollments[0]).toMatchObject({ id: mine.id, status: "PENDING" });
  });

  it("a household with no zip code or devices gets no programmes, and bad input is a 4xx", async () => {
    const api = await household("enr-home-d", {}, []);
    expect((await api.site.get({})).devices).toEqual([]);
    expect((await api.programs.list({ zip_code: "88803" })).programs).toEqual([]);
    expect(await rejection(api.enrollments.create({ program_id: SANDBOX_PROGRAM_IDS.evOffPeak, device_ids: ["x"], has_agreed_to_terms_and_conditions: true }))).toMatchObject({
      code: "not_found",
    });
    expect(await rejection(api.site.update({ zip_code: "x'; DROP TABLE sites; --" }))).toMatchObject({ code: "validation" });
    expect(await rejection(api.enrollments.cancel({ enrollment_id: "nope" }))).toMatchObject({ code: "not_found" });
  });
});
