import { mountPortal, PORTAL_PROTOCOL_VERSION } from "@onflex/embed";
import type { PortalMessage, RejectedPortalMessage } from "@onflex/embed";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";

const PORTAL_URL = "https://portal.example/embed?v=2&site_id=s1&signature=abc";
const PORTAL_ORIGIN = "https://portal.example";

const message = (type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({ source: "onflex-portal", version: PORTAL_PROTOCOL_VERSION, type, payload, ...extra });
const consent = {
  id: "consent_1",
  mpan: "1200023305967",
  proposition: "intelligent_octopus",
  termsVersion: "2026-01",
  givenAt: "2026-11-21T09:30:00.000Z",
  recordedAt: "2026-11-21T09:30:01.000Z",
};
const completion = { journeyId: "axle-smart-charging", facts: { consent, assetModel: "myenergi zappi v2" }, steps: ["address", "eligibility", "consent"] };
const stepPayload = { stepId: "consent", flow: "consent", index: 2, total: 3 };

function post(data: unknown, { origin = PORTAL_ORIGIN, source }: { origin?: string; source: MessageEventSource | null }) {
  window.dispatchEvent(new MessageEvent("message", { origin, source, data }));
}

function setup(options: Partial<Parameters<typeof mountPortal>[1]> = {}) {
  const element = document.createElement("div");
  document.body.append(element);
  const events: PortalMessage[] = [];
  const calls: Array<[string, unknown]> = [];
  const rejected: RejectedPortalMessage["reason"][] = [];
  const record = (name: string) => (value: unknown) => calls.push([name, value]);
  const handle = mountPortal(element, {
    url: PORTAL_URL,
    onMessage: (m) => events.push(m),
    onEvent: record("onEvent"),
    onStepChange: record("onStepChange"),
    onComplete: record("onComplete"),
    onExit: record("onExit"),
    onReady: record("onReady"),
    onResize: record("onResize"),
    onOpenExternal: record("onOpenExternal"),
    onRejectedMessage: (r) => rejected.push(r.reason),
    ...options,
  });
  return { element, handle, events, calls, rejected, frame: handle.iframe.contentWindow };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("mountPortal", () => {
  it("mounts one titled iframe pointing at the signed URL", () => {
    const { element, handle } = setup({ title: "Join the flexibility programme", allow: "clipboard-write" });
    expect(element.querySelectorAll("iframe")).toHaveLength(1);
    expect(handle.iframe.getAttribute("title")).toBe("Join the flexibility programme");
    expect(handle.iframe.getAttribute("allow")).toBe("clipboard-write");
    expect(handle.iframe.src).toBe(PORTAL_URL);
    expect(handle.origin).toBe(PORTAL_ORIGIN);
  });

  it("gives the iframe a default accessible name", () => {
    const { handle } = setup();
    expect(handle.iframe.title).toBe("Onflex onboarding");
  });

  it("hands each message to the callback <OnboardingFlow> would call, in its shape", () => {
    const { events, calls, frame } = setup();
    post(message("ready", { siteId: "s1" }), { source: frame });
    post(message("resize", { height: 480 }), { source: frame });
    post(message("step", stepPayload), { source: frame });
    post(message("error", { code: "network", message: "Offline.", stepId: "consent" }), { source: frame });
    post(message("open_external", { url: "https://auth.maker.example/authorize", purpose: "device_auth" }), { source: frame });
    post(message("completed", { output: completion }), { source: frame });
    post(message("notice", { flow: "manageEnrollment", stepId: "manageEnrollment", notice: { change: "unenrolled", enrollmentId: "e1", programId: "p1" } }), { source: frame });
    post(message("exit", { reason: "declined", stepId: "consent", flow: "consent" }), { source: frame });
    expect(events.map((e) => e.type)).toEqual(["ready", "resize", "step", "error", "open_external", "completed", "notice", "exit"]);
    expect(calls).toEqual([
      ["onReady", { siteId: "s1" }],
      ["onResize", { height: 480 }],
      ["onEvent", { type: "step", ...stepPayload }],
      ["onStepChange", { type: "step", ...stepPayload }],
      ["onEvent", { type: "error", code: "network", message: "Offline.", stepId: "consent" }],
      ["onEvent", { type: "open_external", url: "https://auth.maker.example/authorize", purpose: "device_auth" }],
      ["onOpenExternal", { url: "https://auth.maker.example/authorize", purpose: "device_auth" }],
      ["onComplete", completion],
      ["onEvent", { type: "notice", flow: "manageEnrollment", stepId: "manageEnrollment", notice: { change: "unenrolled", enrollmentId: "e1", programId: "p1" } }],
      ["onExit", { reason: "declined", stepId: "consent", flow: "consent" }],
    ]);
  });

  it("accepts the JSON text form too", () => {
    const { calls, frame } = setup();
    post(JSON.stringify(message("exit", { reason: "user_closed", stepId: "address", flow: "address" })), { source: frame });
    expect(calls).toEqual([["onExit", { reason: "user_closed", stepId: "address", flow: "address" }]]);
  });

  it("resume() posts a host message to the portal's iframe at its exact origin", () => {
    const { handle } = setup();
    const postMessage = vi.spyOn(handle.iframe.contentWindow!, "postMessage");
    expect(handle.resume({ url: "https://host.example/back?code=1" })).toBe(true);
    expect(postMessage).toHaveBeenCalledWith({ source: "onflex-host", version: PORTAL_PROTOCOL_VERSION, type: "resume", payload: { url: "https://host.example/back?code=1" } }, PORTAL_ORIGIN);
    expect(() => handle.resume({ url: "javascript:alert(1)" })).toThrow(/payload\.url/);
    handle.destroy();
    expect(handle.resume()).toBe(false);
  });

  it("drops messages from another origin, even from the right iframe", () => {
    const { events, rejected, frame } = setup();
    post(message("ready", { siteId: "s1" }), { source: frame, origin: "https://evil.example" });
    post(message("ready", { siteId: "s1" }), { source: frame, origin: "http://portal.example" });
    post(message("ready", { siteId: "s1" }), { source: frame, origin: "https://portal.example:8443" });
    expect(events).toEqual([]);
    expect(rejected).toEqual(["origin", "origin", "origin"]);
  });

  it("drops messages from another window, even with the right origin", () => {
    const { events, rejected } = setup();
    const other = document.createElement("iframe");
    document.body.append(other);
    post(message("ready", { siteId: "s1" }), { source: other.contentWindow });
    post(message("ready", { siteId: "s1" }), { source: window });
    post(message("ready", { siteId: "s1" }), { source: null });
    expect(events).toEqual([]);
    expect(rejected).toEqual(["source", "source", "source"]);
  });

  it("drops malformed payloads and unknown versions", () => {
    const { events, calls, rejected, frame } = setup();
    const bad = [
      message("ready", {}),
      message("resize", { height: "200px" }),
      message("step", { ...stepPayload, index: 5, total: 5 }),
      message("completed", { output: { ...completion, facts: { consent: { id: "c1" } } } }),
      message("Teleport", {}),
      message("teleport", "not an object"),
      message("ready", { siteId: "s1" }, { source: "someone-else" }),
      "{not json",
      null,
      42,
    ];
    for (const data of bad) post(data, { source: frame });
    // An older portal (1, 2) or a newer one is named as such, for a host that needs to upgrade.
    post(message("exit", { reason: "closed" }, { version: 1 }), { source: frame });
    post(message("enrollment", { change: "enrolled", enrollmentId: "e", programId: "p", stepId: null }, { version: 2 }), { source: frame });
    post(message("ready", { siteId: "s1" }, { version: PORTAL_PROTOCOL_VERSION + 1 }), { source: frame });
    expect(events).toEqual([]);
    expect(calls).toEqual([]);
    expect(rejected).toEqual([...bad.map(() => "schema"), "version", "version", "version"]);
  });

  it("ignores a message type of this version it does not know (a later portal's), telling only onUnknownMessage", () => {
    const unknown: string[] = [];
    const { events, calls, rejected, frame } = setup({ onUnknownMessage: ({ message, event }) => unknown.push(`${message.type}@${event.origin}`) });
    post(message("teleport", { to: "mars" }), { source: frame });
    post(message("exit", { reason: "moved_house", stepId: null, flow: null }), { source: frame });
    expect(unknown).toEqual([`teleport@${PORTAL_ORIGIN}`]);
    expect(rejected).toEqual([]);
    // A later exit reason still ends the journey for the host, as `unknown`.
    expect(events.map((e) => e.type)).toEqual(["exit"]);
    expect(calls).toEqual([["onExit", { reason: "unknown", unknownReason: "moved_house", stepId: null, flow: null }]]);
    // From the wrong origin it is rejected like any other message, never reported as unknown.
    post(message("teleport", {}), { source: frame, origin: "https://evil.example" });
    expect(unknown).toHaveLength(1);
    expect(rejected).toEqual(["origin"]);
  });

  it("lets none of 2,000 hostile messages through, from the iframe or elsewhere", () => {
    const { calls, events, frame } = setup();
    const other = document.createElement("iframe");
    document.body.append(other);
    const valid = [message("ready", { siteId: "s1" }), message("completed", { output: completion }), message("exit", { reason: "declined", stepId: null, flow: null })];
    // Valid messages from the wrong origin or window, and anything at all from the right one
    // that is not a protocol message (a version 1 message, a mangled envelope, random data).
    const mangled = fc.record({
      source: fc.constantFrom("onflex-portal", "onflex-host", "Onflex-portal"),
      version: fc.constantFrom(1, 2, PORTAL_PROTOCOL_VERSION + 1, String(PORTAL_PROTOCOL_VERSION), null),
      type: fc.constantFrom("ready", "completed", "exit", "step"),
      payload: fc.anything(),
    });
    const fromRightFrame = fc.oneof(fc.anything(), fc.json(), mangled).map((data) => ({ data, origin: PORTAL_ORIGIN, source: frame }));
    const fromElsewhere = fc.record({
      data: fc.constantFrom(...valid),
      origin: fc.constantFrom(PORTAL_ORIGIN, "https://evil.example", "http://portal.example", "null"),
      source: fc.constantFrom<MessageEventSource | null>(window, other.contentWindow, null),
    });
    fc.assert(
      fc.property(fc.oneof(fromRightFrame, fromElsewhere), ({ data, origin, source }) => {
        post(data, { origin, source });
      }),
      { numRuns: 2000 },
    );
    expect(events).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("resizes from resize messages, clamped to [minHeight, maxHeight]", () => {
    const { handle, frame, events } = setup({ minHeight: 200, maxHeight: 900 });
    expect(handle.iframe.style.height).toBe("200px");
    post(message("resize", { height: 640 }), { source: frame });
    expect(handle.iframe.style.height).toBe("640px");
    post(message("resize", { height: 5000 }), { source: frame });
    expect(handle.iframe.style.height).toBe("900px");
    post(message("resize", { height: 10 }), { source: frame });
    expect(handle.iframe.style.height).toBe("200px");
    expect(events.filter((e) => e.type === "resize")).toHaveLength(3);
  });

  it("re-clamps the portal's last reported height when the bounds change", () => {
    const { element, handle, frame } = setup({ minHeight: 200, maxHeight: 900 });
    post(message("resize", { height: 640 }), { source: frame });
    mountPortal(element, { url: PORTAL_URL, minHeight: 200, maxHeight: 500 });
    expect(handle.iframe.style.height).toBe("500px");
    mountPortal(element, { url: PORTAL_URL, minHeight: 200, maxHeight: 1000 });
    expect(handle.iframe.style.height).toBe("640px");
  });

  it("ignores a resize from the wrong origin", () => {
    const { handle, frame } = setup({ minHeight: 200 });
    post(message("resize", { height: 640 }), { source: frame, origin: "https://evil.example" });
    expect(handle.iframe.style.height).toBe("200px");
  });

  it("is idempotent per element: a second mount reuses the iframe and the newest callbacks", () => {
    const { element, handle, frame, events } = setup();
    const later: PortalMessage[] = [];
    const again = mountPortal(element, { url: PORTAL_URL, onMessage: (m) => later.push(m) });
    expect(again).toBe(handle);
    expect(element.querySelectorAll("iframe")).toHaveLength(1);
    post(message("ready", { siteId: "s1" }), { source: frame });
    expect(events).toEqual([]);
    expect(later).toHaveLength(1);
  });

  it("replaces the iframe when the same element is given a different URL", () => {
    const { element, handle } = setup();
    const next = mountPortal(element, { url: "https://portal.example/embed?other=1" });
    expect(next).not.toBe(handle);
    expect(handle.iframe.isConnected).toBe(false);
    expect(element.querySelectorAll("iframe")).toHaveLength(1);
  });

  it("destroy removes the iframe and stops listening; a second destroy is harmless", () => {
    const remove = vi.spyOn(window, "removeEventListener");
    const { element, handle, events, rejected, frame } = setup();
    handle.destroy();
    handle.destroy();
    expect(element.querySelector("iframe")).toBeNull();
    expect(remove).toHaveBeenCalledWith("message", expect.any(Function));
    post(message("ready", { siteId: "s1" }), { source: frame });
    post(message("ready", { siteId: "s1" }), { source: window, origin: "https://evil.example" });
    expect(events).toEqual([]);
    expect(rejected).toEqual([]);
    remove.mockRestore();
  });

  it("refuses URLs whose messages could not be tied to an origin", () => {
    const element = document.createElement("div");
    expect(() => mountPortal(element, { url: "javascript:alert(1)" })).toThrow(/must be http\(s\)/);
    expect(() => mountPortal(element, { url: "data:text/html,hi" })).toThrow(/must be http\(s\)/);
    expect(element.querySelector("iframe")).toBeNull();
  });
});
