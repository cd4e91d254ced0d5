import { SANDBOX } from "@onflex/core";
import { verifyPortalUrl } from "@onflex/embed/server";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import * as portalSandbox from "../../portal/src/server/sandbox-sites.js";
import { createDemoServer, HOUSEHOLD_COOKIE } from "../src/server/demo.server.js";
import { readDeviceHostConfig, readHostConfig, SANDBOX_DEVICE_HOST_CONFIG, SANDBOX_HOST_CONFIG, SANDBOX_VPP_HOST_CONFIG } from "../src/server/host.config.js";
import { householdSiteId } from "../src/server/portal-link.js";

const config = { ...SANDBOX_HOST_CONFIG, portalUrl: "http://portal.test" };

/** A stand-in for the portal's token endpoint that records what the host sent it. */
function fakePortal(answer: (c: { apiKey: string | undefined }) => Response) {
  const calls: { path: string; authorization: string | undefined }[] = [];
  const portal = new Hono();
  portal.post("/v1/auth/site/:siteId", (c) => {
    const authorization = c.req.header("authorization");
    calls.push({ path: c.req.path, authorization });
    return answer({ apiKey: authorization?.replace(/^Bearer /, "") });
  });
  const doFetch = ((input: RequestInfo | URL, init?: RequestInit) => portal.request(input instanceof Request ? input : String(input), init)) as typeof fetch;
  return { calls, fetch: doFetch };
}

const issuingPortal = () =>
  fakePortal(({ apiKey }) =>
    apiKey === config.apiKey
      ? Response.json({ site_access_token: "tok_household_1", expires_at: "2026-11-21T11:00:00Z" })
      : Response.json({ error: "bad key" }, { status: 401 }),
  );

const verifyOptions = { getSecret: ({ keyId }: { keyId?: string }) => (keyId === config.keyId ? config.secret : undefined) };

async function askForLink(server: Hono, origin = "http://127.0.0.1:5173", query = "", cookie?: string) {
  const response = await server.request(`${origin}/api/portal-url${query}`, cookie === undefined ? {} : { headers: { Cookie: cookie } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** The household cookie the demo host set, as a Cookie header value. */
function householdCookie(headers: Headers): string {
  const set = headers.get("set-cookie") ?? "";
  const value = new RegExp(`${HOUSEHOLD_COOKIE}=([^;]+)`).exec(set)?.[1];
  if (!value) throw new Error(`no household cookie in "${set}"`);
  return `${HOUSEHOLD_COOKIE}=${value}`;
}

describe("GET /api/portal-url", () => {
  it("exchanges the API key for a site token and signs a link the portal's verifier accepts", async () => {
    const portal = issuingPortal();
    const { status, headers, body } = await askForLink(createDemoServer({ config, fetch: portal.fetch }));

    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    const cookie = householdCookie(headers);
    const siteId = householdSiteId(config, cookie.split("=")[1]!);
    expect(siteId).toMatch(/^voltra-hh-[A-Za-z0-9_-]{22}$/);
    expect(portal.calls).toEqual([{ path: `/v1/auth/site/${siteId}`, authorization: `Bearer ${config.apiKey}` }]);
    expect(body.tokenExpiresAt).toBe("2026-11-21T11:00:00Z");
    const url = String(body.url);
    expect(url.startsWith("http://portal.test/embed?")).toBe(true);
    expect(url).not.toContain(config.secret);
    expect(url).not.toContain(config.apiKey);

    const verified = await verifyPortalUrl(url, verifyOptions);
    expect(verified).toMatchObject({
      ok: true,
      siteId,
      token: "tok_household_1",
      scheme: "v2",
      keyId: "k2026",
      hostOrigin: "http://127.0.0.1:5173",
      assetModel: SANDBOX.assetModels.qualified,
    });
  });

  it("gives each browser its own household, and the same one on every visit", async () => {
    const portal = issuingPortal();
    const server = createDemoServer({ config, fetch: portal.fetch });
    const first = await askForLink(server);
    const second = await askForLink(server);
    const setCookie = first.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/api/);
    const firstCookie = householdCookie(first.headers);
    expect(firstCookie).not.toBe(householdCookie(second.headers));

    const again = await askForLink(server, undefined, "", firstCookie);
    expect(again.headers.get("set-cookie")).toBeNull();
    const siteOf = async (body: Record<string, unknown>) => {
      const verified = await verifyPortalUrl(String(body.url), verifyOptions);
      if (!verified.ok) throw new Error(verified.reason);
      return verified.siteId;
    };
    expect(await siteOf(again.body)).toBe(await siteOf(first.body));
    expect(await siteOf(second.body)).not.toBe(await siteOf(first.body));
    // The link names the household's site, never the cookie that stands for it.
    expect(String(first.body.url)).not.toContain(firstCookie.split("=")[1]!);
  });

  it("replaces a household cookie that is not one the demo host made", async () => {
    const portal = issuingPortal();
    const { headers } = await askForLink(createDemoServer({ config, fetch: portal.fetch }), undefined, "", `${HOUSEHOLD_COOKIE}=../../etc`);
    expect(householdCookie(headers)).toMatch(new RegExp(`^${HOUSEHOLD_COOKIE}=[A-Za-z0-9_-]{22}$`));
  });

  it("signs the charger model from the host's own configuration, whatever the browser asks for", async () => {
    const portal = issuingPortal();
    const server = createDemoServer({ config: { ...config, assetModel: SANDBOX.assetModels.notQualified }, fetch: portal.fetch });
    const { body } = await askForLink(server, undefined, `?asset_model=${encodeURIComponent(SANDBOX.assetModels.qualified)}`);
    expect(await verifyPortalUrl(String(body.url), verifyOptions)).toMatchObject({ ok: true, assetModel: SANDBOX.assetModels.notQualified });
  });

  it("signs no charger model when the host has none, leaving the portal to use the site's default", async () => {
    const portal = issuingPortal();
    const { body } = await askForLink(createDemoServer({ config: { ...config, assetModel: null }, fetch: portal.fetch }));
    const url = String(body.url);
    expect(new URL(url).searchParams.has("asset_model")).toBe(false);
    const verified = await verifyPortalUrl(url, verifyOptions);
    expect(verified.ok).toBe(true);
    expect(verified).not.toHaveProperty("assetModel");
  });

  it("names the origin the page was loaded from, localhost included", async () => {
    const portal = issuingPortal();
    const { body } = await askForLink(createDemoServer({ config, fetch: portal.fetch }), "http://localhost:5173");
    expect(new URL(String(body.url)).searchParams.get("host_origin")).toBe("http://localhost:5173");
  });

  it("refuses to sign for an origin the host is not registered for", async () => {
    const portal = issuingPortal();
    const { status, body } = await askForLink(createDemoServer({ config, fetch: portal.fetch }), "http://evil.test");
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/not one the demo host is registered for/);
    expect(portal.calls).toHaveLength(0);
  });

  it("explains a portal that is not running instead of failing blankly", async () => {
    const unreachable = (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    const { status, body } = await askForLink(createDemoServer({ config, fetch: unreachable }));
    expect(status).toBe(502);
    expect(JSON.stringify(body)).toMatch(/did not answer\. Is it running/);
  });

  it("reports a refused API key and a token-less answer as upstream errors", async () => {
    const refusing = createDemoServer({ config: { ...config, apiKey: "wrong" }, fetch: issuingPortal().fetch });
    const refused = await askForLink(refusing);
    expect(refused.status).toBe(502);
    expect(JSON.stringify(refused.body)).toMatch(/HTTP 401/);

    const empty = fakePortal(() => Response.json({}));
    const tokenless = await askForLink(createDemoServer({ config, fetch: empty.fetch }));
    expect(tokenless.status).toBe(502);
    expect(JSON.stringify(tokenless.body)).toMatch(/without a site token/);
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const response = await createDemoServer({ config }).request("http://127.0.0.1:5173/api/nope");
    expect(response.status).toBe(404);
  });
});

describe("host configuration", () => {
  it("defaults to the portal's sandbox host, so one command works on a fresh clone", () => {
    expect(SANDBOX_HOST_CONFIG.apiKey).toBe(portalSandbox.SANDBOX_DEMO_API_KEY);
    expect(SANDBOX_HOST_CONFIG.keyId).toBe(portalSandbox.SANDBOX_DEMO_KEY_ID);
    expect(SANDBOX_HOST_CONFIG.secret).toBe(portalSandbox.SANDBOX_DEMO_SECRETS[portalSandbox.SANDBOX_DEMO_KEY_ID]);
    expect([...SANDBOX_HOST_CONFIG.hostOrigins]).toEqual([...portalSandbox.SANDBOX_HOST_ORIGINS]);
    expect(SANDBOX_DEVICE_HOST_CONFIG).toMatchObject({
      apiKey: portalSandbox.SANDBOX_DEVICE_API_KEY,
      keyId: portalSandbox.SANDBOX_DEVICE_KEY_ID,
      secret: portalSandbox.SANDBOX_DEVICE_SECRET,
    });
    expect(SANDBOX_VPP_HOST_CONFIG).toMatchObject({
      apiKey: portalSandbox.SANDBOX_VPP_API_KEY,
      keyId: portalSandbox.SANDBOX_VPP_KEY_ID,
      secret: portalSandbox.SANDBOX_VPP_SECRET,
    });
    expect(SANDBOX_HOST_CONFIG.assetModel).toBe(SANDBOX.assetModels.qualified);
  });

  it("reads the charger model from ONFLEX_ASSET_MODEL, an empty value meaning none", () => {
    expect(readHostConfig({}).assetModel).toBe(SANDBOX.assetModels.qualified);
    expect(readHostConfig({ ONFLEX_ASSET_MODEL: SANDBOX.assetModels.notQualified }).assetModel).toBe(SANDBOX.assetModels.notQualified);
    expect(readHostConfig({ ONFLEX_ASSET_MODEL: "" }).assetModel).toBeNull();
  });

  it("lets a real host override every credential from its environment", () => {
    const read = readHostConfig({
      ONFLEX_PORTAL_URL: "https://portal.example.com/",
      ONFLEX_SITE_PREFIX: "x-",
      ONFLEX_SITE_API_KEY: "key_x",
      ONFLEX_SIGNING_KEY_ID: "k1",
      ONFLEX_SIGNING_SECRET: "s1",
      ONFLEX_HOST_ORIGINS: "https://a.example, https://b.example",
    });
    expect(read).toMatchObject({
      portalUrl: "https://portal.example.com",
      sitePrefix: "x-",
      apiKey: "key_x",
      keyId: "k1",
      secret: "s1",
      hostOrigins: ["https://a.example", "https://b.example"],
    });
  });

  it("product=device signs for the device host, with its own key, secret and household site; another product is a 400", async () => {
    const deviceConfig = readDeviceHostConfig(config);
    const portal = fakePortal(({ apiKey }) =>
      apiKey === deviceConfig.apiKey ? Response.json({ site_access_token: "tok_gridwise" }) : Response.json({ error: "bad key" }, { status: 401 }),
    );
    const server = createDemoServer({ config, deviceConfig, fetch: portal.fetch });
    const { status, headers, body } = await askForLink(server, undefined, "?product=device");
    expect(status).toBe(200);
    const siteId = householdSiteId(deviceConfig, householdCookie(headers).split("=")[1]!);
    expect(siteId).toMatch(/^gridwise-hh-/);
    expect(portal.calls).toEqual([{ path: `/v1/auth/site/${siteId}`, authorization: `Bearer ${deviceConfig.apiKey}` }]);
    const verified = await verifyPortalUrl(String(body.url), { getSecret: ({ keyId }) => (keyId === deviceConfig.keyId ? deviceConfig.secret : undefined) });
    expect(verified).toMatchObject({ ok: true, siteId, keyId: "g2026", token: "tok_gridwise" });
    expect(verified).not.toHaveProperty("assetModel");

    for (const query of ["?product=solar", "?product=constructor", "?product="]) {
      const refused = await askForLink(server, undefined, query);
      expect(refused.status, query).toBe(400);
      expect(refused.body).toMatchObject({ error: { message: expect.stringContaining("no such product") } });
    }
    // Without a device host configured, product=device is refused the same way.
    expect((await askForLink(createDemoServer({ config, fetch: portal.fetch }), undefined, "?product=device")).status).toBe(400);
  });
});
