import {
  createHostMessage,
  createPortalMessage,
  parseHostMessage,
  parsePortalMessage,
  PLAIN_JSON_LIMITS,
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
      wrap("enrollment", { change: "enrolled", enrollmentId: "enr-1", programId: "prg-1", stepId: "enrollment" }),
      wrap("enrollment", { change: "opted_out", enrollmentId: "enr-1", programId: "prg-1", eventId: "evt-1", stepId: "manageEnrollment" }),
      wrap("enrollment", { change: "reserve_set", enrollmentId: "enr-1", programId: "prg-1", eventId: "evt-1", percentage: null, stepId: null }),
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
      // The version 1 vocabulary.
      wrap("exit", { reason: "consent_declined" }),
      wrap("exit", { reason: "closed", stepId: null, flow: null }),
      wrap("exit", { reason: "session_expired", stepId: null, flow: null }),
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
    expect(readPortalMessage({ source: "onflex-portal", version: 1, type: "exit", payload: { reason: "closed" } })).toEqual({ ok: false, reason: "version" });
    expect(readPortalMessage({ source: "onflex-portal", version: 3, type: "ready", payload: {} })).toEqual({ ok: false, reason: "version" });
    expect(readPortalMessage(wrap("ready", {}))).toEqual({ ok: false, reason: "schema" });
  });

  it("does not let a __proto__ key reach the host's objects", () => {
    const text = (output: string) => `{"source":"onflex-portal","version":2,"type":"completed","payload":{"output":${output}}}`;
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

describe("createPortalMessage (the portal's zod-free guard)", () => {
  it("stamps source and version", () => {
    expect(createPortalMessage({ type: "resize", payload: { height: 300 } })).toEqual(wrap("resize", { height: 300 }));
  });

  it("throws a TypeError naming the field for a message the host would drop", () => {
    expect(() => createPortalMessage({ type: "step", payload: { stepId: "", flow: "address", index: 0, total: 1 } })).toThrow(/"step": payload\.stepId/);
    expect(() => createPortalMessage({ type: "step", payload: { stepId: "a", flow: "address", index: 2, total: 2 } })).toThrow(/below total/);
    expect(() => createPortalMessage({ type: "exit", payload: { reason: "closed" as never, stepId: null, flow: null } })).toThrow(/payload\.reason/);
    expect(() => createPortalMessage({ type: "open_external", payload: { url: "http://evil.example/", purpose: "device_auth" } })).toThrow(/payload\.url/);
    expect(() => createPortalMessage({ type: "enrollment", payload: { change: "opted_out", enrollmentId: "e", programId: "p", stepId: null } as never })).toThrow(/payload\.eventId/);
    expect(() => createPortalMessage({ type: "enrollment", payload: { change: "reserve_set", enrollmentId: "e", programId: "p", eventId: "v", percentage: 500, stepId: null } })).toThrow(/payload\.percentage/);
    expect(() => createPortalMessage({ type: "enrollment", payload: { change: "enrolled", enrollmentId: "e", programId: "p", eventId: "v", stepId: null } as never })).toThrow(/only for a change to one event/);
    expect(() => createPortalMessage({ type: "enrollment", payload: { change: "paused", enrollmentId: "e", programId: "p", stepId: null } as never })).toThrow(/payload\.change/);
    expect(() => createPortalMessage({ type: "completed", payload: { output: { ...completion, facts: { account: new Date() } as never } } })).toThrow(/not a plain object/);
  });

  it("agrees with the host's parser on everything the host would accept", () => {
    const messages: PortalMessageInput[] = [
      { type: "step", payload: { stepId: "address", flow: "address", index: 0, total: null } },
      { type: "completed", payload: { output: completion } },
      { type: "exit", payload: { reason: "user_closed", stepId: "address", flow: "address" } },
      { type: "error", payload: { code: "timeout", message: "Slow.", stepId: null } },
      { type: "enrollment", payload: { change: "unenrolled", enrollmentId: "enr-1", programId: "prg-1", stepId: "manageEnrollment" } },
      { type: "enrollment", payload: { change: "reserve_set", enrollmentId: "enr-1", programId: "prg-1", eventId: "evt-1", percentage: 40, stepId: null } },
    ];
    for (const input of messages) expect(parsePortalMessage(createPortalMessage(input))).toEqual(createPortalMessage(input));
  });

  it("never lets through what the host's parser refuses (random payloads)", () => {
    const types = ["ready", "resize", "step", "completed", "exit", "error", "open_external", "enrollment"] as const;
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
    expect(resume).toEqual({ source: "onflex-host", version: 2, type: "resume", payload: { url: "myapp://onflex/return?code=abc", purpose: "device_auth" } });
    expect(parseHostMessage(resume)).toEqual(resume);
    expect(parseHostMessage(JSON.stringify(resume))).toEqual(resume);
    expect(parseHostMessage(createHostMessage({ type: "resume", payload: {} }))).toEqual({ source: "onflex-host", version: 2, type: "resume", payload: {} });
  });

  it("parseHostMessage refuses anything else, and never throws", () => {
    const ok = { source: "onflex-host", version: 2, type: "resume", payload: {} };
    const refused = [
      { ...ok, source: "onflex-portal" },
      { ...ok, version: 1 },
      { ...ok, type: "navigate" },
      { ...ok, payload: { url: "javascript:alert(1)" } },
      { ...ok, payload: { url: "data:text/html,hi" } },
      { ...ok, payload: { url: "not a url" } },
      { ...ok, payload: { url: `https://a.example/${"x".repeat(9000)}` } },
      { ...ok, payload: { purpose: "" } },
      { ...ok, payload: { extra: 1 } },
      { ...ok, extra: 1 },
      wrap("ready", { siteId: "s1" }),
      JSON.parse('{"source":"onflex-host","version":2,"type":"resume","payload":{"__proto__":{"polluted":true}}}'),
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
