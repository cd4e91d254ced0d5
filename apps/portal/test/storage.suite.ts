import { AXLE_PROPOSITIONS, createHttpApi, SANDBOX, type OnboardingApi } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../src/server/db/index.js";
import type { StartPortalOptions } from "../src/server/portal.server.js";
import { SANDBOX_ZIP_CODES } from "../src/server/sandbox-programs.js";
import { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_SITE_ID } from "../src/server/sandbox-sites.js";
import { rejection, startTestPortal, type TestPortal } from "./portal.fixture.js";

export interface StorageUnderTest {
  /** Options that point a portal at the storage; the same value must reach the same data. */
  options: StartPortalOptions;
}

/**
 * The portal's REST contract and its persistence, run once per storage adapter (embedded
 * PGlite on disk, a real Postgres), so both keep the same promises.
 */
export function storageSuite(name: string, prepare: () => Promise<StorageUnderTest & { cleanup(): Promise<void> }>): void {
  describe(`portal storage: ${name}`, () => {
    let storage: StorageUnderTest & { cleanup(): Promise<void> };
    let portal: TestPortal;
    let sessionId: string;
    let api: OnboardingApi;

    beforeAll(async () => {
      storage = await prepare();
      portal = await startTestPortal(storage.options);
      sessionId = (await portal.openSession()).sessionId;
      api = createHttpApi({ baseUrl: portal.url, getToken: () => sessionId, retries: 0 });
    });
    afterAll(async () => {
      await portal?.dispose();
      await storage?.cleanup();
    });

    it("serves the whole address → meter → eligibility → consent path through createHttpApi", async () => {
      const found = await api.addresses.search({ postcode: "sw1a1aa" });
      expect(found.postcode).toBe(SANDBOX.postcodes.happy);
      const address = found.addresses[0];
      if (!address) throw new Error("no address");
      const { meters } = await api.meters.byAddress({ addressId: address.id });
      const meter = meters[0];
      if (!meter) throw new Error("no meter");
      const eligibility = await api.eligibility.check({ mpan: meter.mpan, assetModel: SANDBOX.assetModels.qualified });
      expect(eligibility.propositions.find((p) => p.proposition === AXLE_PROPOSITIONS.smartCharging)?.isEligible).toBe(true);
      const terms = await api.consents.terms({ proposition: AXLE_PROPOSITIONS.smartCharging });
      const givenAt = new Date().toISOString();
      const record = await api.consents.record({ mpan: meter.mpan, proposition: terms.proposition, termsVersion: terms.version, givenAt });
      expect(record).toMatchObject({ mpan: meter.mpan, termsVersion: SANDBOX.terms.full_asset_schedule_control, givenAt });
      expect(record.id).toMatch(/^cns_/);
      const stored = await portal.server.store.listConsents(SANDBOX_DEMO_SITE_ID);
      expect(stored.map((c) => c.id)).toContain(record.id);
    });

    it("answers a retried consent (same Idempotency-Key) with the first record", async () => {
      const input = { mpan: SANDBOX.mpans.domestic, proposition: AXLE_PROPOSITIONS.flexLite, termsVersion: SANDBOX.terms.limited_pause, givenAt: new Date().toISOString() };
      const first = await api.consents.record(input, { idempotencyKey: "retry-me-1" });
      const again = await api.consents.record(input, { idempotencyKey: "retry-me-1" });
      expect(again.id).toBe(first.id);
      const stored = await portal.server.store.listConsents(SANDBOX_DEMO_SITE_ID);
      expect(stored.filter((c) => c.id === first.id)).toHaveLength(1);
    });

    it("maps the sandbox's failures onto the contract's error codes", async () => {
      expect((await rejection(api.addresses.search({ postcode: SANDBOX.postcodes.failsOnce }))).code).toBe("upstream");
      expect((await api.addresses.search({ postcode: SANDBOX.postcodes.failsOnce })).addresses.length).toBeGreaterThan(0);
      expect((await rejection(api.addresses.search({ postcode: SANDBOX.postcodes.malformed }))).code).toBe("invalid_response");
      expect((await rejection(api.meters.byMpan({ mpan: SANDBOX.mpans.unknown }))).code).toBe("not_found");
    });

    it("validates input on the server and answers with the error body", async () => {
      const response = await fetch(`${portal.url}/v1/consents`, {
        method: "POST",
        headers: { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json" },
        body: JSON.stringify({ mpan: "123", proposition: "", termsVersion: "x", givenAt: "yesterday" }),
      });
      expect(response.status).toBe(422);
      const body = (await response.json()) as { error: { code: string; message: string; details: { issues?: unknown[] } } };
      expect(body.error.code).toBe("validation");
      expect(body.error.details.issues?.length).toBeGreaterThanOrEqual(2);
      const garbage = await fetch(`${portal.url}/v1/eligibility/check`, {
        method: "POST",
        headers: { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json" },
        body: "{not json",
      });
      expect(garbage.status).toBe(422);
    });

    it("refuses calls without a live session", async () => {
      const anonymous = createHttpApi({ baseUrl: portal.url, getToken: () => "oss_not-a-session", retries: 0 });
      expect((await rejection(anonymous.addresses.search({ postcode: SANDBOX.postcodes.happy }))).code).toBe("unauthorized");
      const expiring = (await portal.openSession()).sessionId;
      portal.advance(31 * 60_000);
      const late = createHttpApi({ baseUrl: portal.url, getToken: () => expiring, retries: 0 });
      expect((await rejection(late.addresses.search({ postcode: SANDBOX.postcodes.happy }))).code).toBe("unauthorized");
      sessionId = (await portal.openSession()).sessionId;
    });

    it("stores journey progress per household, so a new session of that household resumes it", async () => {
      const headers = { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json" };
      const snapshot = { version: 1, step: "consent", context: { mpan: SANDBOX.mpans.domestic } };
      expect((await fetch(`${portal.url}/v1/session/progress`, { method: "PUT", headers, body: JSON.stringify({ snapshot }) })).status).toBe(200);
      const other = (await portal.openSession()).sessionId;
      const read = await fetch(`${portal.url}/v1/session/progress`, { headers: { Authorization: `Bearer ${other}` } });
      expect(((await read.json()) as { snapshot: unknown }).snapshot).toEqual(snapshot);
      expect((await fetch(`${portal.url}/v1/session/progress`, { method: "DELETE", headers })).status).toBe(204);
      const cleared = await fetch(`${portal.url}/v1/session/progress`, { headers });
      expect(((await cleared.json()) as { snapshot: unknown }).snapshot).toBeNull();
    });

    it("commissions a household with its devices and one auto-enrolment, the same on a repeat", async () => {
      const body = {
        site: { id: "storage-commissioned", first_name: "Ada", last_name: "Okafor", email: "ada@example.com", street_address: "12 Mesa Road", city: "Roswell", state_code: "NM", zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat },
        devices: [{ id: "bat-1", type: "BATTERY", attributes: { battery_capacity_wh: 10_000 }, install_date: "2026-02-01" }],
        enrollment: { has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: "2026-01", program_specific_attributes: [{ name: "utility_account_number", value: "1234567890" }] },
      };
      const send = () => fetch(`${portal.url}/v1/commission`, { method: "POST", headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const first = await send();
      expect(first.status).toBe(200);
      const answer = (await first.json()) as { enrollment: { status: string; device_ids: string[] } };
      expect(answer.enrollment).toMatchObject({ status: "PENDING", device_ids: ["bat-1"] });
      expect(await (await send()).json()).toEqual(answer);
      const counts = await portal.server.db.query<{ devices: number; enrollments: number }>(
        "SELECT (SELECT count(*)::int FROM devices WHERE site_id = $1) AS devices, (SELECT count(*)::int FROM enrollments WHERE site_id = $1) AS enrollments",
        ["storage-commissioned"],
      );
      expect(counts.rows).toEqual([{ devices: 1, enrollments: 1 }]);
      const incomplete = await fetch(`${portal.url}/v1/commission`, {
        method: "POST",
        headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "application/json" },
        body: JSON.stringify({ ...body, site: { id: "storage-incomplete", zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat } }),
      });
      expect(incomplete.status).toBe(422);
      expect((await portal.server.db.query("SELECT id FROM sites WHERE id = 'storage-incomplete'")).rows).toEqual([]);
    });

    it("keeps consents, tokens and sessions across a restart, and migrates only once", async () => {
      const before = await portal.server.store.listConsents(SANDBOX_DEMO_SITE_ID);
      expect(before.length).toBeGreaterThan(0);
      const token = await portal.siteToken();
      await portal.dispose();
      portal = await startTestPortal(storage.options);
      const after = await portal.server.store.listConsents(SANDBOX_DEMO_SITE_ID);
      expect(after).toEqual(before);
      expect(await portal.server.store.isSiteTokenValid(SANDBOX_DEMO_SITE_ID, token)).toBe(true);
      const again = createHttpApi({ baseUrl: portal.url, getToken: () => sessionId, retries: 0 });
      expect((await again.consents.terms({ proposition: AXLE_PROPOSITIONS.smartCharging })).version).toBe(SANDBOX.terms.full_asset_schedule_control);

      const migrations = await portal.server.db.query<{ name: string }>("SELECT name FROM onflex_migrations ORDER BY name");
      expect(migrations.rows.map((r) => r.name)).toEqual(["0001_portal_init.sql", "0002_session_asset_model.sql", "0003_hosts_and_households.sql", "0004_commissioning.sql", "0005_enrollment_events.sql"]);
      const enrolled = await portal.server.db.query("SELECT status FROM enrollments WHERE site_id = 'storage-commissioned'");
      expect(enrolled.rows).toEqual([{ status: "PENDING" }]);
      expect(await migrate(portal.server.db)).toEqual([]);
    });
  });
}
