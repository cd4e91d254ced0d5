import { createHttpApi, SANDBOX_PROGRAM_IDS, unenrollRefusal } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleProgramEvent } from "../src/server/events.store.js";
import { SANDBOX_DEMO_API_KEY } from "../src/server/sandbox-sites.js";
import { rejection, startTestPortal, type TestPortal } from "./portal.fixture.js";

// Managing an enrolment from the portal's storage: a household's events (scheduled by the
// programme), opting out and a reserve per event, and leaving. Scoped to the session's household.

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.dispose());

const battery = { id: "bat-1", type: "BATTERY", manufacturer_name: "Sandbox Energy", product_name: "Home Battery 13", serial_number: "SN-B1" };
const charger = { id: "evc-1", type: "EV_CHARGER", manufacturer_name: "myenergi", product_name: "zappi v2", serial_number: "SN-1" };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A household of the demo host with an enrolment the programme has accepted, created `daysAgo` days ago, and its session's API. */
async function enrolled(siteId: string, programId: string, devices: Array<typeof battery>, daysAgo = 0) {
  const boot = await portal.openSession(siteId);
  const site = { id: siteId, first_name: "Ada", last_name: "Okafor", email: "ada@example.com", street_address: "1 Way", city: "Testville", state_code: "NM", zip_code: "88802" };
  const response = await fetch(`${portal.url}/v1/commission`, {
    method: "POST",
    headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ site, devices }),
  });
  expect(response.status).toBe(200);
  const api = createHttpApi({ baseUrl: portal.url, getToken: () => boot.sessionId, retries: 0 });
  const answers =
    programId === SANDBOX_PROGRAM_IDS.batteryPeak
      ? [{ name: "utility_account_number", value: "1234567890" }]
      : [
          { name: "has_solar", value: false },
          { name: "daily_miles", value: 20 },
        ];
  const terms = programId === SANDBOX_PROGRAM_IDS.batteryPeak ? "2026-01" : "2026-03";
  const enrollment = await api.enrollments.create({ program_id: programId, device_ids: devices.map((d) => d.id), has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: terms, program_specific_attributes: answers });
  // The programme accepts it (outside the household API).
  const created = new Date(portal.now().getTime() - daysAgo * DAY);
  await portal.server.db.query("UPDATE enrollments SET status = 'ACTIVE', created_at = $3 WHERE id = $1 AND site_id = $2", [enrollment.id, siteId, created]);
  const now = portal.now().getTime();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const schedule = (from: number, to: number) => [{ mode: "DISCHARGE" as const, starts_at: at(from), ends_at: at(to) }];
  const plan = [
    { id: "evt-past", starts_at: at(-2 * DAY), ends_at: at(-2 * DAY + 2 * HOUR) },
    { id: "evt-live", starts_at: at(-HOUR), ends_at: at(HOUR) },
    { id: "evt-next", starts_at: at(DAY), ends_at: at(DAY + 2 * HOUR) },
    { id: "evt-off", starts_at: at(2 * DAY), ends_at: at(2 * DAY + HOUR), canceled: true },
  ];
  for (const event of plan) {
    await scheduleProgramEvent(portal.server.db, siteId, { ...event, enrollment_id: enrollment.id, schedule: schedule(Date.parse(event.starts_at) - now, Date.parse(event.ends_at) - now) });
  }
  return { api, enrollment };
}

describe("enrolment events from the portal's storage", () => {
  it("lists the household's events with their status on the portal's clock, opts out of one and sets another's reserve", async () => {
    const { api } = await enrolled("evt-home-a", SANDBOX_PROGRAM_IDS.batteryPeak, [battery]);
    const { events, site_backup_reserve_percentage } = await api.events.list({});
    expect(site_backup_reserve_percentage).toBeNull();
    expect(events.map((e) => [e.id, e.status])).toEqual([
      ["evt-past", "COMPLETED"],
      ["evt-live", "IN_PROGRESS"],
      ["evt-next", "UPCOMING"],
      ["evt-off", "CANCELED"],
    ]);
    expect(events[1]).toMatchObject({ program_id: SANDBOX_PROGRAM_IDS.batteryPeak, is_participating: true, device_settings: [{ device_id: "bat-1", backup_reserve_percentage: null, maximum_charge_percentage: null }] });
    expect((await api.events.list({ status: "UPCOMING" })).events.map((e) => e.id)).toEqual(["evt-next"]);

    expect(await api.events.update({ event_id: "evt-live", is_participating: false })).toMatchObject({ id: "evt-live", status: "IN_PROGRESS", is_participating: false });
    const reserved = await api.events.update({ event_id: "evt-next", device_settings: [{ device_id: "bat-1", backup_reserve_percentage: 60 }] });
    expect(reserved.device_settings[0]?.backup_reserve_percentage).toBe(60);
    expect(await api.events.update({ event_id: "evt-next", device_settings: [{ device_id: "bat-1", backup_reserve_percentage: 60 }] })).toEqual(reserved);
    expect((await api.events.update({ event_id: "evt-next", device_settings: [{ device_id: "bat-1", backup_reserve_percentage: null }] })).device_settings[0]?.backup_reserve_percentage).toBeNull();

    for (const id of ["evt-past", "evt-off"]) {
      expect(await rejection(api.events.update({ event_id: id, is_participating: false }))).toMatchObject({ code: "conflict", details: { reason: "event_not_changeable" } });
    }
    // The clock moves on: an event that was in progress ends and can no longer change.
    const enrollmentId = (await portal.server.db.query<{ id: string }>("SELECT id FROM enrollments WHERE site_id = 'evt-home-a'")).rows[0]!.id;
    const now = portal.now().getTime();
    await scheduleProgramEvent(portal.server.db, "evt-home-a", { id: "evt-brief", enrollment_id: enrollmentId, starts_at: new Date(now - 60_000).toISOString(), ends_at: new Date(now + 60_000).toISOString(), schedule: [] });
    expect(await api.events.update({ event_id: "evt-brief", is_participating: false })).toMatchObject({ status: "IN_PROGRESS" });
    portal.advance(2 * 60_000);
    expect(await rejection(api.events.update({ event_id: "evt-brief", is_participating: true }))).toMatchObject({ code: "conflict", details: { event_status: "COMPLETED" } });
  });

  it("refuses a reserve outside the programme's bounds, a device not in the event, and malformed input, each with a 4xx", async () => {
    const { api } = await enrolled("evt-home-b", SANDBOX_PROGRAM_IDS.batteryPeak, [battery]);
    expect(await rejection(api.events.update({ event_id: "evt-next", device_settings: [{ device_id: "bat-1", backup_reserve_percentage: 10 }] }))).toMatchObject({
      code: "validation",
      details: { reason: "reserve_below_minimum", minimum_percentage: 20, maximum_percentage: 80 },
    });
    expect(await rejection(api.events.update({ event_id: "evt-next", device_settings: [{ device_id: "other", backup_reserve_percentage: 30 }] }))).toMatchObject({ details: { reason: "device_not_in_event" } });

    const session = await portal.openSession("evt-home-b");
    const raw = (method: string, path: string, body?: string) =>
      fetch(`${portal.url}${path}`, { method, headers: { Authorization: `Bearer ${session.sessionId}`, "Content-Type": "application/json" }, ...(body === undefined ? {} : { body }) });
    for (const [method, path, body] of [
      ["PATCH", "/v1/site/events/evt-next", JSON.stringify({ device_settings: [{ device_id: "bat-1", backup_reserve_percentage: 500 }] })],
      ["PATCH", "/v1/site/events/evt-next", JSON.stringify({ device_settings: [{ device_id: "bat-1", backup_reserve_percentage: "50; DROP TABLE program_events" }] })],
      ["PATCH", "/v1/site/events/evt-next", JSON.stringify({ is_participating: "no" })],
      ["PATCH", "/v1/site/events/evt-next", "{not json"],
      ["PATCH", "/v1/site/events/evt-next", JSON.stringify({ device_settings: [] })],
      ["PATCH", `/v1/site/events/${encodeURIComponent("' OR 1=1 --")}`, JSON.stringify({ is_participating: false })],
      ["PATCH", `/v1/site/events/${"x".repeat(5000)}`, JSON.stringify({ is_participating: false })],
      ["GET", "/v1/site/events?status=SOMETIME", undefined],
      ["GET", "/v1/site/events?status=__proto__", undefined],
      ["POST", "/v1/site/enrollments/nope/unenroll", "{}"],
      ["POST", `/v1/site/enrollments/${encodeURIComponent("../../etc/passwd")}/unenroll`, "{}"],
    ] as const) {
      const response = await raw(method, path, body);
      expect(response.status, `${method} ${path.slice(0, 60)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path.slice(0, 60)}`).toBeLessThan(500);
    }
  });

  it("never shows or changes another household's events: their ids are a 404 here", async () => {
    await enrolled("evt-home-c", SANDBOX_PROGRAM_IDS.batteryPeak, [battery]);
    const { api: other } = await enrolled("evt-home-d", SANDBOX_PROGRAM_IDS.evOffPeak, [charger as unknown as typeof battery]);
    // Both households have an "evt-next"; each sees and changes only its own.
    await other.events.update({ event_id: "evt-next", is_participating: false });
    const theirs = await portal.server.db.query<{ site_id: string; is_participating: boolean }>("SELECT site_id, is_participating FROM program_events WHERE id = 'evt-next' AND site_id IN ('evt-home-c', 'evt-home-d') ORDER BY site_id");
    expect(theirs.rows).toEqual([
      { site_id: "evt-home-c", is_participating: true },
      { site_id: "evt-home-d", is_participating: false },
    ]);
    await scheduleProgramEvent(portal.server.db, "evt-home-c", {
      id: "evt-only-c",
      enrollment_id: (await portal.server.db.query<{ id: string }>("SELECT id FROM enrollments WHERE site_id = 'evt-home-c'")).rows[0]!.id,
      starts_at: new Date(portal.now().getTime() + DAY).toISOString(),
      ends_at: new Date(portal.now().getTime() + DAY + HOUR).toISOString(),
      schedule: [],
    });
    expect(await rejection(other.events.update({ event_id: "evt-only-c", is_participating: false }))).toMatchObject({ code: "not_found" });
    expect((await other.events.list({})).events.map((e) => e.id)).not.toContain("evt-only-c");
    // An EV programme sets no reserve bounds: a reserve is refused, not stored.
    expect(await rejection(other.events.update({ event_id: "evt-live", device_settings: [{ device_id: "evc-1", backup_reserve_percentage: 30 }] }))).toMatchObject({ details: { reason: "reserve_not_offered" } });
  });

  it("leaving: refused within a commitment without a penalty (typed, with the date); allowed with one, calling off upcoming events", async () => {
    const { api: refusing, enrollment: ev } = await enrolled("evt-home-e", SANDBOX_PROGRAM_IDS.evOffPeak, [charger as unknown as typeof battery], 10);
    const error = await rejection(refusing.enrollments.unenroll({ enrollment_id: ev.id }));
    expect(error.code).toBe("conflict");
    expect(unenrollRefusal(error)).toMatchObject({ reason: "minimum_commitment", minimum_commitment_months: 3, penalty: 0 });
    expect((await refusing.enrollments.list({})).enrollments[0]?.status).toBe("ACTIVE");

    const { api, enrollment } = await enrolled("evt-home-f", SANDBOX_PROGRAM_IDS.batteryPeak, [battery]);
    const left = await api.enrollments.unenroll({ enrollment_id: enrollment.id });
    expect(left.status).toBe("UNENROLLED");
    expect(await api.enrollments.unenroll({ enrollment_id: enrollment.id })).toMatchObject({ status: "UNENROLLED" });
    expect((await api.events.list({ status: "UPCOMING" })).events).toEqual([]);
    expect((await api.events.list({})).events.find((e) => e.id === "evt-live")?.status).toBe("IN_PROGRESS");
    // Another household's enrolment id is a 404.
    expect(await rejection(refusing.enrollments.unenroll({ enrollment_id: enrollment.id }))).toMatchObject({ code: "not_found" });
  });

  it("tells the host: each opt-out, opt-in, reserve and leaving is a signed webhook queued with the change (ids and statuses only)", async () => {
    const registered = await fetch(`${portal.url}/v1/webhooks/endpoint`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "application/json" },
      // Nothing listens there: the messages stay in the outbox, which is what this test reads.
      body: JSON.stringify({ url: "http://127.0.0.1:9/onflex-webhooks" }),
    });
    expect(registered.status).toBe(200);
    const { api, enrollment } = await enrolled("evt-home-hooks", SANDBOX_PROGRAM_IDS.batteryPeak, [battery]);
    const queued = async () =>
      (await portal.server.db.query<{ type: string; body: string }>("SELECT type, body FROM webhook_outbox WHERE body LIKE $1 ORDER BY created_at, id", ['%"evt-home-hooks"%'])).rows.map(
        (row) => ({ type: row.type, data: (JSON.parse(row.body) as { data: Record<string, unknown> }).data }),
      );
    const before = (await queued()).length;

    await api.events.update({ event_id: "evt-next", is_participating: false });
    await api.events.update({ event_id: "evt-next", is_participating: true });
    await api.events.update({ event_id: "evt-live", device_settings: [{ device_id: battery.id, backup_reserve_percentage: 40 }] });
    // A refused change queues nothing.
    await rejection(api.events.update({ event_id: "evt-past", is_participating: false }));
    await api.enrollments.unenroll({ enrollment_id: enrollment.id });

    const site = { site_id: "evt-home-hooks", program_id: SANDBOX_PROGRAM_IDS.batteryPeak };
    expect((await queued()).slice(before)).toEqual([
      { type: "event.opted_out", data: { event_id: "evt-next", ...site, is_participating: false } },
      { type: "event.updated", data: { event_id: "evt-next", ...site, status: "UPCOMING", is_participating: true } },
      { type: "event.updated", data: { event_id: "evt-live", ...site, status: "IN_PROGRESS", is_participating: true } },
      { type: "enrollment.unenrolled", data: { enrollment_id: enrollment.id, ...site, status: "UNENROLLED", previous_status: "ACTIVE" } },
    ]);
  });
});
