import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpApi, SANDBOX_PROGRAM_IDS, SANDBOX_PROGRAMS, SANDBOX_ZIP_CODES } from "@onflex/core";
import { verifyWebhook } from "@onflex/embed/server";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LogLine } from "../src/server/log.js";
import { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_WEBHOOK_SECRET, SANDBOX_V1_API_KEY } from "../src/server/sandbox-sites.js";
import { DEFAULT_RETRY_SCHEDULE_MS } from "../src/server/webhooks/webhook.sender.js";
import { checkWebhookUrl } from "../src/server/webhooks/webhook.url.js";
import fc from "fast-check";
import { findPostgresBin, startTempPostgres } from "./pg.js";
import { startTestPortal, tempDir, type TestPortal } from "./portal.fixture.js";

// Signed webhooks from the portal to a host's endpoint (Standard Webhooks): registration with
// the host's API key, an outbox written with the change it reports, delivery with retries,
// and nothing lost or sent twice across a restart. A local receiver on 127.0.0.1 stands in for
// the host; every message it gets is checked with our verifyWebhook AND the reference library.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A host's endpoint: records every request and answers each with the next planned status (200 once they run out). */
async function startReceiver() {
  const received: Received[] = [];
  const plan: Array<number | "hang"> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const next = plan.shift() ?? 200;
      if (next === "hang") return;
      res.writeHead(next, next === 302 ? { Location: "http://127.0.0.1:9/elsewhere" } : {});
      // A large answer: the portal must not read it.
      res.end("x".repeat(next === 500 ? 1_000_000 : 2));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/onflex`,
    received,
    plan,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 8_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function hostRequest(portal: TestPortal, method: string, path: string, body?: unknown, apiKey = SANDBOX_DEMO_API_KEY) {
  return fetch(`${portal.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface EndpointAnswer {
  url: string | null;
  secret: string | null;
  previous_secret_expires_at: string | null;
  event_types: string[];
}

async function register(portal: TestPortal, url: string | null, apiKey = SANDBOX_DEMO_API_KEY): Promise<EndpointAnswer> {
  const response = await hostRequest(portal, "PUT", "/v1/webhooks/endpoint", { url }, apiKey);
  expect(response.status).toBe(200);
  return (await response.json()) as EndpointAnswer;
}

interface MessageAnswer {
  id: string;
  type: string;
  status: string;
  attempts: number;
  last_response_status: number | null;
  last_error: string | null;
}

async function messages(portal: TestPortal, query = "", apiKey = SANDBOX_DEMO_API_KEY): Promise<MessageAnswer[]> {
  const response = await hostRequest(portal, "GET", `/v1/webhooks/messages${query}`, undefined, apiKey);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: MessageAnswer[] }).messages;
}

const BATTERY_TERMS = SANDBOX_PROGRAMS.find((p) => p.program.id === SANDBOX_PROGRAM_IDS.batteryPeak)?.program.terms_and_conditions_version ?? "";

/** Commissions a household with a battery and the homeowner's agreement: an auto-enrolment. */
async function autoEnrol(portal: TestPortal, siteId: string, agreed = true): Promise<Response> {
  return fetch(`${portal.url}/v1/commission`, {
    method: "POST",
    headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      site: { id: siteId, first_name: "Ada", last_name: "Okafor", email: "ada@example.com", state_code: "NM", city: "Roswell", zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat, street_address: "12 Mesa Road" },
      devices: [{ id: "bat-1", type: "BATTERY", manufacturer_name: "Voltra", product_name: "HomeCell 10", serial_number: "SN-bat-1" }],
      enrollment: {
        has_agreed_to_terms_and_conditions: agreed,
        terms_and_conditions_version: BATTERY_TERMS,
        program_specific_attributes: [{ name: "utility_account_number", value: "1234567890" }],
      },
    }),
  });
}

/** Checks one received request with both verifiers and returns its payload. */
async function verified(message: Received, secret: string): Promise<{ id: string; payload: { type: string; timestamp: string; data: Record<string, unknown> } }> {
  const ours = await verifyWebhook<Record<string, unknown>>({ secret, headers: message.headers, body: message.body });
  if (!ours.ok) throw new Error(`verifyWebhook refused: ${ours.reason}`);
  const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, String(message.headers[name])]));
  expect(new Webhook(secret).verify(message.body, headers)).toEqual(ours.payload);
  return { id: ours.id, payload: ours.payload };
}

/** The outbox rows, read from storage (waiting through the API would spend the host's rate limit). */
async function outbox(portal: TestPortal, status?: string): Promise<MessageAnswer[]> {
  const found = await portal.server.db.query<MessageAnswer>(
    "SELECT id, type, status, attempts, last_response_status, last_error FROM webhook_outbox WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id",
    [status ?? null],
  );
  return found.rows;
}

const webhookLines = (logs: LogLine[]) => logs.filter((line): line is Extract<LogLine, { kind: "webhook" }> => line.kind === "webhook");

const FAST = { pollIntervalMs: 10, retryScheduleMs: [30, 30, 30], jitter: 0 };

describe("registering an endpoint", () => {
  let portal: TestPortal;
  beforeAll(async () => {
    // The per-host limit raised for the property below; the default is README's.
    portal = await startTestPortal({ webhooks: { deliver: false, perHostLimit: { burst: 1e9, perSecond: 1e9 } } });
  });
  afterAll(() => portal.dispose());

  it("gives the host a whsec_ secret with its first URL, keeps it on a change of URL, and rotates it on request", async () => {
    const first = await register(portal, "https://hooks.voltra.example/onflex", SANDBOX_V1_API_KEY);
    expect(first).toMatchObject({ url: "https://hooks.voltra.example/onflex", previous_secret_expires_at: null });
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(first.event_types).toEqual(expect.arrayContaining(["enrollment.created", "enrollment.cancelled", "enrollment.status_changed", "enrollment.unenrolled", "event.opted_out", "event.updated"]));
    const moved = await register(portal, "https://hooks.voltra.example/v2", SANDBOX_V1_API_KEY);
    expect(moved).toMatchObject({ url: "https://hooks.voltra.example/v2", secret: first.secret });

    const rotated = (await (await hostRequest(portal, "POST", "/v1/webhooks/endpoint/rotate-secret", undefined, SANDBOX_V1_API_KEY)).json()) as EndpointAnswer;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(first.secret);
    expect(new Date(rotated.previous_secret_expires_at ?? 0).getTime()).toBeGreaterThan(portal.now().getTime() + 23 * 3_600_000);
    const read = (await (await hostRequest(portal, "GET", "/v1/webhooks/endpoint", undefined, SANDBOX_V1_API_KEY)).json()) as EndpointAnswer;
    expect(read).toMatchObject({ url: "https://hooks.voltra.example/v2", secret: rotated.secret });

    expect(await register(portal, null, SANDBOX_V1_API_KEY)).toMatchObject({ url: null, secret: rotated.secret });
  });

  it("seeds the sandbox demo host with its published secret and no URL", async () => {
    const read = (await (await hostRequest(portal, "GET", "/v1/webhooks/endpoint")).json()) as EndpointAnswer;
    expect(read).toMatchObject({ url: null, secret: SANDBOX_DEMO_WEBHOOK_SECRET });
  });

  it("refuses URLs that are not https (http only to loopback here), carry credentials or a fragment, or are not URLs", async () => {
    const cases: Array<[unknown, string]> = [
      ["http://hooks.voltra.example/onflex", "webhook_url_not_https"],
      ["ftp://hooks.voltra.example/onflex", "webhook_url_not_https"],
      ["javascript:alert(1)", "malformed_webhook_url"],
      ["https://user:pass@hooks.voltra.example/", "malformed_webhook_url"],
      ["https://hooks.voltra.example/#frag", "malformed_webhook_url"],
      ["/relative/path", "malformed_webhook_url"],
      [`https://hooks.voltra.example/${"a".repeat(2048)}`, "malformed_webhook_url"],
      [42, "malformed_webhook_url"],
      ["", "malformed_webhook_url"],
    ];
    for (const [url, reason] of cases) {
      const response = await hostRequest(portal, "PUT", "/v1/webhooks/endpoint", { url });
      expect(response.status, String(url)).toBe(400);
      expect(((await response.json()) as { error: { details: { reason: string } } }).error.details.reason, String(url)).toBe(reason);
    }
    const noUrl = await hostRequest(portal, "PUT", "/v1/webhooks/endpoint", { endpoint: "https://x.example" });
    expect(noUrl.status).toBe(400);
    const notJson = await fetch(`${portal.url}/v1/webhooks/endpoint`, { method: "PUT", headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "text/plain" }, body: "url" });
    expect(notJson.status).toBe(415);
    const broken = await fetch(`${portal.url}/v1/webhooks/endpoint`, { method: "PUT", headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "application/json" }, body: "{" });
    expect(broken.status).toBe(400);
    // Nothing was stored by any of them.
    expect(((await (await hostRequest(portal, "GET", "/v1/webhooks/endpoint")).json()) as EndpointAnswer).url).toBeNull();
  });

  it("answers any body with a 4xx or a 200, never a 5xx, and stores only URLs it accepts", async () => {
    const url = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.constantFrom("https://ok.voltra.example/", "http://127.0.0.1:1/x", "https://\u0000.example/", "https://a.example/\ud800", "file:///etc/passwd", "https://[::1", "HTTPS://UPPER.EXAMPLE/", "https://exa mple.com/"),
      fc.jsonValue(),
    );
    const body = fc.oneof(url.map((u) => JSON.stringify({ url: u })), fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 80 }));
    const type = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "");
    await fc.assert(
      fc.asyncProperty(body, type, async (text, contentType) => {
        const response = await fetch(`${portal.url}/v1/webhooks/endpoint`, { method: "PUT", headers: { Authorization: `Bearer ${SANDBOX_V1_API_KEY}`, "Content-Type": contentType }, body: text });
        expect(response.status === 200 || (response.status >= 400 && response.status < 500), `${response.status} for ${text}`).toBe(true);
        const stored = ((await response.json()) as Partial<EndpointAnswer>).url;
        if (response.status === 200 && stored !== null) expect(checkWebhookUrl(stored, { allowLoopbackHttp: true }).ok).toBe(true);
      }),
      { numRuns: 150 },
    );
    await register(portal, null, SANDBOX_V1_API_KEY);
  });

  it("answers 401 without the host's API key, and keeps each host's messages to itself", async () => {
    for (const [method, path] of [["GET", "/v1/webhooks/endpoint"], ["PUT", "/v1/webhooks/endpoint"], ["POST", "/v1/webhooks/endpoint/rotate-secret"], ["GET", "/v1/webhooks/messages"]] as const) {
      const response = await hostRequest(portal, method, path, method === "PUT" ? { url: "https://x.example" } : undefined, "not-a-key");
      expect(response.status, `${method} ${path}`).toBe(401);
    }
    await register(portal, "https://hooks.voltra.example/onflex");
    expect((await autoEnrol(portal, "wh-scope-1")).status).toBe(200);
    const mine = await messages(portal);
    expect(mine.map((m) => m.type)).toEqual(["enrollment.created"]);
    expect(await messages(portal, "", SANDBOX_V1_API_KEY)).toEqual([]);
    const other = await hostRequest(portal, "POST", `/v1/webhooks/messages/${mine[0]?.id}/retry`, undefined, SANDBOX_V1_API_KEY);
    expect(other.status).toBe(404);
    expect((await hostRequest(portal, "GET", "/v1/webhooks/messages?status=lost")).status).toBe(400);
    await register(portal, null);
  });
});

describe("the outbox is written with the change it reports", () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ webhooks: { deliver: false } });
  });
  afterAll(() => portal.dispose());
  const count = async () => Number((await portal.server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_outbox")).rows[0]?.n);

  it("writes nothing while the host has no endpoint, nothing for a refused commissioning, one message per new enrolment", async () => {
    expect((await autoEnrol(portal, "wh-none")).status).toBe(200);
    expect(await count()).toBe(0);
    await register(portal, "https://hooks.voltra.example/onflex");
    expect((await autoEnrol(portal, "wh-refused", false)).status).toBe(422);
    expect(await count()).toBe(0);
    expect((await autoEnrol(portal, "wh-new")).status).toBe(200);
    expect(await count()).toBe(1);
    // The same commissioning again finds the open enrolment: no second message.
    expect((await autoEnrol(portal, "wh-new")).status).toBe(200);
    expect(await count()).toBe(1);
  });
});

describe("delivery", () => {
  let portal: TestPortal;
  let receiver: Receiver;
  let secret: string;
  beforeAll(async () => {
    portal = await startTestPortal({ webhooks: { ...FAST, timeoutMs: 300 } });
    receiver = await startReceiver();
    secret = (await register(portal, receiver.url)).secret ?? "";
  });
  afterAll(async () => {
    await portal.dispose();
    await receiver.close();
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.plan.length = 0;
  });

  it("sends enrollment.created signed per Standard Webhooks, with ids and statuses only, and logs it without the body", async () => {
    const response = await autoEnrol(portal, "wh-deliver");
    const enrollment = ((await response.json()) as { enrollment: { id: string } }).enrollment;
    const [message] = await until(() => receiver.received.length >= 1 && receiver.received);
    if (!message) throw new Error("nothing received");
    expect(message.headers["content-type"]).toBe("application/json");
    const { id, payload } = await verified(message, secret);
    expect(id).toMatch(/^msg_/);
    expect(payload).toMatchObject({ type: "enrollment.created", data: { enrollment_id: enrollment.id, site_id: "wh-deliver", program_id: SANDBOX_PROGRAM_IDS.batteryPeak, status: "PENDING", enroll_method: "AUTO_ENROLL", device_ids: ["bat-1"] } });
    expect(Number.isNaN(Date.parse(payload.timestamp))).toBe(false);
    for (const personal of ["Ada", "Okafor", "ada@example.com", "Mesa", "1234567890", "SN-bat-1"]) expect(message.body).not.toContain(personal);

    const listed = await until(async () => (await outbox(portal, "delivered")).find((m) => m.id === id));
    expect(listed).toMatchObject({ type: "enrollment.created", attempts: 1, last_response_status: 200 });
    expect((await messages(portal)).find((m) => m.id === id)).toMatchObject({ status: "delivered", attempts: 1, last_response_status: 200 });
    expect(webhookLines(portal.logs).filter((line) => line.message === id)).toEqual([{ kind: "webhook", message: id, type: "enrollment.created", host: "host_voltra", attempt: 1, outcome: "delivered", status: 200 }]);
    const logged = JSON.stringify(portal.logs);
    expect(logged).not.toContain(secret.slice(6));
    expect(logged).not.toContain(receiver.url);
    expect(logged).not.toContain("wh-deliver");
  });

  it("retries after a 500 with the same message id, each attempt freshly signed, until a 2xx", async () => {
    receiver.plan.push(500, 500);
    await autoEnrol(portal, "wh-retry");
    await until(() => receiver.received.length >= 3);
    const checked = await Promise.all(receiver.received.map((m) => verified(m, secret)));
    expect(new Set(checked.map((c) => c.id)).size).toBe(1);
    const id = checked[0]?.id ?? "";
    const listed = await until(async () => (await outbox(portal, "delivered")).find((m) => m.id === id));
    expect(listed).toMatchObject({ attempts: 3, last_response_status: 200, last_error: null });
    expect(webhookLines(portal.logs).filter((l) => l.message === id).map((l) => [l.attempt, l.outcome, l.status, l.retryInMs])).toEqual([
      [1, "retry", 500, 30],
      [2, "retry", 500, 30],
      [3, "delivered", 200, undefined],
    ]);
    // Nothing more comes once it is delivered.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(receiver.received).toHaveLength(3);
  });

  it("gives up after the last attempt (timeouts, redirects, 5xx), keeps the message visible, and sends it again on request", async () => {
    receiver.plan.push("hang", 302, 503, 500);
    await autoEnrol(portal, "wh-give-up");
    await until(async () => (await outbox(portal, "failed")).length > 0);
    const failed = (await messages(portal, "?status=failed"))[0];
    if (!failed) throw new Error("no failed message listed");
    expect(failed).toMatchObject({ attempts: 4, last_response_status: 500, last_error: "http_500" });
    expect(receiver.received).toHaveLength(4);
    expect(webhookLines(portal.logs).filter((l) => l.message === failed.id).map((l) => [l.outcome, l.error])).toEqual([
      ["retry", "timeout"],
      ["retry", "redirect"],
      ["retry", "http_503"],
      ["failed", "http_500"],
    ]);

    const retried = await hostRequest(portal, "POST", `/v1/webhooks/messages/${failed.id}/retry`);
    expect(retried.status).toBe(202);
    await until(async () => (await outbox(portal, "delivered")).some((m) => m.id === failed.id));
    expect(receiver.received).toHaveLength(5);
    expect((await hostRequest(portal, "POST", `/v1/webhooks/messages/${failed.id}/retry`)).status).toBe(404);
  });

  it("stops at once on 410 Gone", async () => {
    receiver.plan.push(410);
    await autoEnrol(portal, "wh-gone");
    const failed = await until(async () => (await outbox(portal, "failed")).find((m) => m.last_response_status === 410));
    expect(failed.attempts).toBe(1);
  });

  it("signs with the old and the new secret for a while after a rotation; either verifies", async () => {
    const rotated = (await (await hostRequest(portal, "POST", "/v1/webhooks/endpoint/rotate-secret")).json()) as EndpointAnswer;
    await autoEnrol(portal, "wh-rotate");
    const [message] = await until(() => receiver.received.length >= 1 && receiver.received);
    if (!message) throw new Error("nothing received");
    expect(String(message.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    await verified(message, rotated.secret ?? "");
    await verified(message, secret);
    secret = rotated.secret ?? "";
  });

  it("reports enrolments made and cancelled in the portal by the household", async () => {
    const siteId = "wh-household";
    const boot = await portal.openSession(siteId);
    const commissioned = await fetch(`${portal.url}/v1/commission`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ site: { id: siteId, first_name: "Bo", last_name: "Lee", state_code: "NM", zip_code: "88801" }, devices: [{ id: "th-1", type: "THERMOSTAT", manufacturer_name: "Nest", product_name: "Learning", serial_number: "SN-2" }] }),
    });
    expect(commissioned.status).toBe(200);
    const api = createHttpApi({ baseUrl: portal.url, getToken: () => boot.sessionId, retries: 0 });
    const enrollment = await api.enrollments.create({ program_id: SANDBOX_PROGRAM_IDS.thermostatSummer, device_ids: ["th-1"], has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: "2025-05" });
    await api.enrollments.cancel({ enrollment_id: enrollment.id });
    await until(() => receiver.received.length >= 2);
    const payloads = await Promise.all(receiver.received.map(async (m) => (await verified(m, secret)).payload));
    expect(payloads.map((p) => [p.type, p.data])).toEqual(
      expect.arrayContaining([
        ["enrollment.created", { enrollment_id: enrollment.id, site_id: siteId, program_id: SANDBOX_PROGRAM_IDS.thermostatSummer, status: "PENDING", enroll_method: "USER_ACTION", device_ids: ["th-1"] }],
        ["enrollment.cancelled", { enrollment_id: enrollment.id, site_id: siteId, program_id: SANDBOX_PROGRAM_IDS.thermostatSummer, status: "UNENROLLED", previous_status: "PENDING" }],
      ]),
    );
  });
});

describe("across a restart", () => {
  it("delivers what was queued before the stop, exactly once per message id", async () => {
    const data = await tempDir("webhooks");
    const receiver = await startReceiver();
    try {
      const first = await startTestPortal({ dataDir: data.path, webhooks: { deliver: false } });
      const { secret } = await register(first, receiver.url);
      for (const siteId of ["wh-restart-1", "wh-restart-2", "wh-restart-3"]) expect((await autoEnrol(first, siteId)).status).toBe(200);
      expect((await messages(first, "?status=pending")).length).toBe(3);
      await first.dispose();
      expect(receiver.received).toHaveLength(0);

      const second = await startTestPortal({ dataDir: data.path, webhooks: FAST });
      try {
        await until(() => receiver.received.length >= 3);
        // Long enough for a duplicate to show up if there were one.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const ids = await Promise.all(receiver.received.map(async (m) => (await verified(m, secret ?? "")).id));
        expect(ids).toHaveLength(3);
        expect(new Set(ids).size).toBe(3);
        expect((await messages(second)).map((m) => [m.status, m.attempts])).toEqual([["delivered", 1], ["delivered", 1], ["delivered", 1]]);
      } finally {
        await second.dispose();
      }
    } finally {
      await receiver.close();
      await data.remove();
    }
  }, 60_000);

  it("gives an attempt in flight back when the server stops, and the next server sends it", async () => {
    const data = await tempDir("webhooks-flight");
    const receiver = await startReceiver();
    try {
      receiver.plan.push("hang");
      const first = await startTestPortal({ dataDir: data.path, webhooks: { ...FAST, timeoutMs: 60_000 } });
      const { secret } = await register(first, receiver.url);
      await autoEnrol(first, "wh-flight");
      await until(() => receiver.received.length >= 1);
      await first.dispose();
      expect(webhookLines(first.logs).map((l) => l.outcome)).toEqual(["released"]);

      const second = await startTestPortal({ dataDir: data.path, webhooks: FAST });
      try {
        const delivered = await until(async () => (await outbox(second, "delivered"))[0]);
        // The first attempt was cut short by the stop and is not counted.
        expect(delivered.attempts).toBe(1);
        expect(receiver.received).toHaveLength(2);
        const ids = await Promise.all(receiver.received.map(async (m) => (await verified(m, secret ?? "")).id));
        expect(new Set(ids).size).toBe(1);
      } finally {
        await second.dispose();
      }
    } finally {
      await receiver.close();
      await data.remove();
    }
  }, 60_000);
});

const postgresBin = findPostgresBin();
describe("two portal processes on one real Postgres", () => {
  it.skipIf(!postgresBin.ok)("send each message once between them (leases, SKIP LOCKED)", async () => {
    if (!postgresBin.ok) return;
    const postgres = await startTempPostgres(postgresBin.bin);
    const receiver = await startReceiver();
    try {
      const writer = await startTestPortal({ databaseUrl: postgres.url, webhooks: { deliver: false } });
      const { secret } = await register(writer, receiver.url);
      for (let i = 0; i < 12; i++) expect((await autoEnrol(writer, `wh-pg-${i}`)).status).toBe(200);
      await writer.dispose();

      const [a, b] = await Promise.all([0, 1].map(() => startTestPortal({ databaseUrl: postgres.url, webhooks: { ...FAST, batchSize: 2 } })));
      if (!a || !b) throw new Error("portals did not start");
      try {
        await until(() => receiver.received.length >= 12);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const ids = await Promise.all(receiver.received.map(async (m) => (await verified(m, secret ?? "")).id));
        expect(ids).toHaveLength(12);
        expect(new Set(ids).size).toBe(12);
        expect((await outbox(a, "delivered")).length).toBe(12);
      } finally {
        await a.dispose();
        await b.dispose();
      }
    } finally {
      await receiver.close();
      await postgres.stop();
    }
  }, 60_000);
});

it("uses Standard Webhooks' recommended schedule by default: 8 attempts over about 27 hours", () => {
  expect(DEFAULT_RETRY_SCHEDULE_MS).toHaveLength(7);
  expect(DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0)).toBe(5_000 + 5 * 60_000 + 30 * 60_000 + 27 * 3_600_000);
});

describe("which endpoint URLs are accepted", () => {
  const production = { allowLoopbackHttp: false };
  const development = { allowLoopbackHttp: true };
  // Hyphens in the third and fourth places are reserved (xn-- is punycode, and must decode).
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/).filter((l) => l.slice(2, 4) !== "--");
  const publicHost = fc.tuple(label, label, fc.constantFrom("com", "io", "example", "energy")).map((parts) => parts.join("."));
  const path = fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), { maxLength: 4 }).map((parts) => `/${parts.join("/")}`);

  it("accepts https to any public name, with or without a port and a query", () => {
    fc.assert(
      fc.property(publicHost, path, fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }), fc.boolean(), (host, p, port, query) => {
        const url = `https://${host}${port === undefined ? "" : `:${port}`}${p}${query ? "?source=onflex" : ""}`;
        for (const mode of [production, development]) expect(checkWebhookUrl(url, mode).ok).toBe(true);
      }),
    );
  });

  it("refuses plain http to anything but loopback, and loopback http outside development", () => {
    fc.assert(
      fc.property(publicHost, path, (host, p) => {
        expect(checkWebhookUrl(`http://${host}${p}`, development)).toMatchObject({ ok: false, reason: "webhook_url_not_https" });
        expect(checkWebhookUrl(`http://${host}${p}`, production)).toMatchObject({ ok: false, reason: "webhook_url_not_https" });
      }),
    );
    for (const url of ["http://127.0.0.1:8080/hooks", "http://localhost:3000/hooks", "http://[::1]:3000/hooks"]) {
      expect(checkWebhookUrl(url, development).ok, url).toBe(true);
      expect(checkWebhookUrl(url, production), url).toMatchObject({ ok: false, reason: "webhook_url_not_https" });
    }
  });

  it("in production refuses https to loopback, private and link-local literals", () => {
    for (const url of ["https://127.0.0.1/hooks", "https://10.1.2.3/hooks", "https://172.20.0.1/", "https://192.168.0.4/hooks", "https://[::1]/hooks", "https://[fd00::1]/", "https://localhost/hooks", "https://169.254.169.254/latest", "https://0.0.0.0/"]) {
      expect(checkWebhookUrl(url, production), url).toMatchObject({ ok: false, reason: "webhook_url_not_public" });
    }
    expect(checkWebhookUrl("https://172.32.0.1/", production).ok).toBe(true);
  });
});
