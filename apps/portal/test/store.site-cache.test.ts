import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openPgliteDb, type Db } from "../src/server/db/index.js";
import { createPortalStore, type PortalStore } from "../src/server/portal.store.js";
import { SANDBOX_DEMO_HOST, SANDBOX_DEMO_HOST_ID, SANDBOX_DEMO_SITE_ID } from "../src/server/sandbox-sites.js";

// Every signed entry needs the host's config; the store keeps it for a few seconds. These
// tests pin what that may and may not change: writes through the store apply at once,
// writes from elsewhere (another portal process) apply once the entry expires.
describe("portal store: host config cache", () => {
  let db: Db;
  let nowMs = Date.parse("2026-11-21T09:00:00Z");
  const clock = () => new Date(nowMs);

  beforeAll(async () => {
    db = await openPgliteDb();
    await migrate(db);
    const store = await createPortalStore(db, { clock });
    await store.upsertHost(SANDBOX_DEMO_HOST);
    const host = await store.getHost(SANDBOX_DEMO_HOST_ID);
    if (!host) throw new Error("no host");
    expect(await store.claimSite(host, SANDBOX_DEMO_SITE_ID)).toBe("ok");
  });
  afterAll(async () => {
    await db.close();
  });

  const deactivateDirectly = (keyId: string) =>
    db.query("UPDATE host_secrets SET active = false WHERE host_id = $1 AND key_id = $2", [SANDBOX_DEMO_HOST_ID, keyId]);
  const activeKeyIds = async (store: PortalStore) =>
    (await store.getSite(SANDBOX_DEMO_SITE_ID))?.host.secrets.filter((secret) => secret.active).map((secret) => secret.keyId);

  it("applies a secret rotation written through the store at once", async () => {
    const store = await createPortalStore(db, { clock, siteCacheTtlMs: 5_000 });
    await store.upsertHost(SANDBOX_DEMO_HOST);
    expect(await activeKeyIds(store)).toEqual(["k2026"]);

    await store.upsertHost({ ...SANDBOX_DEMO_HOST, secrets: [...SANDBOX_DEMO_HOST.secrets, { keyId: "k2027", secret: "next-secret", active: true }] });
    expect(await activeKeyIds(store)).toEqual(["k2026", "k2027"]);
  });

  it("applies a change written elsewhere only after the cache time, and at once with caching off", async () => {
    const cached = await createPortalStore(db, { clock, siteCacheTtlMs: 5_000 });
    const uncached = await createPortalStore(db, { clock, siteCacheTtlMs: 0 });
    await cached.upsertHost({ ...SANDBOX_DEMO_HOST, secrets: [...SANDBOX_DEMO_HOST.secrets, { keyId: "k2027", secret: "next-secret", active: true }] });
    expect(await activeKeyIds(cached)).toContain("k2027");

    await deactivateDirectly("k2027");
    expect(await activeKeyIds(uncached)).not.toContain("k2027");
    expect(await activeKeyIds(cached)).toContain("k2027");

    nowMs += 5_001;
    expect(await activeKeyIds(cached)).not.toContain("k2027");
  });

  it("does not remember unknown sites, so a household added later is found at once", async () => {
    const store = await createPortalStore(db, { clock, siteCacheTtlMs: 5_000 });
    expect(await store.getSite("site_later")).toBeNull();
    await db.query("INSERT INTO sites (id, host_id) VALUES ('site_later', $1)", [SANDBOX_DEMO_HOST_ID]);
    expect((await store.getSite("site_later"))?.host.id).toBe(SANDBOX_DEMO_HOST_ID);
  });

  it("never looks up an id that cannot be a site id", async () => {
    const store = await createPortalStore(db, { clock });
    for (const id of ["", "a\u0000b", "\ud800", "../x", "a b", "x".repeat(129), "__proto__"]) expect(await store.getSite(id)).toBeNull();
  });

  it("keeps one signing key for every process on the same database", async () => {
    const first = await createPortalStore(db, { clock });
    const second = await createPortalStore(db, { clock });
    const session = first.createSession(SANDBOX_DEMO_SITE_ID, "", 60_000, null);
    expect(second.getSession(session.id)?.siteId).toBe(SANDBOX_DEMO_SITE_ID);
    const token = first.issueSiteToken(SANDBOX_DEMO_SITE_ID, 60_000).token;
    expect(second.isSiteTokenValid(SANDBOX_DEMO_SITE_ID, token)).toBe(true);
    // A site token is not a session, and neither works for another household.
    expect(second.getSession(token)).toBeNull();
    expect(second.isSiteTokenValid("site_other", token)).toBe(false);
  });
});
