import { createHostMessage, createPortalBridge, PORTAL_PROTOCOL_VERSION, portalReceiveScript } from "@onflex/embed";
import type { HostMessage, PortalBridgeWindow } from "@onflex/embed";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";

const HOST = "https://app.example.com";
const step = { type: "step", payload: { stepId: "consent", flow: "consent", index: 1, total: 4 } } as const;
const stamped = { source: "onflex-portal", version: PORTAL_PROTOCOL_VERSION, ...step };

function fakeWindow(parts: Partial<PortalBridgeWindow> & { framed?: boolean } = {}) {
  const { framed = false, ...rest } = parts;
  const parent = { postMessage: vi.fn() };
  const win = { ...rest } as PortalBridgeWindow;
  win.parent = framed ? parent : (win as unknown as PortalBridgeWindow["parent"]);
  return { win, parent };
}

describe("createPortalBridge", () => {
  it("posts to the framing page with the exact target origin", () => {
    const { win, parent } = fakeWindow({ framed: true });
    const bridge = createPortalBridge({ targetOrigin: HOST, window: win });
    expect(bridge.send(step)).toEqual(["parent"]);
    expect(parent.postMessage).toHaveBeenCalledWith(stamped, HOST);
  });

  it("never posts to a parent without a target origin", () => {
    const { win, parent } = fakeWindow({ framed: true });
    expect(createPortalBridge({ window: win }).send(step)).toEqual([]);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it("does not post to itself when it is the top window", () => {
    const { win } = fakeWindow();
    expect(createPortalBridge({ targetOrigin: HOST, window: win }).transports()).toEqual([]);
  });

  it("uses React Native's WebView bridge with JSON text", () => {
    const ReactNativeWebView = { postMessage: vi.fn() };
    const { win } = fakeWindow({ ReactNativeWebView });
    expect(createPortalBridge({ window: win }).send(step)).toEqual(["react-native"]);
    expect(JSON.parse(ReactNativeWebView.postMessage.mock.calls[0]![0] as string)).toEqual(stamped);
  });

  it("uses the WKWebView handler named onflex with the object itself", () => {
    const onflex = { postMessage: vi.fn() };
    const { win } = fakeWindow({ webkit: { messageHandlers: { onflex } } });
    expect(createPortalBridge({ window: win }).send(step)).toEqual(["ios"]);
    expect(onflex.postMessage).toHaveBeenCalledWith(stamped);
  });

  it("ignores other WKWebView handlers", () => {
    const { win } = fakeWindow({ webkit: { messageHandlers: { somethingElse: { postMessage: vi.fn() } } as never } });
    expect(createPortalBridge({ window: win }).transports()).toEqual([]);
  });

  it("uses the Android interface OnflexAndroid with JSON text", () => {
    const OnflexAndroid = { postMessage: vi.fn() };
    const { win } = fakeWindow({ OnflexAndroid });
    expect(createPortalBridge({ window: win }).send(step)).toEqual(["android"]);
    expect(JSON.parse(OnflexAndroid.postMessage.mock.calls[0]![0] as string)).toEqual(stamped);
  });

  it("sends to every transport present (a framed page inside a React Native WebView)", () => {
    const ReactNativeWebView = { postMessage: vi.fn() };
    const { win, parent } = fakeWindow({ framed: true, ReactNativeWebView });
    expect(createPortalBridge({ targetOrigin: HOST, window: win }).send(step)).toEqual(["parent", "react-native"]);
    expect(parent.postMessage).toHaveBeenCalledTimes(1);
    expect(ReactNativeWebView.postMessage).toHaveBeenCalledTimes(1);
  });

  it("refuses wildcard and non-origin targets", () => {
    expect(() => createPortalBridge({ targetOrigin: "*" })).toThrow(/targetOrigin/);
    expect(() => createPortalBridge({ targetOrigin: "https://app.example.com/path" })).toThrow(/exact http\(s\) origin/);
    expect(() => createPortalBridge({ targetOrigin: "app.example.com" })).toThrow(/targetOrigin/);
  });

  it("refuses to send a message that breaks the protocol, naming the problem", () => {
    const { win, parent } = fakeWindow({ framed: true });
    const bridge = createPortalBridge({ targetOrigin: HOST, window: win });
    expect(() => bridge.send({ type: "resize", payload: { height: -5 } })).toThrow(/Invalid portal message "resize": payload\.height/);
    expect(() => bridge.send({ type: "open_external", payload: { url: "http://evil.example/", purpose: "device_auth" } })).toThrow(/payload\.url/);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it("works with the real window of an unframed page: nothing to send to", () => {
    expect(createPortalBridge({ targetOrigin: HOST }).transports()).toEqual([]);
  });
});

describe("createPortalBridge: host → portal messages", () => {
  const resume = createHostMessage({ type: "resume", payload: { url: "https://portal.example/return?code=abc" } });

  /** A framed portal in jsdom: the real window, with a stand-in parent whose identity the listener checks. */
  function framed(targetOrigin = HOST) {
    const parent = { postMessage: vi.fn() };
    // The listener goes on jsdom's real window, so real MessageEvents reach it.
    const win: PortalBridgeWindow = {
      parent,
      addEventListener: window.addEventListener.bind(window),
      removeEventListener: window.removeEventListener.bind(window),
    };
    const bridge = createPortalBridge({ ...(targetOrigin ? { targetOrigin } : {}), window: win });
    const received: HostMessage[] = [];
    const stop = bridge.onHostMessage((message) => received.push(message));
    const post = (data: unknown, origin = HOST, source: unknown = parent) =>
      window.dispatchEvent(new MessageEvent("message", { data, origin, source: source as MessageEventSource }));
    return { win, parent, bridge, received, stop, post };
  }

  it("accepts a resume from the framing page at the exact host origin", () => {
    const { received, post, stop } = framed();
    post(resume);
    post(JSON.stringify(resume));
    expect(received).toEqual([resume, resume]);
    stop();
  });

  it("ignores a resume from another origin, another window, or with no target origin", () => {
    const { received, post, stop } = framed();
    post(resume, "https://evil.example");
    post(resume, "http://app.example.com");
    post(resume, HOST, window);
    post(resume, HOST, null);
    post(resume, HOST, { postMessage: () => {} });
    stop();
    const unset = framed("");
    unset.post(resume);
    unset.stop();
    expect(received).toEqual([]);
    expect(unset.received).toEqual([]);
  });

  it("ignores 2,000 messages from any other origin or window, valid resumes included", () => {
    const { received, post, stop } = framed();
    const data = fc.oneof(fc.constant(resume), fc.constant(JSON.stringify(resume)), fc.anything());
    const origin = fc.constantFrom(HOST, "https://evil.example", "http://app.example.com", "https://app.example.com:8443", "null", "");
    const source = fc.constantFrom<unknown>("parent", window, null, { postMessage: () => {} });
    fc.assert(
      fc.property(data, origin, source, (message, from, by) => {
        if (from === HOST && by === "parent") return;
        post(message, from, by === "parent" ? undefined : by);
      }),
      { numRuns: 2000 },
    );
    stop();
    expect(received).toEqual([]);
  });

  it("ignores malformed and hostile resumes from the framing page itself", () => {
    const { received, post, stop } = framed();
    const inert = fc.constantFrom("javascript:alert(1)", "data:,x", "about:blank", "blob:https://a.example/1", "file:///etc/passwd", "not a url", "");
    const envelope = (payload: unknown) => ({ source: "onflex-host", version: PORTAL_PROTOCOL_VERSION, type: "resume", payload });
    const hostile = fc.oneof(
      fc.anything().filter((value) => typeof value !== "object" || value === null || (value as { source?: unknown }).source !== "onflex-host"),
      inert.map((url) => envelope({ url })),
      fc.string({ minLength: 1 }).map((key) => envelope({ [key === "url" || key === "purpose" ? `${key}_` : key]: 1 })),
      fc.record({ source: fc.constantFrom("onflex-portal", "onflex-host "), version: fc.constant(PORTAL_PROTOCOL_VERSION), type: fc.constant("resume"), payload: fc.constant({}) }),
      fc.record({
        source: fc.constant("onflex-host"),
        version: fc.constantFrom(1, 2, PORTAL_PROTOCOL_VERSION + 1, String(PORTAL_PROTOCOL_VERSION), null),
        type: fc.constant("resume"),
        payload: fc.constant({}),
      }),
      fc.record({ source: fc.constant("onflex-host"), version: fc.constant(PORTAL_PROTOCOL_VERSION), type: fc.string().filter((t) => t !== "resume"), payload: fc.constant({}) }),
    );
    fc.assert(
      fc.property(hostile, (message) => {
        post(message);
      }),
      { numRuns: 1000 },
    );
    stop();
    expect(received).toEqual([]);
  });

  it("stops listening when asked", () => {
    const { received, post, stop } = framed();
    stop();
    post(resume);
    expect(received).toEqual([]);
  });

  it("gives native hosts window.onflexPortal.receive, which takes what portalReceiveScript sends", () => {
    const { win, received, stop } = framed();
    expect(win.onflexPortal?.receive(resume)).toBe(true);
    expect(win.onflexPortal?.receive({ ...resume, type: "navigate" })).toBe(false);
    expect(win.onflexPortal?.receive("{")).toBe(false);
    const script = portalReceiveScript({ type: "resume", payload: { url: "myapp://back?code=1" } });
    new Function("window", script)(win);
    expect(received.map((m) => m.payload.url)).toEqual(["https://portal.example/return?code=abc", "myapp://back?code=1"]);
    stop();
    expect(win.onflexPortal?.receive(resume)).toBe(false);
    expect(received).toHaveLength(2);
  });
});
