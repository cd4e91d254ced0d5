import { AXLE_PROPOSITIONS, createHttpApi, SANDBOX, type OnboardingApi } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalServer } from "../src/server/portal.server.js";
import { SANDBOX_DEMO_API_KEY, SANDBOX_V1_SITE_ID } from "../src/server/sandbox-sites.js";
import { rejection, startTestPortal, type TestPortal } from "./portal.fixture.js";

// One host (the sandbox's Voltra Home) with many homes: each home is a household site with
// its own progress and consents. Sessions of one household share them (another device
// resumes); sessions of different households never see each other's.

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.dispose());

const HOME_A = "voltra-home-a";
const HOME_B = "voltra-home-b";

async function session(siteId: string): Promise<{ id: string; api: OnboardingApi }> {
  const boot = await portal.openSession(siteId);
  expect(boot.site.id).toBe(siteId);
  return { id: boot.sessionId, api: createHttpApi({ baseUrl: portal.url, getToken: () => boot.sessionId, retries: 0 }) };
}

function progress(sessionId: string, method: "GET" | "PUT" | "DELETE" = "GET", snapshot?: unknown) {
  return fetch(`${portal.url}/v1/session/progress`, {
    method,
    headers: { Authorization: `Bearer ${sessionId}`, ...(method === "PUT" ? { "Content-Type": "application/json" } : {}) },
    ...(method === "PUT" ? { body: JSON.stringify({ snapshot }) } : {}),
  });
}

const consentInput = () => ({
  mpan: SANDBOX.mpans.domestic,
  proposition: AXLE_PROPOSITIONS.flexLite,
  termsVersion: SANDBOX.terms.limited_pause,
  givenAt: new Date().toISOString(),
});

describe("households of one host", () => {
  it("creates a household site under the host the first time the host's key asks for it", async () => {
    expect(await portal.server.store.getSite(HOME_A)).toBeNull();
    await portal.siteToken(HOME_A);
    expect((await portal.server.store.getSite(HOME_A))?.host.id).toBe("host_voltra");
  });

  it("never shows one household's progress to another, and shares it between sessions of the same household", async () => {
    const a1 = await session(HOME_A);
    const a2 = await session(HOME_A);
    const b = await session(HOME_B);
    const snapshot = { step: "consent", context: { address: "1 Household A Street", mpan: SANDBOX.mpans.domestic } };
    expect((await progress(a1.id, "PUT", snapshot)).status).toBe(200);

    const fromB = (await (await progress(b.id)).json()) as { snapshot: unknown };
    expect(fromB.snapshot).toBeNull();
    const fromA2 = (await (await progress(a2.id)).json()) as { snapshot: unknown };
    expect(fromA2.snapshot).toEqual(snapshot);

    // B clearing its own progress leaves A's alone.
    expect((await progress(b.id, "DELETE")).status).toBe(204);
    expect(((await (await progress(a1.id)).json()) as { snapshot: unknown }).snapshot).toEqual(snapshot);
  });

  it("records a consent for the household whose session sent it, and only there", async () => {
    const a = await session(HOME_A);
    const b = await session(HOME_B);
    const before = (await portal.server.store.listConsents(HOME_B)).length;
    const record = await a.api.consents.record(consentInput(), { idempotencyKey: "a-consent-1" });
    expect((await portal.server.store.listConsents(HOME_A)).map((c) => c.id)).toContain(record.id);
    expect((await portal.server.store.listConsents(HOME_B)).map((c) => c.id)).not.toContain(record.id);
    expect(await portal.server.store.findConsent(HOME_B, record.id)).toBeNull();
    expect((await portal.server.store.listConsents(HOME_B)).length).toBe(before);
    void b;
  });

  it("keeps an Idempotency-Key to the household and the session that sent it", async () => {
    const a = await session(HOME_A);
    const otherA = await session(HOME_A);
    const b = await session(HOME_B);
    const key = "shared-key-7";
    const first = await a.api.consents.record(consentInput(), { idempotencyKey: key });

    // Another household reusing the key gets its own consent, stored for it.
    const fromB = await b.api.consents.record(consentInput(), { idempotencyKey: key });
    expect(fromB.id).not.toBe(first.id);
    expect((await portal.server.store.listConsents(HOME_B)).map((c) => c.id)).toContain(fromB.id);

    // Another session of the same household: its own key space too.
    const fromOtherA = await otherA.api.consents.record(consentInput(), { idempotencyKey: key });
    expect(fromOtherA.id).not.toBe(first.id);

    // The same session: a retry gets the first record, a different body is refused.
    const retry = await a.api.consents.record({ ...consentInput(), givenAt: first.givenAt }, { idempotencyKey: key });
    expect(retry.id).toBe(first.id);
    const reused = await rejection(a.api.consents.record({ ...consentInput(), givenAt: "2026-01-01T00:00:00.000Z" }, { idempotencyKey: key }));
    expect(reused.code).toBe("conflict");
  });

  it("refuses a reused key with a different body even when the session's backend was forgotten (restart, eviction)", async () => {
    const a = await session(HOME_A);
    const first = await a.api.consents.record(consentInput(), { idempotencyKey: "durable-key" });
    // A second portal process on the same database: a fresh sandbox behind the same session.
    const other = await createPortalServer({ db: portal.server.db, clock: portal.now, log: () => undefined });
    const again = createHttpApi({
      baseUrl: "http://portal.test",
      getToken: () => a.id,
      retries: 0,
      fetch: (input, init) => Promise.resolve(other.fetch(new Request(input, init))),
    });
    const retry = await again.consents.record({ ...consentInput(), givenAt: first.givenAt }, { idempotencyKey: "durable-key" });
    expect(retry.id).toBe(first.id);
    const reused = await rejection(again.consents.record({ ...consentInput(), givenAt: "2026-02-02T00:00:00.000Z" }, { idempotencyKey: "durable-key" }));
    expect(reused.code).toBe("conflict");
  });

  it("refuses a site id that belongs to another host, as it refuses a wrong key", async () => {
    const response = await fetch(`${portal.url}/v1/auth/site/${SANDBOX_V1_SITE_ID}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}` },
    });
    expect(response.status).toBe(401);
    expect((await portal.server.store.getSite(SANDBOX_V1_SITE_ID))?.host.id).toBe("host_flip_v1");
  });

  it("marks every API answer that carries a household's data (or a token) as not cacheable", async () => {
    const a = await session(HOME_A);
    const answers = [
      await progress(a.id),
      await fetch(`${portal.url}/v1/meters/${SANDBOX.mpans.domestic}`, { headers: { Authorization: `Bearer ${a.id}` } }),
      await fetch(`${portal.url}/v1/auth/site/${HOME_A}`, { method: "POST", headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}` } }),
      await fetch(`${portal.url}/v1/meters/${SANDBOX.mpans.domestic}`),
    ];
    for (const answer of answers) expect(answer.headers.get("cache-control")).toBe("no-store");
  });
});
