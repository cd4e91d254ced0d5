import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openPgliteDb, type Db } from "../src/server/db/index.js";
import { sha256Hex } from "../src/server/crypto.js";
import { createPortalServer } from "../src/server/portal.server.js";
import { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_SITE_ID } from "../src/server/sandbox-sites.js";
import { tempDir } from "./portal.fixture.js";

// A data directory from before hosts existed: one `sites` row per host, with consents and
// progress under it. Migration 0003 and the sandbox seeding must keep every consent and the
// saved journey, now under a household site of the host that holds the key.

const MIGRATIONS = fileURLToPath(new URL("../src/server/db/migrations/", import.meta.url));

describe("migrating to hosts and households", () => {
  let db: Db;
  let dir: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    dir = await tempDir("migrations");
    await mkdir(join(dir.path, "old"));
    for (const name of ["0001_portal_init.sql", "0002_session_asset_model.sql"]) await copyFile(join(MIGRATIONS, name), join(dir.path, "old", name));
    db = await openPgliteDb();
    expect(await migrate(db, join(dir.path, "old"))).toEqual(["0001_portal_init.sql", "0002_session_asset_model.sql"]);
    await db.query(
      `INSERT INTO sites (id, name, api_key_hash, registered_origins, branding, required_scheme, default_asset_model)
       VALUES ($1, 'Old demo', $2, '["http://127.0.0.1:5173"]', '{"name":"Old","primaryColor":"#000000"}', 'v2', NULL)`,
      [SANDBOX_DEMO_SITE_ID, sha256Hex(SANDBOX_DEMO_API_KEY)],
    );
    await db.query("INSERT INTO site_secrets (site_id, key_id, secret) VALUES ($1, 'k2026', 'old-secret')", [SANDBOX_DEMO_SITE_ID]);
    await db.query(
      `INSERT INTO consents (id, site_id, mpan, proposition, terms_version, given_at, recorded_at, idempotency_key, record)
       VALUES ('cns_old', $1, '1200000000009', 'limited_pause', 'v1', now(), now(), 'old-key', '{"id":"cns_old"}')`,
      [SANDBOX_DEMO_SITE_ID],
    );
    await db.query(`INSERT INTO journey_progress (site_id, snapshot) VALUES ($1, '{"step":"consent"}')`, [SANDBOX_DEMO_SITE_ID]);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await dir?.remove();
  });

  it("keeps consents and progress, under the sandbox host that now holds the key", async () => {
    expect(await migrate(db)).toEqual(["0003_hosts_and_households.sql", "0004_commissioning.sql", "0005_enrollment_events.sql"]);
    // The old site is now a host of the same id owning one household of that id.
    expect((await db.query("SELECT host_id FROM sites WHERE id = $1", [SANDBOX_DEMO_SITE_ID])).rows).toEqual([{ host_id: SANDBOX_DEMO_SITE_ID }]);

    const portal = await createPortalServer({ db, log: () => undefined });
    const site = await portal.store.getSite(SANDBOX_DEMO_SITE_ID);
    expect(site?.host.id).toBe("host_voltra");
    expect(site?.host.secrets.map((s) => s.keyId)).toEqual(["k2026"]);
    expect((await portal.store.listConsents(SANDBOX_DEMO_SITE_ID)).map((c) => c.id)).toEqual(["cns_old"]);
    expect((await portal.store.loadProgress(SANDBOX_DEMO_SITE_ID))?.snapshot).toEqual({ step: "consent" });
    expect((await db.query("SELECT id FROM hosts ORDER BY id")).rows.map((r) => r.id)).toEqual(["host_flip_v1", "host_voltra"]);
    // The key works for the household.
    const token = await portal.fetch(new Request(`http://portal.test/v1/auth/site/${SANDBOX_DEMO_SITE_ID}`, { method: "POST", headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}` } }));
    expect(token.status).toBe(200);
  });
});
