import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPortal, type RunningPortal } from "../../portal/src/server/portal.server.js";
import { createDemoServer, HOUSEHOLD_COOKIE } from "../src/server/demo.server.js";
import { SANDBOX_HOST_CONFIG } from "../src/server/host.config.js";

// The demo host against a real portal: each browser (cookie jar) is its own household, so a
// second visitor never lands on the first visitor's journey.

const INDEX_HTML = `<!doctype html><html lang="en"><head><title>Portal</title></head><body></body></html>`;

let portal: RunningPortal;
let webRoot: string;
beforeAll(async () => {
  const { mkdtemp, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  webRoot = await mkdtemp(join(tmpdir(), "onflex-demo-web-"));
  await writeFile(join(webRoot, "index.html"), INDEX_HTML);
  portal = await startPortal({ port: 0, inMemory: true, webRoot, log: () => undefined });
}, 60_000);
afterAll(async () => {
  await portal?.close();
  const { rm } = await import("node:fs/promises");
  await rm(webRoot, { recursive: true, force: true });
});

/** A browser: keeps the demo host's cookie and opens the portal links it is given. */
function browser() {
  const demo = createDemoServer({ config: { ...SANDBOX_HOST_CONFIG, portalUrl: portal.url } });
  let cookie: string | undefined;
  return {
    async openPortal(): Promise<{ siteId: string; sessionId: string }> {
      const response = await demo.request("http://127.0.0.1:5173/api/portal-url", cookie ? { headers: { Cookie: cookie } } : {});
      expect(response.status).toBe(200);
      const set = response.headers.get("set-cookie");
      const value = set ? new RegExp(`${HOUSEHOLD_COOKIE}=([^;]+)`).exec(set)?.[1] : undefined;
      if (value) cookie = `${HOUSEHOLD_COOKIE}=${value}`;
      const { url } = (await response.json()) as { url: string };
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const boot = JSON.parse(/<script type="application\/json" id="onflex-boot">([^<]*)<\/script>/.exec(await page.text())![1]!) as {
        sessionId: string;
        site: { id: string };
      };
      return { siteId: boot.site.id, sessionId: boot.sessionId };
    },
  };
}

const progress = (sessionId: string, snapshot?: unknown) =>
  fetch(`${portal.url}/v1/session/progress`, {
    method: snapshot === undefined ? "GET" : "PUT",
    headers: { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json" },
    ...(snapshot === undefined ? {} : { body: JSON.stringify({ snapshot }) }),
  });

describe("the demo's households at a real portal", () => {
  it("gives two browsers two households, and one browser the same household on every visit", async () => {
    const first = browser();
    const second = browser();
    const a = await first.openPortal();
    const b = await second.openPortal();
    expect(a.siteId).not.toBe(b.siteId);

    const snapshot = { step: "consent", context: { address: "1 First Visitor Road" } };
    expect((await progress(a.sessionId, snapshot)).status).toBe(200);
    expect(((await (await progress(b.sessionId)).json()) as { snapshot: unknown }).snapshot).toBeNull();

    const again = await first.openPortal();
    expect(again.siteId).toBe(a.siteId);
    expect(((await (await progress(again.sessionId)).json()) as { snapshot: unknown }).snapshot).toEqual(snapshot);
  });
});
