import { dispatchPortalMessage } from "./host.callbacks.js";
import type { PortalCallbacks } from "./host.callbacks.js";
import { readPortalMessage } from "./protocol.js";
import { createHostMessage } from "./protocol.send.js";
import type { HostMessageInput, HostPayloads, UnknownPortalMessage } from "./protocol.types.js";

export interface RejectedPortalMessage {
  /**
   * `origin`: not from the portal's origin; `source`: not from this iframe; `schema`: not a
   * valid message; `version`: a portal message of another protocol version (update `@onflex/embed`).
   */
  reason: "origin" | "source" | "schema" | "version";
  event: MessageEvent;
}

export interface MountPortalOptions extends PortalCallbacks {
  /** The signed portal URL from the host's backend. Messages are accepted from its origin only. */
  url: string | URL;
  /** CSS pixels; 320 by default. */
  minHeight?: number;
  /** CSS pixels; unbounded by default. */
  maxHeight?: number;
  /** The iframe's accessible name; "Onflex onboarding" by default. */
  title?: string;
  /** The iframe's permissions policy (`allow` attribute), e.g. "clipboard-write". */
  allow?: string;
  /** Debug hook: messages dropped because of their origin, sender or shape. */
  onRejectedMessage?: (rejection: RejectedPortalMessage) => void;
  /**
   * Debug hook: a message from the portal, of this protocol version, whose type this host
   * does not know (a later portal added it). It is ignored; this only says it arrived.
   */
  onUnknownMessage?: (unknown: { message: UnknownPortalMessage; event: MessageEvent }) => void;
}

export interface PortalHandle {
  readonly iframe: HTMLIFrameElement;
  /** The only origin messages are accepted from. */
  readonly origin: string;
  /**
   * Tells the portal the user is back from the page `onOpenExternal` was asked to open,
   * with the address they came back on when the host knows it. Posted to the iframe at the
   * portal's exact origin; false when the portal is gone (destroyed or not loaded).
   */
  resume(payload?: HostPayloads["resume"]): boolean;
  /** Sends any host message (`resume` is the only one today); throws a TypeError for an invalid one. */
  send(message: HostMessageInput): boolean;
  /** Removes the message listener and the iframe. Safe to call more than once. */
  destroy(): void;
}

const DEFAULT_MIN_HEIGHT = 320;
const DEFAULT_TITLE = "Onflex onboarding";

interface Mounted {
  handle: PortalHandle;
  href: string;
  options: MountPortalOptions;
  /** The portal's last reported content height, so new bounds re-clamp the real height. */
  contentHeight: number;
}

// One portal per container element, so a second mount (React StrictMode, a re-render, a
// framework calling us twice) reuses the iframe instead of loading the one-time link again.
const mounted = new WeakMap<Element, Mounted>();

function resolvePortalUrl(url: string | URL, base: string): URL {
  let resolved: URL;
  try {
    resolved = new URL(url, base);
  } catch {
    throw new TypeError("mountPortal: url is not a valid URL.");
  }
  if (resolved.protocol !== "https:" && resolved.protocol !== "http:") {
    throw new TypeError("mountPortal: url must be http(s), so that messages can be tied to its origin.");
  }
  return resolved;
}

function clamp(height: number, options: MountPortalOptions): number {
  const min = options.minHeight ?? DEFAULT_MIN_HEIGHT;
  const max = Math.max(min, options.maxHeight ?? Number.POSITIVE_INFINITY);
  return Math.min(max, Math.max(min, height));
}

function applyAttributes(iframe: HTMLIFrameElement, options: MountPortalOptions): void {
  iframe.title = options.title ?? DEFAULT_TITLE;
  if (options.allow) iframe.setAttribute("allow", options.allow);
  else iframe.removeAttribute("allow");
}

/**
 * Mounts the portal in an iframe inside `element` and hands its messages to the callbacks
 * (`onEvent`, `onComplete`, `onExit`, `onReady`, `onResize`, …). A message is accepted only
 * if it comes from the portal URL's origin, from this iframe's window, and parses as a
 * protocol message; everything else is dropped (`onRejectedMessage` says why), and a message
 * of a type this version does not know is ignored (`onUnknownMessage`).
 */
export function mountPortal(element: HTMLElement, options: MountPortalOptions): PortalHandle {
  const doc = element.ownerDocument;
  const win = doc.defaultView;
  if (!win) throw new TypeError("mountPortal: element must belong to a document with a window.");
  const url = resolvePortalUrl(options.url, doc.baseURI);

  const existing = mounted.get(element);
  if (existing && existing.href === url.href) {
    existing.options = options;
    applyAttributes(existing.handle.iframe, options);
    existing.handle.iframe.style.height = `${clamp(existing.contentHeight, options)}px`;
    return existing.handle;
  }
  existing?.handle.destroy();

  const iframe = doc.createElement("iframe");
  applyAttributes(iframe, options);
  iframe.style.display = "block";
  iframe.style.width = "100%";
  iframe.style.border = "0";
  iframe.style.height = `${clamp(0, options)}px`;
  iframe.src = url.href;

  const origin = url.origin;
  const state: Mounted = { handle: undefined as unknown as PortalHandle, href: url.href, options, contentHeight: 0 };
  const onMessage = (event: MessageEvent) => {
    const current = state.options;
    if (event.origin !== origin) return current.onRejectedMessage?.({ reason: "origin", event });
    // Checked as well as the origin: another frame from the same origin must not speak for this one.
    if (event.source === null || event.source !== iframe.contentWindow) return current.onRejectedMessage?.({ reason: "source", event });
    const read = readPortalMessage(event.data);
    if (!read.ok) {
      if (read.reason === "unknown_type") return current.onUnknownMessage?.({ message: read.message, event });
      return current.onRejectedMessage?.({ reason: read.reason, event });
    }
    const { message } = read;
    if (message.type === "resize") {
      state.contentHeight = message.payload.height;
      iframe.style.height = `${clamp(message.payload.height, current)}px`;
    }
    dispatchPortalMessage(message, current);
  };

  let destroyed = false;
  const send = (input: HostMessageInput): boolean => {
    const message = createHostMessage(input);
    const target = iframe.contentWindow;
    if (destroyed || !target) return false;
    // The exact origin: if the frame has navigated elsewhere, the browser drops the message.
    target.postMessage(message, origin);
    return true;
  };
  const handle: PortalHandle = {
    iframe,
    origin,
    send,
    resume: (payload = {}) => send({ type: "resume", payload }),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      win.removeEventListener("message", onMessage);
      iframe.remove();
      if (mounted.get(element) === state) mounted.delete(element);
    },
  };
  state.handle = handle;
  mounted.set(element, state);
  win.addEventListener("message", onMessage);
  element.appendChild(iframe);
  return handle;
}
