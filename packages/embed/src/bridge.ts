import { createPortalMessage, parseHostMessage } from "./protocol.send.js";
import type { HostMessage, PortalMessage, PortalMessageInput } from "./protocol.types.js";

/**
 * Where a portal message can go. The native names are part of the contract with host apps:
 * - `parent`: `window.parent.postMessage(message, targetOrigin)` when the portal is framed
 * - `react-native`: `window.ReactNativeWebView.postMessage(JSON text)` (react-native-webview)
 * - `ios`: `window.webkit.messageHandlers.onflex.postMessage(message)` (WKScriptMessageHandler named "onflex")
 * - `android`: `window.OnflexAndroid.postMessage(JSON text)` (addJavascriptInterface(obj, "OnflexAndroid"))
 */
export type PortalTransport = "parent" | "react-native" | "ios" | "android";

interface PostsText {
  postMessage(message: string): void;
}

/** What native code calls to deliver a host message: `window.onflexPortal.receive(message)`. */
export interface PortalReceiver {
  /** Takes the message object or its JSON text; returns whether it was accepted. */
  receive(message: unknown): boolean;
}

/** The parts of `window` the bridge reads; a real window fits. */
export interface PortalBridgeWindow {
  parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
  ReactNativeWebView?: PostsText;
  webkit?: { messageHandlers?: { onflex?: { postMessage(message: unknown): void } } };
  OnflexAndroid?: PostsText;
  addEventListener?(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener?(type: "message", listener: (event: MessageEvent) => void): void;
  onflexPortal?: PortalReceiver;
}

export interface PortalBridgeOptions {
  /**
   * The exact origin of the host page, e.g. from the signed link's `host_origin` or the site's
   * registered origins. Without it nothing is posted to a parent frame; `*` is refused.
   */
  targetOrigin?: string;
  /** Defaults to the global `window`; injectable for tests. */
  window?: PortalBridgeWindow;
}

export interface PortalBridge {
  /** Validates, stamps and delivers a message; returns the transports it went to. */
  send(message: PortalMessageInput): PortalTransport[];
  /** The transports available right now. */
  transports(): PortalTransport[];
  /**
   * Listens for host → portal messages (`resume`). Accepted only from the framing page at
   * exactly `targetOrigin` (the parent window, nothing else), or from native code through
   * `window.onflexPortal.receive(message)`; anything else is ignored. Returns a function
   * that stops listening.
   */
  onHostMessage(listener: (message: HostMessage) => void): () => void;
}

function exactOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError("createPortalBridge: targetOrigin must be an origin such as https://app.example.com.");
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.origin !== value) {
    throw new TypeError("createPortalBridge: targetOrigin must be an exact http(s) origin (no path, no '*').");
  }
  return value;
}

function hasPost(value: unknown): value is { postMessage: (message: never) => void } {
  return typeof value === "object" && value !== null && typeof (value as { postMessage?: unknown }).postMessage === "function";
}

// Every listener of a window behind its one `onflexPortal` receiver.
const nativeListeners = new WeakMap<PortalBridgeWindow, Set<(data: unknown) => boolean>>();

function addNativeListener(win: PortalBridgeWindow, deliver: (data: unknown) => boolean): () => void {
  let listeners = nativeListeners.get(win);
  if (!listeners) {
    const set = new Set<(data: unknown) => boolean>();
    listeners = set;
    nativeListeners.set(win, set);
    win.onflexPortal = { receive: (message) => [...set].map((listener) => listener(message)).some(Boolean) };
  }
  listeners.add(deliver);
  return () => {
    listeners.delete(deliver);
  };
}

/** For the portal web app: sends protocol messages to whatever embeds it. */
export function createPortalBridge(options: PortalBridgeOptions = {}): PortalBridge {
  const targetOrigin = options.targetOrigin === undefined ? undefined : exactOrigin(options.targetOrigin);
  const win = (options.window ?? (globalThis as { window?: PortalBridgeWindow }).window) as PortalBridgeWindow | undefined;

  const transports = (): PortalTransport[] => {
    if (!win) return [];
    const found: PortalTransport[] = [];
    if (targetOrigin && win.parent && (win.parent as unknown) !== win && hasPost(win.parent)) found.push("parent");
    if (hasPost(win.ReactNativeWebView)) found.push("react-native");
    if (hasPost(win.webkit?.messageHandlers?.onflex)) found.push("ios");
    if (hasPost(win.OnflexAndroid)) found.push("android");
    return found;
  };

  return {
    transports,
    onHostMessage(listener) {
      if (!win) return () => {};
      let active = true;
      const deliver = (data: unknown): boolean => {
        const message = active ? parseHostMessage(data) : null;
        if (!message) return false;
        listener(message);
        return true;
      };
      const onMessage = (event: MessageEvent) => {
        // Only the page that frames the portal, at the one origin the portal posts to.
        if (!targetOrigin || event.origin !== targetOrigin) return;
        if (!win.parent || (win.parent as unknown) === win || event.source !== (win.parent as unknown)) return;
        deliver(event.data);
      };
      win.addEventListener?.("message", onMessage);
      // Native hosts evaluate `window.onflexPortal.receive(…)` (see portalReceiveScript). Only
      // code running in this page can reach it: other origins cannot touch this window's properties.
      const stopNative = addNativeListener(win, deliver);
      return () => {
        active = false;
        win.removeEventListener?.("message", onMessage);
        stopNative();
      };
    },
    send(input) {
      const message: PortalMessage = createPortalMessage(input);
      const used = transports();
      if (!win) return used;
      const text = JSON.stringify(message);
      for (const transport of used) {
        if (transport === "parent") win.parent!.postMessage(message, targetOrigin!);
        else if (transport === "react-native") win.ReactNativeWebView!.postMessage(text);
        // WKWebView clones plain objects itself; no JSON round trip needed on iOS.
        else if (transport === "ios") win.webkit!.messageHandlers!.onflex!.postMessage(message);
        else win.OnflexAndroid!.postMessage(text);
      }
      return used;
    },
  };
}
