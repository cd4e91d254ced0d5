import { request as httpRequest } from "node:http";
import { SANDBOX } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_SITE_ID } from "../src/server/sandbox-sites.js";
import { readBoot, rejectionOf, startTestPortal, type TestPortal } from "./portal.fixture.js";

// What an attacker (or a careless client) sends: huge bodies, wrong keys in a loop, text
// Postgres cannot hold, nesting that blows a stack, link previewers. Each must cost little
// and answer a 4xx with a reason, and the log must stay free of anything about a household.

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.dispose());

const MB = 1024 * 1024;

/** Sends headers and `sent` bytes of a body that claims (or streams) far more, and resolves with the answer. */
function partialUpload(options: { path: string; headers: Record<string, string>; chunk: Buffer; chunks: number; delayMs: number }) {
  return new Promise<{ status: number; bytesSent: number; body: string }>((resolve, reject) => {
    const url = new URL(options.path, portal.url);
    let bytesSent = 0;
    let answered = false;
    const req = httpRequest(url, { method: "PUT", headers: options.headers }, (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (body += part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytesSent, body }));
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    let sent = 0;
    const pump = () => {
      if (answered || sent >= options.chunks || req.destroyed) return;
      sent++;
      bytesSent += options.chunk.length;
      req.write(options.chunk, () => setTimeout(pump, options.delayMs));
    };
    pump();
  });
}

describe("request bodies are bounded before they are read", () => {
  it("refuses a 50 MB body by its Content-Length, answering before the body is sent", async () => {
    const { sessionId } = await portal.openSession();
    const started = Date.now();
    const answer = await partialUpload({
      path: "/v1/session/progress",
      headers: { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json", "Content-Length": String(50 * MB) },
      chunk: Buffer.alloc(16 * 1024, 0x20),
      chunks: 1,
      delayMs: 0,
    });
    expect(answer.status).toBe(413);
    // Only 16 kB of the 50 MB ever left the client: the server answered without waiting for the rest.
    expect(answer.bytesSent).toBe(16 * 1024);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "validation", details: { reason: "body_too_large" } } });
  });

  it("stops reading a streamed (chunked) body at the limit", async () => {
    const { sessionId } = await portal.openSession();
    const answer = await partialUpload({
      path: "/v1/session/progress",
      headers: { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      chunk: Buffer.alloc(64 * 1024, 0x20),
      chunks: 800, // 50 MB if it were all sent
      delayMs: 2,
    });
    expect(answer.status).toBe(413);
    expect(answer.bytesSent).toBeLessThan(10 * MB);
  });

  it("refuses an oversized body on a route that takes none, and on an unknown one", async () => {
    for (const path of ["/healthz", "/nowhere", "/v1/nowhere"]) {
      const response = await fetch(`${portal.url}${path}`, { method: "POST", body: "x".repeat(300 * 1024) });
      expect(response.status, path).toBe(413);
    }
  });
});

describe("rate limits", () => {
  it("answers the 11th rapid wrong API key with 429 and Retry-After, and then refuses even the right key from that client", async () => {
    const limited = await startTestPortal();
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 11; i++) {
        const response = await fetch(`${limited.url}/v1/auth/site/${SANDBOX_DEMO_SITE_ID}`, { method: "POST", headers: { Authorization: `Bearer wrong-key-${i}` } });
        statuses.push(response.status);
        retryAfter = response.headers.get("retry-after");
        await response.arrayBuffer();
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses[10]).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      const right = await fetch(`${limited.url}/v1/auth/site/${SANDBOX_DEMO_SITE_ID}`, { method: "POST", headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}` } });
      expect(right.status).toBe(429);
      // The lockout ends as the bucket refills (one try per 6 s by default).
      limited.advance(7_000);
      expect((await fetch(`${limited.url}/v1/auth/site/${SANDBOX_DEMO_SITE_ID}`, { method: "POST", headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}` } })).status).toBe(200);
    } finally {
      await limited.dispose();
    }
  });

  it("limits the API per session and the signed entry per client, with Retry-After", async () => {
    const limited = await startTestPortal({ rateLimits: { apiPerSession: { burst: 5, perSecond: 0.5 }, entryPerClient: { burst: 3, perSecond: 0.5 } } });
    try {
      const { sessionId } = await limited.openSession();
      const other = (await limited.openSession()).sessionId;
      const call = (id: string) => fetch(`${limited.url}/v1/meters/${SANDBOX.mpans.domestic}`, { headers: { Authorization: `Bearer ${id}` } });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await call(sessionId)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const limitedAnswer = await call(sessionId);
      expect(Number(limitedAnswer.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(((await limitedAnswer.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      // Another session has its own budget.
      expect((await call(other)).status).toBe(200);

      // Two entries opened the sessions above; the third is the last of the burst.
      expect((await fetch(await limited.signedV2())).status).toBe(200);
      const entry = await fetch(await limited.signedV2());
      expect(entry.status).toBe(429);
      expect(Number(entry.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(rejectionOf(await entry.text())).toBe("rate_limited");
    } finally {
      await limited.dispose();
    }
  });
});

describe("text storage cannot hold, and nesting that would blow a stack", () => {
  const badSiteIds = ["a%00b", "%ED%A0%80", "%C0%80", "x%FF"];

  it.each(badSiteIds)("refuses the site id %s at the token endpoint with 400 and a reason", async (siteId) => {
    const response = await fetch(`${portal.url}/v1/auth/site/${siteId}`, { method: "POST", headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}` } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { reason: string } } };
    expect(body.error.code).toBe("validation");
    expect(body.error.details.reason).toMatch(/^[a-z0-9_]+$/);
  });

  it("refuses NUL, lone surrogates and bad encoding in a link with 400", async () => {
    const signed = new URL(await portal.signedV2());
    for (const edit of ["site_id=a%00b", "site_id=%ED%A0%80", "token=%00", "nonce=%F0%28%8C%28", "x=%00"]) {
      const [name, value] = edit.split("=") as [string, string];
      const url = `${signed.origin}${signed.pathname}?${signed.search.slice(1).replace(new RegExp(`(^|&)${name}=[^&]*`), "")}&${name}=${value}`;
      const response = await fetch(url);
      expect(response.status, edit).toBe(400);
      expect(rejectionOf(await response.text())).toBe("malformed_parameter");
    }
  });

  it("refuses NUL and lone surrogates in URLs and JSON bodies of the API with 400, and 20,000-deep JSON too", async () => {
    const { sessionId } = await portal.openSession();
    const auth = { Authorization: `Bearer ${sessionId}` };
    const json = { ...auth, "Content-Type": "application/json" };
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const answers = [
      await fetch(`${portal.url}/v1/meters/%00`, { headers: auth }),
      await fetch(`${portal.url}/v1/addresses?postcode=SW1A%00`, { headers: auth }),
      await fetch(`${portal.url}/v1/propositions/%ED%A0%80/terms`, { headers: auth }),
      await fetch(`${portal.url}/v1/session/progress`, { method: "PUT", headers: json, body: '{"snapshot":{"name":"a\\u0000b"}}' }),
      await fetch(`${portal.url}/v1/session/progress`, { method: "PUT", headers: json, body: '{"snapshot":{"name":"\\ud800"}}' }),
      await fetch(`${portal.url}/v1/session/progress`, { method: "PUT", headers: json, body: '{"snapshot":{"\\udc00":1}}' }),
      await fetch(`${portal.url}/v1/session/progress`, { method: "PUT", headers: json, body: `{"snapshot":${deep}}` }),
      await fetch(`${portal.url}/v1/consents`, { method: "POST", headers: json, body: JSON.stringify({ mpan: "\u0000", proposition: "x", termsVersion: "1", givenAt: "x" }) }),
      await fetch(`${portal.url}/v1/eligibility/check`, { method: "POST", headers: json, body: `{"mpan":${deep}}` }),
      await fetch(`${portal.url}/v1/session/progress`, { method: "PUT", headers: json, body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }),
    ];
    for (const [index, answer] of answers.entries()) {
      expect(answer.status, `answer ${index}`).toBe(400);
      const body = (await answer.json()) as { error: { code: string; details: { reason?: string } } };
      expect(body.error.code).toBe("validation");
      expect(body.error.details.reason, `answer ${index}`).toMatch(/^[a-z0-9_]+$/);
    }
    // Nothing was stored for the household.
    const saved = await portal.server.store.loadProgress(SANDBOX_DEMO_SITE_ID);
    expect(JSON.stringify(saved?.snapshot ?? null)).not.toMatch(/\\u0000|\\ud800/);
  });

  it("refuses an Idempotency-Key that is not visible ASCII", async () => {
    const { sessionId } = await portal.openSession();
    const response = await fetch(`${portal.url}/v1/consents`, {
      method: "POST",
      headers: { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json", "Idempotency-Key": "x".repeat(201) },
      body: "{}",
    });
    expect(response.status).toBe(400);
  });
});

describe("the log", () => {
  it("holds one line per request with id, route pattern, status and time, and never a body, token, site id or stack", async () => {
    const logged = await startTestPortal();
    try {
      const token = await logged.siteToken("household-secret-123");
      const boot = readBoot(await (await fetch(await logged.signedV2({ siteId: "household-secret-123", token }))).text());
      const auth = { Authorization: `Bearer ${boot.sessionId}`, "Content-Type": "application/json" };
      await fetch(`${logged.url}/v1/session/progress`, { method: "PUT", headers: auth, body: '{"snapshot":{"address":"1 Private Road"}}' });
      await fetch(`${logged.url}/v1/session/progress`, { method: "PUT", headers: auth, body: '{"snapshot":"a\\u0000b"}' });
      await fetch(`${logged.url}/v1/meters/${SANDBOX.mpans.domestic}`, { headers: auth });
      await fetch(`${logged.url}/v1/auth/site/a%00b`, { method: "POST" });
      const requests = logged.logs.filter((line) => line.kind === "request");
      expect(requests.length).toBeGreaterThanOrEqual(6);
      for (const line of requests) {
        expect(Object.keys(line).sort()).toEqual(expect.arrayContaining(["id", "method", "ms", "route", "status"]));
      }
      expect(requests.map((line) => line.kind === "request" && line.route)).toEqual(
        expect.arrayContaining(["/v1/auth/site/:siteId", "/embed", "/v1/session/progress", "GET /v1/meters/{mpan}"]),
      );
      const text = JSON.stringify(logged.logs);
      for (const secret of ["household-secret-123", token, boot.sessionId, "Private Road", SANDBOX.mpans.domestic, SANDBOX_DEMO_API_KEY, "\\u0000", "at "]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await logged.dispose();
    }
  });
});

describe("only GET redeems a link", () => {
  it("answers HEAD without spending the nonce or opening a session", async () => {
    const url = await portal.signedV2();
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("cache-control")).toBe("no-store");
    const get = await fetch(url);
    expect(get.status).toBe(200);
    expect(readBoot(await get.text()).sessionId).toMatch(/^oss_/);
    // And GET still spends it.
    expect((await fetch(url)).status).toBe(410);
  });
});

describe("names of Object.prototype members are not keys of the portal's own tables", () => {
  it.each(["x.__proto__", "x.constructor", "x.toString", "__proto__", "constructor"])("serves no asset named %s", async (file) => {
    const response = await fetch(`${portal.url}/assets/${file}`);
    expect(response.status).toBe(404);
  });
});
