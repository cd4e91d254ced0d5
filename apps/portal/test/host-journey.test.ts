import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalServer } from "../src/server/portal.server.js";
import {
  SANDBOX_DEMO_HOST,
  SANDBOX_DEVICE_API_KEY,
  SANDBOX_DEVICE_KEY_ID,
  SANDBOX_DEVICE_SECRET,
  SANDBOX_DEVICE_SITE_ID,
} from "../src/server/sandbox-sites.js";
import { JOURNEY_NAME_PATTERN } from "../src/server/site.types.js";
import { readBoot, startTestPortal, type TestPortal } from "./portal.fixture.js";

// A host registers the journey its portal runs (a preset's name); the page learns it from the
// boot data. Hosts that register none keep the proposition's journey.

describe("portal: the journey a host registers", () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => {
    await portal?.dispose();
  });

  it("a device host's household boots with its journey; the demo host's with none", async () => {
    const token = await portal.siteToken(SANDBOX_DEVICE_SITE_ID, SANDBOX_DEVICE_API_KEY);
    const url = await portal.signedV2({ siteId: SANDBOX_DEVICE_SITE_ID, token, secret: SANDBOX_DEVICE_SECRET, keyId: SANDBOX_DEVICE_KEY_ID });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(readBoot(await response.text())).toMatchObject({ journey: "krakenSmartFlex", site: { id: SANDBOX_DEVICE_SITE_ID, name: "Gridwise Energy (sandbox)" } });
    expect((await portal.openSession()).journey).toBeNull();
  });

  it("a journey name is a preset's identifier, and a host registered with anything else does not start", async () => {
    for (const journey of ["krakenSmartFlex", "flipEnrollment", "a1"]) expect(JOURNEY_NAME_PATTERN.test(journey), journey).toBe(true);
    for (const journey of ["", "Kraken", "kraken-smart-flex", "a".repeat(65), "x;DROP TABLE hosts", "constructor\u0000"]) {
      expect(JOURNEY_NAME_PATTERN.test(journey), journey).toBe(false);
    }
    await expect(createPortalServer({ inMemory: true, hosts: [{ ...SANDBOX_DEMO_HOST, journey: "kraken-smart-flex" }] })).rejects.toThrow(/journey must be a preset's name/);
  });
});

// The first screen comes in the page's HTML for a household that has no saved journey and a
// journey that opens on it, so its Postcode field paints (and takes typing) with the page.
describe("portal: the first screen in the page", () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => {
    await portal?.dispose();
  });

  const rootOf = (html: string) => /<div id="root">([\s\S]*)<\/div>\s*<\/body>/.exec(html)?.[1] ?? "";

  it("is in the page of a household with nothing saved, and leaves when it has a saved journey", async () => {
    const freshPage = await fetch(await portal.signedV2());
    const fresh = rootOf(await freshPage.text());
    expect(fresh).toContain("data-onflex-prerendered");
    // Its one inline script (which keeps a press of Find address from the first paint) is
    // allowed by its hash, and nothing else inline is.
    const scripts = [...fresh.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(scripts).toHaveLength(1);
    const scriptSrc = /script-src ([^;]*)/.exec(freshPage.headers.get("content-security-policy") ?? "")?.[1];
    expect(scriptSrc).toBe(`'self' 'sha256-${createHash("sha256").update(scripts[0]!).digest("base64")}'`);
    const id = /<input[^>]*\bid="([^"]+)"[^>]*name="postcode"/.exec(fresh)?.[1];
    expect(id, "a postcode field with an id").toBeTruthy();
    expect(fresh).toMatch(new RegExp(`<label[^>]*for="${id}"[^>]*>Postcode</label>`));
    // With no script yet, Enter in the field must not send the page anywhere.
    expect(fresh).toMatch(/<form[^>]*method="dialog"/);
    expect(fresh).toContain("Voltra Home");

    const boot = await portal.openSession();
    const saved = await fetch(`${portal.url}/v1/session/progress`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${boot.sessionId}`, "Content-Type": "application/json" },
      body: JSON.stringify({ snapshot: { format: 2 } }),
    });
    expect(saved.status).toBe(200);
    const resumed = await fetch(await portal.signedV2());
    expect(rootOf(await resumed.text())).toBe("");
    expect(resumed.headers.get("content-security-policy")).toContain("script-src 'self';");

    const cleared = await fetch(`${portal.url}/v1/session/progress`, { method: "DELETE", headers: { Authorization: `Bearer ${boot.sessionId}` } });
    expect(cleared.status).toBe(204);
    expect(rootOf(await (await fetch(await portal.signedV2())).text())).toContain("data-onflex-prerendered");
  });

  it("is not in the page of a host whose journey opens on another step", async () => {
    const token = await portal.siteToken(SANDBOX_DEVICE_SITE_ID, SANDBOX_DEVICE_API_KEY);
    const url = await portal.signedV2({ siteId: SANDBOX_DEVICE_SITE_ID, token, secret: SANDBOX_DEVICE_SECRET, keyId: SANDBOX_DEVICE_KEY_ID });
    const html = await (await fetch(url)).text();
    expect(readBoot(html).journey).toBe("krakenSmartFlex");
    expect(rootOf(html)).toBe("");
  });
});
