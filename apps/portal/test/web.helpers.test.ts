import type { PortalBridge, PortalMessageInput } from "@onflex/embed";
import { describe, expect, it } from "vitest";
import { createReadyFirstBridge } from "../src/web/ordered.bridge.js";
import { resolveTargetOrigin } from "../src/web/target-origin.js";

const REGISTERED = ["http://127.0.0.1:5173", "http://localhost:5173"];

describe("resolveTargetOrigin", () => {
  it("prefers the signed host origin when it is registered", () => {
    expect(resolveTargetOrigin({ hostOrigin: REGISTERED[1]!, registeredOrigins: REGISTERED, ancestorOrigins: [REGISTERED[0]!] })).toBe(REGISTERED[1]);
  });

  it("uses the only registered origin when the link names none", () => {
    expect(resolveTargetOrigin({ hostOrigin: null, registeredOrigins: ["https://app.example"] })).toBe("https://app.example");
  });

  it("falls back to the parent's origin, then the referrer, but only when registered", () => {
    expect(resolveTargetOrigin({ hostOrigin: null, registeredOrigins: REGISTERED, ancestorOrigins: [REGISTERED[1]!] })).toBe(REGISTERED[1]);
    expect(resolveTargetOrigin({ hostOrigin: null, registeredOrigins: REGISTERED, referrer: "http://127.0.0.1:5173/portal?x=1" })).toBe(REGISTERED[0]);
    expect(resolveTargetOrigin({ hostOrigin: null, registeredOrigins: REGISTERED, ancestorOrigins: ["https://evil.example"], referrer: "https://evil.example/" })).toBeNull();
    expect(resolveTargetOrigin({ hostOrigin: "https://evil.example", registeredOrigins: REGISTERED, referrer: "not a url" })).toBeNull();
  });
});

describe("createReadyFirstBridge", () => {
  function recording(): PortalBridge & { sent: PortalMessageInput[] } {
    const sent: PortalMessageInput[] = [];
    return { sent, transports: () => ["parent"], send: (message) => (sent.push(message), ["parent"]) };
  }

  it("holds messages until ready, then sends them in order with only the latest height", () => {
    const inner = recording();
    const bridge = createReadyFirstBridge(inner);
    bridge.send({ type: "resize", payload: { height: 100 } });
    bridge.send({ type: "step", payload: { step: "address", index: 0, total: 3 } });
    bridge.send({ type: "resize", payload: { height: 400 } });
    expect(inner.sent).toEqual([]);
    bridge.send({ type: "ready", payload: { siteId: "site_demo" } });
    bridge.send({ type: "exit", payload: { reason: "closed" } });
    expect(inner.sent.map((m) => m.type)).toEqual(["ready", "step", "resize", "exit"]);
    expect(inner.sent[2]).toEqual({ type: "resize", payload: { height: 400 } });
  });
});
