/**
 * Signed-entry throughput: the portal's GET /embed (verify a v2 link, check the site token,
 * open a session, render the app page) against a bare node:http server answering a page of
 * the same size, in one run, both on 127.0.0.1. Figures only; nothing asserts on them.
 *
 * Nonce replay protection is switched OFF for the portal under test (replayProtection:
 * false), so one signed link can be requested thousands of times. Everything else (HMAC,
 * site token lookup, session insert into PGlite) runs as in production.
 *
 * Run: pnpm tsx apps/portal/bench/entry.bench.ts   (about 15 s; stops by itself)
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { signPortalUrl } from "@onflex/embed/server";
import { startPortal } from "../src/server/portal.server.js";
import {
  SANDBOX_DEMO_API_KEY,
  SANDBOX_DEMO_KEY_ID,
  SANDBOX_DEMO_SECRETS,
  SANDBOX_DEMO_SITE_ID,
  SANDBOX_HOST_ORIGINS,
} from "../src/server/sandbox-sites.js";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const INDEX_HTML = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Onflex portal</title><script type="module" crossorigin src="/assets/index.js"></script></head><body><div id="root"></div></body></html>`;

async function run(title: string, url: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  const non2xx = result.non2xx + result.errors;
  return { title, rps: result.requests.average, p99: result.latency.p99, non2xx, total: result.requests.total };
}

const web = await mkdtemp(join(tmpdir(), "onflex-bench-web-"));
await writeFile(join(web, "index.html"), INDEX_HTML);
const portal = await startPortal({ port: 0, inMemory: true, webRoot: web, replayProtection: false, logError: () => undefined });
let bare: ReturnType<typeof createServer> | undefined;
// A hard stop: the benchmark must never hang a CI step.
const watchdog = setTimeout(() => {
  console.error("benchmark: watchdog fired, stopping");
  process.exit(1);
}, (DURATION_S * 2 + 60) * 1000);
watchdog.unref();

try {
  const tokenResponse = await fetch(`${portal.url}/v1/auth/site/${SANDBOX_DEMO_SITE_ID}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}` },
  });
  const { site_access_token: token } = (await tokenResponse.json()) as { site_access_token: string };
  const signed = await signPortalUrl({
    baseUrl: `${portal.url}/embed`,
    siteId: SANDBOX_DEMO_SITE_ID,
    token,
    secret: SANDBOX_DEMO_SECRETS[SANDBOX_DEMO_KEY_ID],
    keyId: SANDBOX_DEMO_KEY_ID,
    hostOrigin: SANDBOX_HOST_ORIGINS[0],
    expiresInSeconds: 3600,
  });
  const sample = await fetch(signed);
  const page = await sample.text();
  if (sample.status !== 200) throw new Error(`the signed link did not verify: ${sample.status}`);

  // Same size as the portal's answer, so the comparison is about work, not bytes.
  const padded = page.length > INDEX_HTML.length ? INDEX_HTML.replace("</body>", `<!--${"x".repeat(page.length - INDEX_HTML.length - 7)}--></body>`) : INDEX_HTML;
  bare = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(padded);
  });
  await new Promise<void>((resolve) => bare!.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

  console.log(`portal entry benchmark: ${CONNECTIONS} connections, ${DURATION_S} s each, page ${page.length} bytes (bare ${padded.length})`);
  const baseline = await run("bare node:http page", bareUrl);
  const entry = await run("portal signed entry (v2, replay protection off)", signed);
  for (const r of [baseline, entry]) {
    console.log(`${r.title.padEnd(50)} ${r.rps.toFixed(0).padStart(7)} req/s   p99 ${String(r.p99).padStart(4)} ms   non-2xx/errors ${r.non2xx} of ${r.total}`);
  }
  console.log(`ratio (portal / bare): ${(entry.rps / baseline.rps).toFixed(3)} of the throughput`);
} finally {
  bare?.close();
  bare?.closeAllConnections();
  await portal.close();
  await rm(web, { recursive: true, force: true });
  clearTimeout(watchdog);
}
