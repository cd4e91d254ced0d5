import { mountPortal } from "@onflex/embed";
import type { PortalMessage, RejectedPortalMessage } from "@onflex/embed";
import { afterEach, describe, expect, it, vi } from "vitest";

const PORTAL_URL = "https://portal.example/embed?v=2&site_id=s1&signature=abc";
const PORTAL_ORIGIN = "https://portal.example";

const message = (type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({ source: "onflex-portal", version: 1, type, payload, ...extra });

function post(data: unknown, { origin = PORTAL_ORIGIN, source }: { origin?: string; source: MessageEventSource | null }) {
  window.dispatchEvent(new MessageEvent("message", { origin, source, data }));
}

function setup(options: Partial<Parameters<typeof mountPortal>[1]> = {}) {
  const element = document.createElement("div");
  document.body.append(element);
  const events: PortalMessage[] = [];
  const rejected: RejectedPortalMessage["reason"][] = [];
  const handle = mountPortal(element, {
    url: PORTAL_URL,
    onEvent: (m) => events.push(m),
    onRejectedMessage: (r) => rejected.push(r.reason),
    ...options,
  });
  return { element, handle, events, rejected, frame: handle.iframe.contentWindow };
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

  it("passes on valid messages from the portal's own iframe", () => {
    const { events, frame } = setup();
    post(message("ready", { siteId: "s1" }), { source: frame });
    post(message("step", { step: "consent", index: 2, total: 5 }), { source: frame });
    expect(events.map((e) => e.type)).toEqual(["ready", "step"]);
    expect(events[1]).toMatchObject({ payload: { step: "consent", index: 2, total: 5 } });
  });

  it("accepts the JSON text form too", () => {
    const { events, frame } = setup();
    post(JSON.stringify(message("exit", { reason: "closed" })), { source: frame });
    expect(events).toEqual([message("exit", { reason: "closed" })]);
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

  it("drops malformed payloads, unknown types and unknown versions", () => {
    const { events, rejected, frame } = setup();
    const bad = [
      message("ready", {}),
      message("resize", { height: "200px" }),
      message("step", { step: "consent", index: 5, total: 5 }),
      message("completed", { output: { consent: { id: "c1" } } }),
      message("teleport", {}),
      message("ready", { siteId: "s1" }, { version: 2 }),
      message("ready", { siteId: "s1" }, { source: "someone-else" }),
      "{not json",
      null,
      42,
    ];
    for (const data of bad) post(data, { source: frame });
    expect(events).toEqual([]);
    expect(rejected).toEqual(bad.map(() => "schema"));
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
    mountPortal(element, { url: PORTAL_URL, onEvent: () => {}, minHeight: 200, maxHeight: 500 });
    expect(handle.iframe.style.height).toBe("500px");
    mountPortal(element, { url: PORTAL_URL, onEvent: () => {}, minHeight: 200, maxHeight: 1000 });
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
    const again = mountPortal(element, { url: PORTAL_URL, onEvent: (m) => later.push(m) });
    expect(again).toBe(handle);
    expect(element.querySelectorAll("iframe")).toHaveLength(1);
    post(message("ready", { siteId: "s1" }), { source: frame });
    expect(events).toEqual([]);
    expect(later).toHaveLength(1);
  });

  it("replaces the iframe when the same element is given a different URL", () => {
    const { element, handle } = setup();
    const next = mountPortal(element, { url: "https://portal.example/embed?other=1", onEvent: () => {} });
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
    expect(() => mountPortal(element, { url: "javascript:alert(1)", onEvent: () => {} })).toThrow(/must be http\(s\)/);
    expect(() => mountPortal(element, { url: "data:text/html,hi", onEvent: () => {} })).toThrow(/must be http\(s\)/);
    expect(element.querySelector("iframe")).toBeNull();
  });
});
