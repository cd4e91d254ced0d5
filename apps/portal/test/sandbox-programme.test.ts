import { createHttpApi, SANDBOX_PROGRAM_IDS } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DEMO_API_KEY, SANDBOX_VPP_API_KEY } from "../src/server/sandbox-sites.js";
import { startTestPortal, type TestPortal } from "./portal.fixture.js";

// The sandbox programmes' own side, SIMULATED: a host's backend makes a programme decide on
// a household's enrolment and schedule events for it. Only its own households; bad input 4xx.

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.dispose());

const thermostat = { id: "thermo-1", type: "THERMOSTAT", manufacturer_name: "Nest", product_name: "Learning", serial_number: "SN-thermo-1" };
const site = (id: string) => ({ id, first_name: "Ada", last_name: "Okafor", email: "ada@example.com", state_code: "NM", city: "Roswell", zip_code: "88801", street_address: "12 Mesa Road" });

function post(path: string, body: unknown, apiKey = SANDBOX_DEMO_API_KEY, raw?: string) {
  return fetch(`${portal.url}${path}`, { method: "POST", headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" }, body: raw ?? JSON.stringify(body) });
}

async function pendingEnrolment(siteId: string) {
  expect((await post("/v1/commission", { site: site(siteId), devices: [thermostat] })).status).toBe(200);
  const boot = await portal.openSession(siteId);
  const api = createHttpApi({ baseUrl: portal.url, getToken: () => boot.sessionId, retries: 0 });
  const enrollment = await api.enrollments.create({
    program_id: SANDBOX_PROGRAM_IDS.thermostatSummer,
    device_ids: [thermostat.id],
    has_agreed_to_terms_and_conditions: true,
    terms_and_conditions_version: "2025-05",
    program_specific_attributes: [],
  });
  return { api, enrollment };
}

describe("the sandbox programme operator", () => {
  it("decides on an enrolment (once), schedules events for an ACTIVE one, and the household sees both", async () => {
    const { api, enrollment } = await pendingEnrolment("prog-home-a");
    const early = await post(`/v1/sandbox/enrollments/${enrollment.id}/events`, { id: "evt-1", starts_at: "2026-12-01T17:00:00.000Z", ends_at: "2026-12-01T19:00:00.000Z" });
    expect(early.status).toBe(409);

    const decided = await post(`/v1/sandbox/enrollments/${enrollment.id}/decision`, { status: "ACTIVE" });
    expect(decided.status).toBe(200);
    expect((await api.enrollments.list({})).enrollments[0]?.status).toBe("ACTIVE");
    expect((await post(`/v1/sandbox/enrollments/${enrollment.id}/decision`, { status: "REJECTED" })).status).toBe(409);

    const starts = new Date(portal.now().getTime() + 24 * 3_600_000);
    const ends = new Date(starts.getTime() + 2 * 3_600_000);
    const scheduled = await post(`/v1/sandbox/enrollments/${enrollment.id}/events`, { id: "evt-1", starts_at: starts.toISOString(), ends_at: ends.toISOString(), mode: "DISCHARGE" });
    expect(scheduled.status).toBe(201);
    expect((await api.events.list({})).events).toMatchObject([{ id: "evt-1", status: "UPCOMING", is_participating: true }]);
  });

  it("another host's key, a wrong key, and hostile input are 4xx that change nothing", async () => {
    const { api, enrollment } = await pendingEnrolment("prog-home-b");
    const path = `/v1/sandbox/enrollments/${enrollment.id}/decision`;
    expect((await post(path, { status: "ACTIVE" }, SANDBOX_VPP_API_KEY)).status).toBe(404);
    expect((await post(path, { status: "ACTIVE" }, "not-a-key")).status).toBe(401);
    for (const body of [{ status: "LIVE" }, { status: 1 }, {}, [], null, { status: "constructor" }]) {
      expect((await post(path, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await post(path, undefined, SANDBOX_DEMO_API_KEY, "{")).status).toBe(400);
    expect((await post(path, undefined, SANDBOX_DEMO_API_KEY, JSON.stringify({ status: "ACTIVE", pad: "x".repeat(5000) }))).status).toBe(413);
    expect((await post(`/v1/sandbox/enrollments/${"%00".repeat(3)}/decision`, { status: "ACTIVE" })).status).toBe(400);
    expect((await api.enrollments.list({})).enrollments[0]?.status).toBe("PENDING");

    expect((await post(path, { status: "ACTIVE" })).status).toBe(200);
    const events = `/v1/sandbox/enrollments/${enrollment.id}/events`;
    for (const body of [{ id: "e", starts_at: "yesterday", ends_at: "2026-12-01T19:00:00.000Z" }, { id: "e", starts_at: "2026-12-01T19:00:00.000Z", ends_at: "2026-12-01T17:00:00.000Z" }, { id: "e", starts_at: "2026-12-01T17:00:00.000Z", ends_at: "2026-12-01T19:00:00.000Z", mode: "TELEPORT" }, { starts_at: 1 }]) {
      const response = await post(events, body);
      expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.status, JSON.stringify(body)).toBeLessThan(500);
    }
    expect((await api.events.list({})).events).toEqual([]);
  });
});
