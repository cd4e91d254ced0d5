import { createPortalMessage } from "./protocol.js";
import type { PortalMessage, PortalMessageInput } from "./protocol.js";

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

/** The parts of `window` the bridge reads; a real window fits. */
export interface PortalBridgeWindow {
  parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
  ReactNativeWebView?: PostsText;
  webkit?: { messageHandlers?: { onflex?: { postMessage(message: unknown): void } } };
  OnflexAndroid?: PostsText;
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
