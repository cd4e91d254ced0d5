import { operations, pathParamNames, SANDBOX } from "@onflex/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ZIP_CODES } from "../src/server/sandbox-programs.js";
import { SANDBOX_DEMO_API_KEY, SANDBOX_V1_API_KEY, SANDBOX_V1_SITE_ID } from "../src/server/sandbox-sites.js";
import { startTestPortal, type TestPortal } from "./portal.fixture.js";

// Generated hostile input at every route: each operation of core's `operations` table (so a
// new operation is covered the day it is added), the portal's own routes (site tokens,
// commissioning, progress, the signed entry, assets). Whatever arrives, the answer is never
// a 5xx, and nothing is stored: no consent, no household site, no device, no enrolment, no
// progress.

const RUNS = Number(process.env.ONFLEX_FUZZ_RUNS ?? 60);

let portal: TestPortal;
let sessionId: string;
const counts = async () => {
  const one = async (sql: string) => Number((await portal.server.db.query<{ n: number | string }>(sql)).rows[0]?.n ?? 0);
  return {
    consents: await one("SELECT count(*)::int AS n FROM consents"),
    sites: await one("SELECT count(*)::int AS n FROM sites"),
    progress: await one("SELECT count(*)::int AS n FROM journey_progress"),
    hosts: await one("SELECT count(*)::int AS n FROM hosts"),
    devices: await one("SELECT count(*)::int AS n FROM devices"),
    enrollments: await one("SELECT count(*)::int AS n FROM enrollments"),
  };
};
let before: Awaited<ReturnType<typeof counts>>;

beforeAll(async () => {
  // Limits raised: this suite is about what each request does, not how many arrive.
  const lots = { burst: 1e9, perSecond: 1e9 };
  portal = await startTestPortal({ rateLimits: { apiPerSession: lots, entryPerClient: lots, authFailuresPerClient: lots, siteTokensPerKey: lots, commissionsPerKey: lots } });
  sessionId = (await portal.openSession()).sessionId;
  before = await counts();
});
afterAll(() => portal.dispose());

// ---- generators -------------------------------------------------------------------------

const PROTO_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];
const LONE = fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff");
const NUL = fc.constant("\u0000");

/** A string with something in it that storage cannot hold or that is not Unicode text. */
const badText = fc
  .tuple(fc.string({ maxLength: 20 }), fc.oneof(LONE, NUL), fc.string({ maxLength: 20 }))
  .map(([a, bad, b]) => a + bad + b);

/** Any text a client may send: ordinary, binary, hostile, prototype names, long. */
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  badText,
  fc.constantFrom(...PROTO_NAMES),
  fc.constantFrom(SANDBOX.mpans.domestic, SANDBOX.postcodes.happy, "full_asset_schedule_control", "../../etc/passwd", "%", "%%00", "'; DROP TABLE consents; --"),
  fc.string({ minLength: 300, maxLength: 5000 }),
);

/** Percent-encodes any JS string as UTF-8 bytes, lone surrogates included (as the bytes a careless client sends). */
function encodeAny(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (/^[A-Za-z0-9._~-]$/.test(ch)) out += ch;
    else if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else out += Array.from(Buffer.from(ch, "utf8"), (byte) => `%${byte.toString(16).padStart(2, "0").toUpperCase()}`).join("");
  }
  return out;
}

/** A path segment: encoded text, or raw broken percent-encoding. */
const segment = fc.oneof(
  { weight: 4, arbitrary: anyText.map(encodeAny) },
  { weight: 1, arbitrary: fc.constantFrom("%", "%ZZ", "%C0%80", "%ED%A0%80", "%FF", "%00", "a%2Fb", "..", "%2E%2E") },
);

const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    anyText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(anyText, tie("value"), { maxKeys: 4 }),
  ),
})).value;

const deep = fc.integer({ min: 65, max: 20_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`);

/** Bodies that are wrong by construction: bad text inside, too deep, not JSON, not UTF-8, too large. */
const hostileBody = fc.oneof(
  fc.tuple(jsonish, badText).map(([value, bad]) => JSON.stringify({ snapshot: value, mpan: bad, [bad]: value })),
  deep.map((nested) => `{"snapshot":${nested},"mpan":${nested}}`),
  fc.string({ maxLength: 50 }).map((text) => `{${text}`),
  fc.constantFrom("", "null", "[]", '"\\u0000"', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}'),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.concat([Buffer.from('{"snapshot":"'), Buffer.from([0xff, ...bytes]), Buffer.from('"}')])),
  fc.constant(`{"snapshot":"${"x".repeat(300 * 1024)}"}`),
);

/** Bodies an operation may receive: hostile ones, and well-formed JSON of the wrong shape. */
const operationBody = fc.oneof(hostileBody, jsonish.map((value) => JSON.stringify(value)));

const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "");
const authorization = fc.oneof(
  { weight: 4, arbitrary: fc.constant("session") },
  { weight: 1, arbitrary: fc.constantFrom("", "Bearer ", "Bearer oss_x.y", "Basic abc", `Bearer ${"a".repeat(3000)}`) },
  { weight: 1, arbitrary: anyText.filter((t) => /^[\x20-\x7e]*$/.test(t)).map((t) => `Bearer ${t}`) },
);
const idempotencyKey = fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 300 }).filter((t) => /^[\x20-\x7e]*$/.test(t))), { nil: undefined });
const query = fc.array(fc.tuple(anyText, anyText), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join("&"));

// ---- sending ----------------------------------------------------------------------------

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

async function send(request: Sent): Promise<number> {
  const headers = { ...request.headers };
  if (headers.authorization === "session") headers.authorization = `Bearer ${sessionId}`;
  if (headers.authorization === "") delete headers.authorization;
  if (headers["content-type"] === "") delete headers["content-type"];
  const response = await fetch(`${portal.url}${request.path}`, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: typeof request.body === "string" ? request.body : new Uint8Array(request.body) }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function expectNo5xx(request: Sent): Promise<void> {
  const status = await send(request);
  if (status >= 500) throw new Error(`${request.method} ${request.path.slice(0, 200)} answered ${status}`);
}

describe("hostile input at every route: never a 5xx, nothing stored", () => {
  const ids = Object.keys(operations) as Array<keyof typeof operations>;

  it("covers every operation of core's table", () => {
    expect(ids.length).toBeGreaterThanOrEqual(6);
  });

  for (const id of ids) {
    const spec = operations[id];
    it(`${spec.method} ${spec.path} (${id})`, async () => {
      const names = pathParamNames(spec.path);
      await fc.assert(
        fc.asyncProperty(
          fc.array(segment, { minLength: names.length, maxLength: names.length }),
          query,
          operationBody,
          contentType,
          authorization,
          idempotencyKey,
          async (params, search, body, type, auth, key) => {
            let path = spec.path;
            names.forEach((name, i) => (path = path.replace(`{${name}}`, params[i] ?? "")));
            const hasBody = spec.method === "POST" || spec.method === "PATCH";
            await expectNo5xx({
              method: spec.method,
              path: search ? `${path}?${search}` : path,
              headers: { authorization: auth, "content-type": type, ...(key === undefined ? {} : { "idempotency-key": key }) },
              ...(hasBody ? { body } : {}),
            });
          },
        ),
        { numRuns: RUNS },
      );
    });
  }

  it("POST /v1/auth/site/{siteId} with ids that are not site ids, with the right key and without", async () => {
    const notASiteId = fc.oneof(
      badText.map(encodeAny),
      fc.string({ minLength: 129, maxLength: 400 }).map(encodeAny),
      fc.tuple(fc.constantFrom("_", "-", ".", ":", " ", "%20", "%2F"), fc.string({ maxLength: 10 })).map(([first, rest]) => first + encodeAny(rest)),
      fc.constantFrom("%", "%C0%80", "%ED%A0%80", "%00", "__proto__", "a%2Fb"),
    );
    await fc.assert(
      fc.asyncProperty(notASiteId, fc.constantFrom(`Bearer ${SANDBOX_DEMO_API_KEY}`, "", "Bearer nope"), async (siteId, auth) => {
        await expectNo5xx({ method: "POST", path: `/v1/auth/site/${siteId}`, headers: { authorization: auth } });
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("POST /v1/commission with hostile bodies, content types and keys", async () => {
    const key = fc.constantFrom(`Bearer ${SANDBOX_DEMO_API_KEY}`, `Bearer ${SANDBOX_DEMO_API_KEY}`, "", "Bearer nope", `Bearer ${"k".repeat(3000)}`);
    await fc.assert(
      fc.asyncProperty(operationBody, contentType, key, async (body, type, auth) => {
        await expectNo5xx({ method: "POST", path: "/v1/commission", headers: { authorization: auth, "content-type": type }, body });
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("POST /v1/commission with a well-formed request that has one hostile field: a 4xx, never stored", async () => {
    // The request without its hostile field is still refused (its programme needs site fields
    // it lacks: a 422), so whatever the generated field does, nothing may be written.
    const base = () => ({
      site: { id: "fuzz-household", zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat, first_name: "Ada" },
      devices: [{ id: "bat-1", type: "BATTERY", attributes: { battery_capacity_wh: 10_000 }, install_date: "2026-02-01" }],
      enrollment: { has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: "2026-01", program_specific_attributes: [{ name: "utility_account_number", value: "1234567890" }] },
    });
    type Body = ReturnType<typeof base>;
    const places: Array<(body: Body, value: unknown) => void> = [
      (b, v) => ((b.site as Record<string, unknown>).id = v),
      (b, v) => ((b.site as Record<string, unknown>).first_name = v),
      (b, v) => ((b.site as Record<string, unknown>).zip_code = v),
      (b, v) => ((b.site as Record<string, unknown>).email = v),
      (b, v) => ((b as Record<string, unknown>).site = v),
      (b, v) => ((b as Record<string, unknown>).devices = v),
      (b, v) => ((b.devices[0] as Record<string, unknown>).id = v),
      (b, v) => ((b.devices[0] as Record<string, unknown>).type = v),
      (b, v) => ((b.devices[0] as Record<string, unknown>).install_date = v),
      (b, v) => ((b.devices[0] as Record<string, unknown>).serial_number = v),
      (b, v) => ((b.devices[0]?.attributes as Record<string, unknown>).battery_capacity_wh = v),
      (b, v) => ((b.enrollment as Record<string, unknown>).has_agreed_to_terms_and_conditions = v),
      (b, v) => ((b.enrollment as Record<string, unknown>).program_specific_attributes = v),
      (b, v) => ((b.enrollment as Record<string, unknown>).program_id = v),
    ];
    // Values wrong wherever they land: text storage cannot hold, containers, over-long text, negative numbers.
    const hostileValue = fc.oneof(
      badText,
      fc.constantFrom<unknown>({ x: [1] }, [[1]], { __proto__: null, constructor: { prototype: 1 } }),
      fc.string({ minLength: 300, maxLength: 3000 }),
      fc.integer({ min: -1e9, max: -1 }),
    );
    const unchanged = await send({ method: "POST", path: "/v1/commission", headers: { authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "content-type": "application/json" }, body: JSON.stringify(base()) });
    expect(unchanged).toBe(422);
    const site = fc.constantFrom("fuzz-household", SANDBOX_V1_SITE_ID);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: places.length - 1 }), hostileValue, site, fc.constantFrom(SANDBOX_DEMO_API_KEY, SANDBOX_V1_API_KEY), async (place, value, siteId, apiKey) => {
        const body = base();
        body.site.id = siteId;
        places[place]?.(body, value);
        const status = await send({ method: "POST", path: "/v1/commission", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
        if (status < 400 || status >= 500) throw new Error(`commission with a hostile field at place ${place} answered ${status}`);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("GET/PUT/DELETE /v1/session/progress with hostile bodies and credentials", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "PUT", "DELETE"), hostileBody, contentType, authorization, async (method, body, type, auth) => {
        // DELETE with the real session would clear (not store) progress; it is only sent without one.
        const credentials = method === "DELETE" && auth === "session" ? "Bearer oss_x.y" : auth;
        await expectNo5xx({ method, path: "/v1/session/progress", headers: { authorization: credentials, "content-type": type }, ...(method === "PUT" ? { body } : {}) });
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("GET and HEAD /embed with hostile links", async () => {
    const param = fc.constantFrom("site_id", "token", "signature", "v", "kid", "exp", "nonce", "host_origin", "asset_model", "x");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(param, segment), { maxLength: 9 }), fc.constantFrom("GET", "HEAD"), fc.constantFrom("/embed", "/"), async (pairs, method, path) => {
        const search = pairs.map(([name, value]) => `${name}=${value}`).join("&");
        await expectNo5xx({ method, path: `${path}?${search}`, headers: {} });
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("any method at any path, including assets and unknown routes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
        fc.constantFrom("/assets/", "/v1/", "/", "/v1/auth/site/", "/v1/session/"),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        hostileBody,
        async (method, prefix, segments, body) => {
          await expectNo5xx({ method, path: prefix + segments.join("/"), headers: { authorization: "session", "content-type": "application/json" }, ...(method === "GET" || method === "OPTIONS" ? {} : { body }) });
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it("stored nothing: no consent, no household site, no device, no enrolment, no progress, no host", async () => {
    expect(await counts()).toEqual(before);
  });
});

describe("hostile input at the host-key routes and the sign-in callback: never a 5xx, nothing changed, nothing of it logged", () => {
  const key = fc.constantFrom(`Bearer ${SANDBOX_DEMO_API_KEY}`, `Bearer ${SANDBOX_DEMO_API_KEY}`, "", "Bearer nope", `Bearer ${"k".repeat(3000)}`);
  let enrollmentId: string;
  const state = async () => {
    const one = async (sql: string) => (await portal.server.db.query(sql)).rows;
    return {
      counts: await counts(),
      enrollments: await one("SELECT id, status FROM enrollments ORDER BY id"),
      events: await one("SELECT count(*)::int AS n FROM program_events"),
      outbox: await one("SELECT count(*)::int AS n FROM webhook_outbox"),
      endpoints: await one("SELECT id, webhook_url, webhook_secret FROM hosts ORDER BY id"),
    };
  };
  let baseline: Awaited<ReturnType<typeof state>>;

  beforeAll(async () => {
    // A household of the demo host with a PENDING enrolment, so the programme operator's
    // routes read the bodies they are sent rather than stopping at an unknown id.
    const siteId = "hostile-programme-home";
    const site = { id: siteId, first_name: "Ada", last_name: "Okafor", email: "ada@example.com", state_code: "NM", city: "Roswell", zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat, street_address: "12 Mesa Road" };
    const thermostat = { id: "thermo-1", type: "THERMOSTAT", manufacturer_name: "Nest", product_name: "Learning", serial_number: "SN-1" };
    const commissioned = await fetch(`${portal.url}/v1/commission`, {
      method: "POST",
      headers: { authorization: `Bearer ${SANDBOX_DEMO_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ site, devices: [thermostat] }),
    });
    expect(commissioned.status).toBe(200);
    const session = await portal.openSession(siteId);
    const enrolled = await fetch(`${portal.url}/v1/site/enrollments`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.sessionId}`, "content-type": "application/json" },
      body: JSON.stringify({ program_id: "prg_sandbox_thermostat_summer", device_ids: [thermostat.id], has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: "2025-05", program_specific_attributes: [] }),
    });
    expect(enrolled.status).toBe(200);
    enrollmentId = ((await enrolled.json()) as { id: string }).id;
    baseline = await state();
  });

  it("GET /device-auth/callback with hostile queries: a 400 page, and the log holds no query", async () => {
    const name = fc.constantFrom("state", "code", "error", "iss", "error_description", "x");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, segment), { maxLength: 6 }), async (pairs) => {
        const search = pairs.map(([k, v]) => `${k}=${v}`).join("&");
        const status = await send({ method: "GET", path: `/device-auth/callback?${search}`, headers: {} });
        expect(status).toBe(400);
      }),
      { numRuns: RUNS },
    );
    expect(portal.logs.filter((line) => JSON.stringify(line).includes("device-auth/callback?"))).toEqual([]);
  });

  it("the programme operator's routes with hostile ids, bodies, content types and keys", async () => {
    const id = fc.oneof({ weight: 2, arbitrary: fc.constant("REAL") }, { weight: 1, arbitrary: segment });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("decision", "events"), id, operationBody, contentType, key, async (route, raw, body, type, auth) => {
        const target = raw === "REAL" ? enrollmentId : raw;
        await expectNo5xx({ method: "POST", path: `/v1/sandbox/enrollments/${target}/${route}`, headers: { authorization: auth, "content-type": type }, body });
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("the webhook routes with hostile bodies, ids, queries and keys (no real key where a request would change the host)", async () => {
    const wrongKey = fc.constantFrom("", "Bearer nope", `Bearer ${"k".repeat(3000)}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("PUT endpoint", "GET endpoint", "POST rotate", "GET messages", "POST retry"),
        operationBody,
        contentType,
        key,
        wrongKey,
        segment,
        query,
        async (route, body, type, anyKey, badKey, idSegment, search) => {
          const headers = (auth: string) => ({ authorization: auth, "content-type": type });
          switch (route) {
            // A random body is never a valid URL: the real key is safe here.
            case "PUT endpoint":
              return expectNo5xx({ method: "PUT", path: "/v1/webhooks/endpoint", headers: headers(anyKey), body });
            case "GET endpoint":
              return expectNo5xx({ method: "GET", path: "/v1/webhooks/endpoint", headers: headers(badKey) });
            case "POST rotate":
              return expectNo5xx({ method: "POST", path: "/v1/webhooks/endpoint/rotate-secret", headers: headers(badKey), body });
            case "GET messages":
              return expectNo5xx({ method: "GET", path: `/v1/webhooks/messages?${search}`, headers: headers(anyKey) });
            case "POST retry":
              return expectNo5xx({ method: "POST", path: `/v1/webhooks/messages/${idSegment}/retry`, headers: headers(anyKey), body });
          }
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it("changed nothing: no enrolment decided, no event scheduled, no webhook queued, no endpoint or secret changed", async () => {
    expect(await state()).toEqual(baseline);
  });
});

describe("hostile pairing codes for a household's own guided device: a 4xx, never a 5xx, the device still pending", () => {
  let auth: string;
  let deviceId: string;
  const guidedStatus = async () => {
    const response = await fetch(`${portal.url}/v1/devices/${deviceId}/auth/guided`, { headers: { authorization: auth } });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    auth = `Bearer ${(await portal.openSession("hostile-guided-home")).sessionId}`;
    const { make, model } = SANDBOX.devices.noOAuth.vehicle;
    const registered = await fetch(`${portal.url}/v1/devices`, {
      method: "POST",
      headers: { authorization: auth, "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make, model, provider: "JEDLIX" }),
    });
    expect(registered.status).toBe(200);
    deviceId = ((await registered.json()) as { deviceId: string }).deviceId;
    const guide = await fetch(`${portal.url}/v1/devices/${deviceId}/auth/guide`, { headers: { authorization: auth } });
    expect(guide.status).toBe(200);
  });

  it("POST /v1/devices/{deviceId}/auth/pairing-code with hostile codes and bodies", async () => {
    const code = fc.oneof(anyText, fc.constantFrom("jdlx-7k4p", "JDLO-7K4P", "JDLX-7K4", "JDLX 7K4P", "JDLX-7K4P\u0000", "ＪＤＬＸ-７Ｋ４Ｐ"), fc.integer(), fc.constant(null));
    const body = fc.oneof(code.map((value) => JSON.stringify({ code: value })), hostileBody);
    await fc.assert(
      fc.asyncProperty(body, contentType, async (sent, type) => {
        const status = await send({ method: "POST", path: `/v1/devices/${deviceId}/auth/pairing-code`, headers: { authorization: auth, "content-type": type }, body: sent });
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    expect(await guidedStatus()).toEqual({ status: 200, body: { status: "pending", deviceId } });
  });

  it("another household cannot see or pair this device", async () => {
    const other = `Bearer ${(await portal.openSession("hostile-guided-neighbour")).sessionId}`;
    for (const [method, path, body] of [
      ["GET", `/v1/devices/${deviceId}/auth/guide`, undefined],
      ["GET", `/v1/devices/${deviceId}/auth/guided`, undefined],
      ["POST", `/v1/devices/${deviceId}/auth/pairing-code`, JSON.stringify({ code: "ABCD-2345" })],
    ] as const) {
      const status = await send({ method, path, headers: { authorization: other, "content-type": "application/json" }, ...(body ? { body } : {}) });
      expect(status).toBe(404);
    }
    expect(await guidedStatus()).toEqual({ status: 200, body: { status: "pending", deviceId } });
  });
});
