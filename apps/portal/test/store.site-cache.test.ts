import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openPgliteDb, type Db } from "../src/server/db/index.js";
import { createPortalStore } from "../src/server/portal.store.js";
import { SANDBOX_DEMO_SITE, SANDBOX_DEMO_SITE_ID } from "../src/server/sandbox-sites.js";

// Every signed entry needs the site's config; the store keeps it for a few seconds. These
// tests pin what that may and may not change: writes through the store apply at once,
// writes from elsewhere (another portal process) apply once the entry expires.
describe("portal store: site config cache", () => {
  let db: Db;
  let nowMs = Date.parse("2026-11-21T09:00:00Z");
  const clock = () => new Date(nowMs);

  beforeAll(async () => {
    db = await openPgliteDb();
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
  });

  const deactivateDirectly = (keyId: string) =>
    db.query("UPDATE site_secrets SET active = false WHERE site_id = $1 AND key_id = $2", [SANDBOX_DEMO_SITE_ID, keyId]);
  const activeKeyIds = (site: Awaited<ReturnType<ReturnType<typeof createPortalStore>["getSite"]>>) =>
    site?.secrets.filter((secret) => secret.active).map((secret) => secret.keyId);

  it("applies a secret rotation written through the store at once", async () => {
    const store = createPortalStore(db, { clock, siteCacheTtlMs: 5_000 });
    await store.upsertSite(SANDBOX_DEMO_SITE);
    expect(activeKeyIds(await store.getSite(SANDBOX_DEMO_SITE_ID))).toEqual(["k2026"]);

    await store.upsertSite({ ...SANDBOX_DEMO_SITE, secrets: [...SANDBOX_DEMO_SITE.secrets, { keyId: "k2027", secret: "next-secret", active: true }] });
    expect(activeKeyIds(await store.getSite(SANDBOX_DEMO_SITE_ID))).toEqual(["k2026", "k2027"]);
  });

  it("applies a change written elsewhere only after the cache time, and at once with caching off", async () => {
    const cached = createPortalStore(db, { clock, siteCacheTtlMs: 5_000 });
    const uncached = createPortalStore(db, { clock, siteCacheTtlMs: 0 });
    await cached.upsertSite({ ...SANDBOX_DEMO_SITE, secrets: [...SANDBOX_DEMO_SITE.secrets, { keyId: "k2027", secret: "next-secret", active: true }] });
    expect(activeKeyIds(await cached.getSite(SANDBOX_DEMO_SITE_ID))).toContain("k2027");

    await deactivateDirectly("k2027");
    expect(activeKeyIds(await uncached.getSite(SANDBOX_DEMO_SITE_ID))).not.toContain("k2027");
    expect(activeKeyIds(await cached.getSite(SANDBOX_DEMO_SITE_ID))).toContain("k2027");

    nowMs += 5_001;
    expect(activeKeyIds(await cached.getSite(SANDBOX_DEMO_SITE_ID))).not.toContain("k2027");
  });

  it("does not remember unknown sites, so one registered later is found at once", async () => {
    const store = createPortalStore(db, { clock, siteCacheTtlMs: 5_000 });
    expect(await store.getSite("site_later")).toBeNull();
    await db.query("INSERT INTO sites (id, name, api_key_hash, registered_origins, branding, required_scheme) SELECT 'site_later', name, api_key_hash, registered_origins, branding, required_scheme FROM sites WHERE id = $1", [SANDBOX_DEMO_SITE_ID]);
    expect((await store.getSite("site_later"))?.id).toBe("site_later");
  });
});
