import {
  createHostMessage,
  createPortalMessage,
  parseHostMessage,
  parsePortalMessage,
  NOTICE_LIMITS,
  PLAIN_JSON_LIMITS,
  PORTAL_MESSAGE_TYPES,
  PORTAL_PROTOCOL_VERSION,
  portalReceiveScript,
  readPortalMessage,
} from "@onflex/embed";
import type { PortalMessageInput } from "@onflex/embed";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const consent = {
  id: "consent_1",
  mpan: "1200023305967",
  proposition: "intelligent_octopus",
  termsVersion: "2026-01",
  givenAt: "2026-11-21T09:30:00.000Z",
  recordedAt: "2026-11-21T09:30:01.000Z",
};
const address = { id: "addr_1", line1: "1 Example Street", town: "London", postcode: "SW1A 1AA" };
const meter = { mpan: "1200023305967", direction: "import" as const, halfHourlySettled: true, eligibleMarkets: ["flex"] };
const eligibility = { mpan: "1200023305967", isHalfHourlySettled: true, propositions: [], checkedAt: "2026-11-21T09:29:00.000Z" };
const completion = {
  journeyId: "axle-smart-charging",
  facts: { address, meter, eligibility, consent, assetModel: "myenergi zappi v2" },
  steps: ["address", "eligibility", "consent"],
};
const wrap = (type: string, payload: unknown) => ({ source: "onflex-portal", version: PORTAL_PROTOCOL_VERSION, type, payload });

describe("parsePortalMessage", () => {
  it("accepts each message type in object and JSON text form", () => {
    const valid = [
      wrap("ready", { siteId: "s1" }),
      wrap("resize", { height: 512.5 }),
      wrap("step", { stepId: "address", flow: "address", index: 0, total: 3 }),
      wrap("step", { stepId: "charger", flow: "eligibility", index: 4, total: null }),
      wrap("completed", { output: completion }),
      wrap("exit", { reason: "declined", stepId: "consent", flow: "consent" }),
      wrap("exit", { reason: "cancelled", stepId: "manageEnrollment", flow: "manageEnrollment" }),
      wrap("exit", { reason: "unenrolled", stepId: "manageEnrollment", flow: "manageEnrollment" }),
      wrap("notice", { flow: "enrollment", stepId: "enrollment", notice: { change: "enrolled", enrollmentId: "enr-1", programId: "prg-1" } }),
      wrap("notice", { flow: "manageEnrollment", stepId: "manageEnrollment", notice: { change: "opted_out", enrollmentId: "enr-1", programId: "prg-1", eventId: "evt-1" } }),
      wrap("notice", { flow: "manageEnrollment", stepId: null, notice: { change: "reserve_set", enrollmentId: "enr-1", programId: "prg-1", eventId: "evt-1", percentage: null } }),
      wrap("notice", { flow: "account", stepId: "account", notice: {} }),
      wrap("exit", { reason: "blocked", stepId: "eligibility", flow: "eligibility", blocked: { reason: "ineligible", details: { issues: ["not_half_hourly"] } } }),
      wrap("exit", { reason: "failed", stepId: null, flow: null, error: { code: "unauthorized", message: "Session expired.", retryable: false, details: {} } }),
      wrap("error", { code: "network", message: "The portal could not reach the server.", stepId: "address" }),
      wrap("open_external", { url: "https://auth.maker.example/authorize?client_id=x", purpose: "device_auth" }),
      wrap("open_external", { url: "http://127.0.0.1:4400/device", purpose: "device_auth" }),
    ];
    for (const message of valid) {
      expect(parsePortalMessage(message)).toEqual(message);
      expect(parsePortalMessage(JSON.stringify(message))).toEqual(message);
    }
  });

  it("validates every known fact of a completed journey with core's schemas", () => {
    const parsed = parsePortalMessage(wrap("completed", { output: completion }));
    expect(parsed?.type === "completed" && parsed.payload.output.facts.consent?.givenAt).toBe(consent.givenAt);
    const broken = {
      consent: { ...consent, givenAt: "yesterday" },
      meter: { ...meter, mpan: "123" },
      address: { line1: "1 Example Street" },
      eligibility: { ...eligibility, isHalfHourlySettled: "yes" },
      assetModel: "",
    };
    for (const [name, value] of Object.entries(broken)) {
      expect(parsePortalMessage(wrap("completed", { output: { ...completion, facts: { ...completion.facts, [name]: value } } })), name).toBeNull();
    }
  });

  it("keeps a manual address (no lookup id) as the address fact", () => {
    const manual = { line1: "2 New Build Lane", town: "Leeds", postcode: "LS1 4AP" };
    const parsed = parsePortalMessage(wrap("completed", { output: { ...completion, facts: { address: manual } } }));
    expect(parsed?.type === "completed" && parsed.payload.output.facts.address).toEqual(manual);
  });

  it("keeps a host step's own facts only as bounded plain JSON under a fact name", () => {
    const withAccount = { ...completion, facts: { ...completion.facts, account: { userId: "u_1", tags: ["ev", 2, true, null] } } };
    expect(parsePortalMessage(wrap("completed", { output: withAccount }))).toEqual(wrap("completed", { output: withAccount }));

    let deep: unknown = "bottom";
    for (let i = 0; i < PLAIN_JSON_LIMITS.depth + 1; i += 1) deep = { next: deep };
    const refused = [
      { "not a name": 1 },
      { _private: 1 },
      { account: deep },
      { account: "x".repeat(PLAIN_JSON_LIMITS.string + 1) },
      { account: Array.from({ length: PLAIN_JSON_LIMITS.keys + 1 }, () => 0) },
      { account: new Date(0) },
      { account: new Map() },
      { account: Number.POSITIVE_INFINITY },
      { account: () => 1 },
      Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`fact${i}`, i])),
    ];
    for (const facts of refused) expect(parsePortalMessage(wrap("completed", { output: { ...completion, facts } }))).toBeNull();
  });

  it("refuses a circular completion output instead of handing the host an object it cannot serialise", () => {
    const account: Record<string, unknown> = { userId: "u_1" };
    account["self"] = account;
    const facts = { ...completion.facts, account };
    expect(parsePortalMessage(wrap("completed", { output: { ...completion, facts } }))).toBeNull();
    expect(() => createPortalMessage({ type: "completed", payload: { output: { ...completion, facts } as never } })).toThrow(/nested deeper/);
  });

  it("returns null for other sources, versions, types and shapes", () => {
    const invalid = [
      { ...wrap("ready", { siteId: "s1" }), source: "other" },
      { ...wrap("ready", { siteId: "s1" }), version: 1 },
      { ...wrap("ready", { siteId: "s1" }), version: "2" },
      wrap("navigate", { to: "https://evil.example" }),
      wrap("ready", { siteId: "" }),
      wrap("resize", { height: -1 }),
      wrap("resize", { height: Number.NaN }),
      wrap("step", { stepId: "address", flow: "address", index: 0.5, total: 4 }),
      wrap("step", { stepId: "address", flow: "address", index: 4, total: 4 }),
      wrap("step", { step: "address", index: 0, total: 4 }),
      wrap("step", { stepId: "address", flow: "address", index: 0 }),
      // The version 1 vocabulary (whose other reasons now read as `unknown`: see below).
      wrap("exit", { reason: "consent_declined" }),
      wrap("exit", { reason: "failed", stepId: null, flow: null, error: { code: "teapot", message: "x", retryable: false, details: {} } }),
      wrap("exit", {}),
      wrap("error", { code: "network", message: "x" }),
      wrap("open_external", { url: "http://auth.maker.example/", purpose: "device_auth" }),
      wrap("open_external", { url: "javascript:alert(1)", purpose: "device_auth" }),
      wrap("open_external", { url: "https://user:pass@auth.maker.example/", purpose: "device_auth" }),
      wrap("open_external", { url: "/relative", purpose: "device_auth" }),
      wrap("completed", { output: { consent } }),
      "not json",
      "",
      "x".repeat(300_000),
      null,
      undefined,
      [],
    ];
    for (const data of invalid) expect(parsePortalMessage(data)).toBeNull();
  });

  it("says when a refused message is a portal message of another version", () => {
    expect(PORTAL_PROTOCOL_VERSION).toBe(3);
    expect(readPortalMessage({ source: "onflex-portal", version: 1, type: "exit", payload: { reason: "closed" } })).toEqual({ ok: false, reason: "version" });
    // Version 2's enrolment message, from a portal older than this host.
    const v2 = { source: "onflex-portal", version: 2, type: "enrollment", payload: { change: "enrolled", enrollmentId: "e", programId: "p", stepId: null } };
    expect(readPortalMessage(v2)).toEqual({ ok: false, reason: "version" });
    expect(readPortalMessage({ ...v2, type: "ready", payload: { siteId: "s1" } })).toEqual({ ok: false, reason: "version" });
    expect(readPortalMessage({ source: "onflex-portal", version: 4, type: "ready", payload: {} })).toEqual({ ok: false, reason: "version" });
    expect(readPortalMessage(wrap("ready", {}))).toEqual({ ok: false, reason: "schema" });
  });

  it("does not let a __proto__ key reach the host's objects", () => {
    const text = (output: string) => `{"source":"onflex-portal","version":${PORTAL_PROTOCOL_VERSION},"type":"completed","payload":{"output":${output}}}`;
    const nested = text(`{"journeyId":"j","steps":[],"facts":{"account":{"__proto__":{"polluted":true}}}}`);
    const top = text(`{"journeyId":"j","steps":[],"facts":{"__proto__":{"polluted":true}}}`);
    expect(parsePortalMessage(nested)).toBeNull();
    expect(parsePortalMessage(top)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const parsed = parsePortalMessage(text(JSON.stringify(completion)));
    expect(Object.getPrototypeOf(parsed!.payload)).toBe(Object.prototype);
  });

  it("never throws, whatever arrives", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.json(), fc.string()), (data) => {
        const parsed = parsePortalMessage(data);
        expect(parsed === null || parsed.source === "onflex-portal").toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("accepts only completions whose facts are plain JSON, for any facts", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,10}$/), fc.anything({ maxDepth: 4 }), { maxKeys: 5 }), (facts) => {
        const parsed = parsePortalMessage(wrap("completed", { output: { journeyId: "j", steps: [], facts } }));
        if (parsed?.type === "completed") expect(() => JSON.stringify(parsed.payload.output)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe("notices", () => {
  const notice = (value: unknown) => wrap("notice", { flow: "account", stepId: "account", notice: value });
  /** `levels` objects nested inside each other. */
  const nested = (levels: number): Record<string, unknown> => {
    let value: Record<string, unknown> = {};
    for (let i = 1; i < levels; i += 1) value = { next: value };
    return value;
  };

  it("accepts a notice at each bound and refuses one past it", () => {
    const atBounds = [
      nested(NOTICE_LIMITS.depth),
      Object.fromEntries(Array.from({ length: NOTICE_LIMITS.keys }, (_, i) => [`k${i}`, i])),
      { text: "x".repeat(NOTICE_LIMITS.length - '{"text":""}'.length) },
    ];
    for (const value of atBounds) expect(parsePortalMessage(notice(value))).toEqual(notice(value));
    const pastBounds = [
      nested(NOTICE_LIMITS.depth + 1),
      Object.fromEntries(Array.from({ length: NOTICE_LIMITS.keys + 1 }, (_, i) => [`k${i}`, i])),
      // Keys and items count across the whole notice, not per object.
      { a: Array.from({ length: NOTICE_LIMITS.keys }, () => 0) },
      { text: "x".repeat(NOTICE_LIMITS.length - '{"text":""}'.length + 1) },
    ];
    for (const value of pastBounds) {
      expect(parsePortalMessage(notice(value))).toBeNull();
      expect(() => createPortalMessage(notice(value) as PortalMessageInput)).toThrow(/payload\.notice/);
    }
  });

  it("refuses what is not a JSON object, and prototype keys at any depth, without touching Object.prototype", () => {
    const refused: unknown[] = [null, [], "text", 1, { at: new Date(0) }, { n: Number.NaN }, { f: () => 1 }, { u: undefined }, new Map()];
    for (const value of refused) expect(parsePortalMessage(notice(value)), String(value)).toBeNull();
    const hostile = [
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"deep":{"prototype":1}}',
      '{"list":[{"constructor":1}]}',
    ];
    for (const json of hostile) {
      const message = `{"source":"onflex-portal","version":${PORTAL_PROTOCOL_VERSION},"type":"notice","payload":{"flow":"account","stepId":null,"notice":${json}}}`;
      expect(parsePortalMessage(message), json).toBeNull();
      expect(parsePortalMessage(JSON.parse(message)), json).toBeNull();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A getter that throws is refused, not thrown.
    const trap = Object.defineProperty({}, "x", { enumerable: true, get: () => { throw new Error("trap"); } });
    expect(parsePortalMessage(notice(trap))).toBeNull();
    expect(() => createPortalMessage(notice(trap) as PortalMessageInput)).toThrow(TypeError);
  });

  it("round-trips any bounded notice, and never lets through one past its bounds (random notices)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        let created: unknown = null;
        try {
          created = createPortalMessage(notice(value) as PortalMessageInput);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          expect(parsePortalMessage(notice(value))).toBeNull();
          return;
        }
        expect(JSON.stringify(created).length).toBeLessThanOrEqual(NOTICE_LIMITS.length + 200);
        expect(parsePortalMessage(JSON.stringify(created))).toEqual(JSON.parse(JSON.stringify(created)));
      }),
      { numRuns: 400 },
    );
  });
});

describe("forward compatibility within a version", () => {
  it("reads a message type this host does not know as unknown_type (to ignore), not a refusal", () => {
    const later = { source: "onflex-portal", version: PORTAL_PROTOCOL_VERSION, type: "payment_due", payload: { amount: 3 } };
    expect(readPortalMessage(later)).toEqual({ ok: false, reason: "unknown_type", message: { source: "onflex-portal", version: PORTAL_PROTOCOL_VERSION, type: "payment_due" } });
    expect(readPortalMessage(JSON.stringify(later))).toMatchObject({ reason: "unknown_type" });
    expect(parsePortalMessage(later)).toBeNull();
    // Only a valid envelope counts: a bad type name, another version or no payload object is still refused.
    expect(readPortalMessage({ ...later, type: "Payment Due" })).toEqual({ ok: false, reason: "schema" });
    expect(readPortalMessage({ ...later, type: "__proto__" })).toEqual({ ok: false, reason: "schema" });
    expect(readPortalMessage({ ...later, payload: "x" })).toEqual({ ok: false, reason: "schema" });
    expect(readPortalMessage({ ...later, version: PORTAL_PROTOCOL_VERSION + 1 })).toEqual({ ok: false, reason: "version" });
    // A known type with a bad payload is a refusal, not an unknown message.
    expect(readPortalMessage(wrap("ready", {}))).toEqual({ ok: false, reason: "schema" });
  });

  it("reads an exit reason this host does not know as unknown, keeping the reason sent", () => {
    const exit = { reason: "moved_house", stepId: "manageEnrollment", flow: "manageEnrollment" };
    expect(parsePortalMessage(wrap("exit", exit))).toEqual(wrap("exit", { reason: "unknown", unknownReason: "moved_house", stepId: "manageEnrollment", flow: "manageEnrollment" }));
    for (const reason of ["Moved House", "", 3, null, "x".repeat(65)]) expect(parsePortalMessage(wrap("exit", { ...exit, reason }))).toBeNull();
  });

  it("drops payload fields this host does not know", () => {
    expect(parsePortalMessage(wrap("ready", { siteId: "s1", region: "eu" }))).toEqual(wrap("ready", { siteId: "s1" }));
  });
});

describe("createPortalMessage (the portal's zod-free guard)", () => {
  it("stamps source and version", () => {
    expect(createPortalMessage({ type: "resize", payload: { height: 300 } })).toEqual(wrap("resize", { height: 300 }));
  });

  it("throws a TypeError naming the field for a message the host would drop", () => {
    expect(() => createPortalMessage({ type: "step", payload: { stepId: "", flow: "address", index: 0, total: 1 } })).toThrow(/"step": payload\.stepId/);
    expect(() => createPortalMessage({ type: "step", payload: { stepId: "a", flow: "address", index: 2, total: 2 } })).toThrow(/below total/);
    expect(() => createPortalMessage({ type: "exit", payload: { reason: "closed" as never, stepId: null, flow: null } })).toThrow(/payload\.reason/);
    expect(() => createPortalMessage({ type: "open_external", payload: { url: "http://evil.example/", purpose: "device_auth" } })).toThrow(/payload\.url/);
    expect(() => createPortalMessage({ type: "exit", payload: { reason: "unknown", stepId: null, flow: null } })).toThrow(/payload\.reason/);
    expect(() => createPortalMessage({ type: "notice", payload: { flow: "", stepId: null, notice: {} } })).toThrow(/"notice": payload\.flow/);
    expect(() => createPortalMessage({ type: "notice", payload: { flow: "account", stepId: null, notice: [] as never } })).toThrow(/payload\.notice must be a plain JSON object/);
    expect(() => createPortalMessage({ type: "notice", payload: { flow: "account", stepId: null, notice: { at: new Date() } as never } })).toThrow(/payload\.notice\.at is not a plain object/);
    expect(() => createPortalMessage({ type: "notice", payload: { flow: "account", stepId: null, notice: { constructor: "x" } } })).toThrow(/reserved key \(constructor\)/);
    expect(() => createPortalMessage({ type: "completed", payload: { output: { ...completion, facts: { account: new Date() } as never } } })).toThrow(/not a plain object/);
  });

  it("agrees with the host's parser on everything the host would accept", () => {
    const messages: PortalMessageInput[] = [
      { type: "step", payload: { stepId: "address", flow: "address", index: 0, total: null } },
      { type: "completed", payload: { output: completion } },
      { type: "exit", payload: { reason: "user_closed", stepId: "address", flow: "address" } },
      { type: "error", payload: { code: "timeout", message: "Slow.", stepId: null } },
      { type: "notice", payload: { flow: "manageEnrollment", stepId: "manageEnrollment", notice: { change: "unenrolled", enrollmentId: "enr-1", programId: "prg-1" } } },
      { type: "notice", payload: { flow: "account", stepId: null, notice: { change: "created", tags: ["a", 1, true, null], nested: { level: { three: 3 } } } } },
    ];
    for (const input of messages) expect(parsePortalMessage(createPortalMessage(input))).toEqual(createPortalMessage(input));
  });

  it("never lets through what the host's parser refuses (random payloads)", () => {
    const types = PORTAL_MESSAGE_TYPES;
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.anything({ maxDepth: 4 }), (type, payload) => {
        let created: unknown = null;
        try {
          created = createPortalMessage({ type, payload } as never);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          return;
        }
        // The guard is cheaper than the schema, so it may let through a value only zod checks
        // (a fact's shape), but never one that breaks the envelope or cannot be serialised.
        expect(() => JSON.stringify(created)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe("host → portal messages", () => {
  it("createHostMessage stamps a resume, and parseHostMessage reads it back", () => {
    const resume = createHostMessage({ type: "resume", payload: { url: "myapp://onflex/return?code=abc", purpose: "device_auth" } });
    expect(resume).toEqual({ source: "onflex-host", version: 3, type: "resume", payload: { url: "myapp://onflex/return?code=abc", purpose: "device_auth" } });
    expect(parseHostMessage(resume)).toEqual(resume);
    expect(parseHostMessage(JSON.stringify(resume))).toEqual(resume);
    expect(parseHostMessage(createHostMessage({ type: "resume", payload: {} }))).toEqual({ source: "onflex-host", version: 3, type: "resume", payload: {} });
  });

  it("parseHostMessage refuses anything else, and never throws", () => {
    const ok = { source: "onflex-host", version: 3, type: "resume", payload: {} };
    const refused = [
      { ...ok, source: "onflex-portal" },
      { ...ok, version: 1 },
      { ...ok, version: 2 },
      { ...ok, type: "navigate" },
      { ...ok, payload: { url: "javascript:alert(1)" } },
      { ...ok, payload: { url: "data:text/html,hi" } },
      { ...ok, payload: { url: "not a url" } },
      { ...ok, payload: { url: `https://a.example/${"x".repeat(9000)}` } },
      { ...ok, payload: { purpose: "" } },
      { ...ok, payload: { extra: 1 } },
      { ...ok, extra: 1 },
      wrap("ready", { siteId: "s1" }),
      JSON.parse('{"source":"onflex-host","version":3,"type":"resume","payload":{"__proto__":{"polluted":true}}}'),
      "{",
      null,
    ];
    for (const data of refused) expect(parseHostMessage(data)).toBeNull();
    fc.assert(
      fc.property(fc.anything(), (data) => {
        expect(parseHostMessage(data)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("portalReceiveScript is one call with a JSON literal", () => {
    const script = portalReceiveScript({ type: "resume", payload: { url: "https://portal.example/return?state=\u2028" } });
    expect(script.startsWith("window.onflexPortal&&window.onflexPortal.receive({")).toBe(true);
    expect(script).not.toContain("\u2028");
    const json = script.slice(script.indexOf("(") + 1, script.lastIndexOf(")"));
    expect(parseHostMessage(json)?.payload.url).toBe("https://portal.example/return?state=\u2028");
  });
});

describe("the portal's sending side stays free of zod", () => {
  const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
  /** Run-time imports (not `import type`) of a module and, transitively, of its relative imports. */
  function runtimeImports(file: string, seen = new Set<string>()): string[] {
    if (seen.has(file)) return [];
    seen.add(file);
    const source = readFileSync(file, "utf8");
    const found: string[] = [];
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)) {
      const specifier = match[1]!;
      if (specifier.startsWith(".")) found.push(...runtimeImports(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")), seen));
      else found.push(specifier);
    }
    return found;
  }

  it("bridge.ts imports nothing at run time but its own zod-free modules", () => {
    expect(runtimeImports(resolve(src, "bridge.ts"))).toEqual([]);
  });

  it("the test would see a zod import", () => {
    expect(runtimeImports(resolve(src, "protocol.ts"))).toEqual(expect.arrayContaining(["zod/mini", "@onflex/core"]));
  });
});
