import { createPortalMessage, parsePortalMessage, PORTAL_PROTOCOL_VERSION } from "@onflex/embed";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const consent = {
  id: "consent_1",
  mpan: "1200023305967",
  proposition: "intelligent_octopus",
  termsVersion: "2026-01",
  givenAt: "2026-11-21T09:30:00.000Z",
  recordedAt: "2026-11-21T09:30:01.000Z",
};
const wrap = (type: string, payload: unknown) => ({ source: "onflex-portal", version: PORTAL_PROTOCOL_VERSION, type, payload });

describe("parsePortalMessage", () => {
  it("accepts each message type in object and JSON text form", () => {
    const valid = [
      wrap("ready", { siteId: "s1" }),
      wrap("resize", { height: 512.5 }),
      wrap("step", { step: "address", index: 0, total: 4 }),
      wrap("exit", { reason: "consent_declined" }),
      wrap("error", { code: "network", message: "The portal could not reach the server." }),
    ];
    for (const message of valid) {
      expect(parsePortalMessage(message)).toEqual(message);
      expect(parsePortalMessage(JSON.stringify(message))).toEqual(message);
    }
  });

  it("validates the consent record inside a completed journey and keeps the flows' other output", () => {
    const message = wrap("completed", { output: { consent, enrollment: { id: "enr_1", status: "PENDING" } } });
    const parsed = parsePortalMessage(message);
    expect(parsed?.type === "completed" && parsed.payload.output.consent?.givenAt).toBe(consent.givenAt);
    expect(parsed).toEqual(message);
    const withoutTimestamp = wrap("completed", { output: { consent: { ...consent, givenAt: "yesterday" } } });
    expect(parsePortalMessage(withoutTimestamp)).toBeNull();
  });

  it("returns null for other sources, versions, types and shapes", () => {
    const invalid = [
      { ...wrap("ready", { siteId: "s1" }), source: "other" },
      { ...wrap("ready", { siteId: "s1" }), version: 2 },
      { ...wrap("ready", { siteId: "s1" }), version: "1" },
      wrap("navigate", { to: "https://evil.example" }),
      wrap("ready", { siteId: "" }),
      wrap("resize", { height: -1 }),
      wrap("resize", { height: Number.NaN }),
      wrap("step", { step: "address", index: 0.5, total: 4 }),
      wrap("step", { step: "address", index: 4, total: 4 }),
      wrap("exit", {}),
      "not json",
      "",
      "x".repeat(300_000),
      null,
      undefined,
      [],
    ];
    for (const data of invalid) expect(parsePortalMessage(data)).toBeNull();
  });

  it("does not let a __proto__ key reach the host's objects", () => {
    const parsed = parsePortalMessage('{"source":"onflex-portal","version":1,"type":"completed","payload":{"output":{"__proto__":{"polluted":true}}}}');
    expect(parsed).not.toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
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
});

describe("createPortalMessage", () => {
  it("stamps source and version", () => {
    expect(createPortalMessage({ type: "resize", payload: { height: 300 } })).toEqual(wrap("resize", { height: 300 }));
  });

  it("throws a TypeError naming the field for a message the host would drop", () => {
    expect(() => createPortalMessage({ type: "step", payload: { step: "", index: 0, total: 1 } })).toThrow(/"step": payload\.step/);
  });
});
