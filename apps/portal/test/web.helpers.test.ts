import { parsePortalMessage, createPortalMessage, type PortalBridge, type PortalMessageInput } from "@onflex/embed";
import { presets, type JourneyCallbacks } from "@onflex/machines";
import { describe, expect, it } from "vitest";
import { journeyFor, portalCallbacks } from "../src/web/journey.messages.js";
import { createReadyFirstBridge } from "../src/web/ordered.bridge.js";
import { loadServerProgress } from "../src/web/progress.storage.js";
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
    return { sent, transports: () => ["parent"], onHostMessage: () => () => {}, send: (message) => (sent.push(message), ["parent"]) };
  }

  it("holds messages until ready, then sends them in order with only the latest height", () => {
    const inner = recording();
    const bridge = createReadyFirstBridge(inner);
    bridge.send({ type: "resize", payload: { height: 100 } });
    bridge.send({ type: "step", payload: { stepId: "address", flow: "address", index: 0, total: 3 } });
    bridge.send({ type: "resize", payload: { height: 400 } });
    expect(inner.sent).toEqual([]);
    bridge.send({ type: "ready", payload: { siteId: "site_demo" } });
    bridge.send({ type: "exit", payload: { reason: "user_closed", stepId: "address", flow: "address" } });
    expect(inner.sent.map((m) => m.type)).toEqual(["ready", "step", "resize", "exit"]);
    expect(inner.sent[2]).toEqual({ type: "resize", payload: { height: 400 } });
  });

  it("refuses a bad message when it is sent, not when ready releases it", () => {
    const inner = recording();
    const bridge = createReadyFirstBridge(inner);
    expect(() => bridge.send({ type: "resize", payload: { height: -1 } })).toThrow(TypeError);
    bridge.send({ type: "ready", payload: { siteId: "site_demo" } });
    expect(inner.sent.map((m) => m.type)).toEqual(["ready"]);
  });
});

describe("portalCallbacks: the journey's callbacks as protocol messages, 1:1", () => {
  const consent = {
    id: "consent_1",
    mpan: "1200023305967",
    proposition: "full_asset_schedule_control",
    termsVersion: "2026-01",
    givenAt: "2026-11-21T09:30:00.000Z",
    recordedAt: "2026-11-21T09:30:01.000Z",
  };

  function run(drive: (callbacks: JourneyCallbacks) => void): PortalMessageInput[] {
    const sent: PortalMessageInput[] = [];
    drive(portalCallbacks((message) => sent.push(message)));
    // Everything sent is a message a host accepts.
    for (const message of sent) expect(parsePortalMessage(createPortalMessage(message)), message.type).not.toBeNull();
    return sent;
  }

  it("sends each event with its own name and fields", () => {
    const sent = run((c) => {
      c.onEvent?.({ type: "step", stepId: "address", flow: "address", index: 0, total: 3 });
      c.onEvent?.({ type: "step", stepId: "charger", flow: "eligibility", index: 1, total: null });
      c.onEvent?.({ type: "error", code: "network", message: "Offline.", stepId: "address" });
      c.onEvent?.({ type: "open_external", url: "https://auth.maker.example/authorize", purpose: "device_auth" });
      c.onEvent?.({
        type: "notice",
        flow: "manageEnrollment",
        stepId: "manageEnrollment",
        notice: { change: "opted_out", enrollmentId: "enr-1", programId: "prg-1", eventId: "evt-1" },
      });
    });
    expect(sent).toEqual([
      { type: "step", payload: { stepId: "address", flow: "address", index: 0, total: 3 } },
      { type: "step", payload: { stepId: "charger", flow: "eligibility", index: 1, total: null } },
      { type: "error", payload: { code: "network", message: "Offline.", stepId: "address" } },
      { type: "open_external", payload: { url: "https://auth.maker.example/authorize", purpose: "device_auth" } },
      {
        type: "notice",
        payload: { flow: "manageEnrollment", stepId: "manageEnrollment", notice: { change: "opted_out", enrollmentId: "enr-1", programId: "prg-1", eventId: "evt-1" } },
      },
    ]);
  });

  it("sends the completion as it is, and every exit reason unrenamed", () => {
    const completion = { journeyId: "axle-smart-charging", facts: { consent, assetModel: "myenergi zappi v2" }, steps: ["address", "eligibility", "consent"] };
    expect(run((c) => c.onComplete?.(completion))).toEqual([{ type: "completed", payload: { output: completion } }]);
    for (const reason of ["user_closed", "declined", "blocked", "failed", "cancelled", "unenrolled"] as const) {
      const sent = run((c) =>
        c.onExit?.({
          reason,
          stepId: "eligibility",
          flow: "eligibility",
          ...(reason === "blocked" ? { blocked: { reason: "ineligible", details: { issues: ["not_half_hourly"] } } } : {}),
          ...(reason === "failed" ? { error: { code: "upstream", message: "Down.", retryable: true, details: { at: new Date(0) } } } : {}),
        }),
      );
      expect(sent[0]).toMatchObject({ type: "exit", payload: { reason, stepId: "eligibility", flow: "eligibility" } });
    }
  });

  it("ends the journey for the host once when the session is no longer accepted", () => {
    const sent = run((c) => {
      c.onEvent?.({ type: "error", code: "unauthorized", message: "Your session has ended.", stepId: "address" });
      c.onEvent?.({ type: "error", code: "unauthorized", message: "Your session has ended.", stepId: "address" });
      c.onExit?.({ reason: "user_closed", stepId: "address", flow: "address" });
    });
    expect(sent.map((m) => m.type)).toEqual(["error", "exit", "error"]);
    expect(sent[1]).toEqual({
      type: "exit",
      payload: { reason: "failed", stepId: "address", flow: null, error: { code: "unauthorized", message: "Your session has ended.", retryable: false, details: {} } },
    });
  });

  it("picks the journey by the site's proposition", () => {
    expect(journeyFor("full_asset_schedule_control")).toBe(presets.axleSmartCharging);
    expect(journeyFor("limited_pause")).toBe(presets.axleFlexLite);
    expect(journeyFor("something_else")).toBe(presets.axleSmartCharging);
  });
});

describe("loadServerProgress", () => {
  function server() {
    const requests: Array<{ method: string; body: string | null; done: () => void }> = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      if (!init?.method) return new Response(JSON.stringify({ snapshot: { saved: 1 } }), { status: 200 });
      await new Promise<void>((resolve) => requests.push({ method: init.method!, body: (init.body as string | undefined) ?? null, done: resolve }));
      return new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    return { fetch, requests };
  }

  it("reads the saved journey once and answers loads from memory", async () => {
    const { fetch } = server();
    const progress = await loadServerProgress({ baseUrl: "https://portal.example", sessionId: "s", fetch });
    expect(progress.storage.load()).toBe('{"saved":1}');
    progress.storage.save('{"step":2}');
    expect(progress.storage.load()).toBe('{"step":2}');
  });

  it("keeps one write in flight and coalesces the saves made meanwhile into the latest", async () => {
    const { fetch, requests } = server();
    const progress = await loadServerProgress({ baseUrl: "https://portal.example", sessionId: "s", fetch });
    for (let i = 1; i <= 20; i++) progress.storage.save(`{"step":${i}}`);
    await Promise.resolve();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).toBe('{"snapshot":{"step":1}}');
    requests[0]!.done();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toBe('{"snapshot":{"step":20}}');
    progress.storage.clear();
    progress.storage.save('{"step":21}');
    requests[1]!.done();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests.map((r) => r.method)).toEqual(["PUT", "PUT", "PUT"]);
    requests[2]!.done();
    await progress.flush();
    expect(requests[2]!.body).toBe('{"snapshot":{"step":21}}');
  });

  it("does not send the same journey twice in a row, and a failed write is sent again on the next save", async () => {
    let fail = true;
    const bodies: string[] = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      if (!init?.method) return new Response(JSON.stringify({ snapshot: null }), { status: 200 });
      bodies.push(init.body as string);
      if (fail) throw new TypeError("offline");
      return new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    const progress = await loadServerProgress({ baseUrl: "https://portal.example", sessionId: "s", fetch });
    expect(progress.storage.load()).toBeNull();
    progress.storage.save('{"step":1}');
    await progress.flush();
    fail = false;
    progress.storage.save('{"step":1}');
    await progress.flush();
    progress.storage.save('{"step":1}');
    await progress.flush();
    expect(bodies).toEqual(['{"snapshot":{"step":1}}', '{"snapshot":{"step":1}}']);
  });
});
