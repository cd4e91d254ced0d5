import { createPortalBridge } from "@onflex/embed";
import type { PortalBridgeWindow } from "@onflex/embed";
import { describe, expect, it, vi } from "vitest";

const HOST = "https://app.example.com";
const step = { type: "step", payload: { step: "consent", index: 1, total: 4 } } as const;
const stamped = { source: "onflex-portal", version: 1, ...step };

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
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it("works with the real window of an unframed page: nothing to send to", () => {
    expect(createPortalBridge({ targetOrigin: HOST }).transports()).toEqual([]);
  });
});
