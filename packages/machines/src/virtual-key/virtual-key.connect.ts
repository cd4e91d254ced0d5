import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { VirtualKeyMachine } from "./virtual-key.machine.js";
import type { VirtualKeyDisplay, VirtualKeyEvent, VirtualKeyNotice, VirtualKeyStep } from "./virtual-key.types.js";

export type VirtualKeySnapshot = SnapshotFrom<VirtualKeyMachine>;

/** Everything a virtual key view renders and every command it may call. */
export interface VirtualKeyView {
  step: VirtualKeyStep;
  /** "Tesla Model 3". */
  deviceLabel: string;
  /** How to offer the key, as the flow was told (`auto`: the view decides from its device). */
  display: VirtualKeyDisplay;
  /** The name the key has in the car's key list, once loaded. */
  keyName: string | null;
  /** The link that adds the key (the QR code's content, and a link for people who cannot scan). */
  keyUrl: string | null;
  /** Loading the key, or checking the car because the user asked. */
  isLoading: boolean;
  /** The key is offered and the car is checked in the background. */
  isWaiting: boolean;
  /** Waiting, with background checks paused because the page is hidden. */
  isPaused: boolean;
  isPaired: boolean;
  pairedAt: string | null;
  /** What the user's last check found, when it was not the key. */
  notice: VirtualKeyNotice | null;
  /** The user opened the link on this device (the Tesla app). */
  opened: boolean;
  /** The host could not open the link: point at the link itself. */
  openBlocked: boolean;
  error: FlowError | null;
  canOpen: boolean;
  canCheck: boolean;
  canRetry: boolean;
  canExit: boolean;
  /** Opens the link on this device: call it inside the click handler, so a popup is allowed. */
  open(): void;
  /** "I've added the key". */
  check(): void;
  /** The page was hidden or shown again (document.visibilitychange). */
  pageHidden(): void;
  pageVisible(): void;
  retry(): void;
  exit(): void;
  getRootProps(): PartProps;
  /** The link as text, for people who cannot scan: it opens the Tesla app, without an opener. */
  getKeyLinkProps(): PartProps & { href: string; target: "_blank"; rel: "noopener noreferrer" };
}

function stepOf(value: VirtualKeySnapshot["value"]): VirtualKeyStep {
  return (typeof value === "string" ? value : Object.keys(value)[0]) as VirtualKeyStep;
}

export function connectVirtualKey(snapshot: VirtualKeySnapshot, send: Send<VirtualKeyEvent>): VirtualKeyView {
  const { context } = snapshot;
  const step = stepOf(snapshot.value);
  const keyUrl = context.details?.virtualKeyUri ?? null;
  return {
    step,
    deviceLabel: `${context.device.make} ${context.device.model}`,
    display: context.display,
    keyName: context.details?.virtualKeyName ?? null,
    keyUrl,
    isLoading: step === "loading" || step === "confirming",
    isWaiting: step === "waiting",
    isPaused: snapshot.matches({ waiting: "paused" }),
    isPaired: step === "paired",
    pairedAt: context.pairedAt,
    notice: step === "waiting" ? context.notice : null,
    opened: context.opened,
    openBlocked: step === "waiting" && context.openBlocked,
    error: step === "loadFailed" || step === "checkFailed" ? context.error : null,
    canOpen: snapshot.can({ type: "KEY.OPEN" }),
    canCheck: snapshot.can({ type: "KEY.CHECK" }),
    canRetry: snapshot.can({ type: "KEY.RETRY" }),
    canExit: snapshot.can({ type: "KEY.EXIT" }),
    open: () => send({ type: "KEY.OPEN" }),
    check: () => send({ type: "KEY.CHECK" }),
    pageHidden: () => send({ type: "KEY.PAGE_HIDDEN" }),
    pageVisible: () => send({ type: "KEY.PAGE_VISIBLE" }),
    retry: () => send({ type: "KEY.RETRY" }),
    exit: () => send({ type: "KEY.EXIT" }),
    getRootProps: () => partProps("virtualKey", "root", step),
    getKeyLinkProps: () => ({ ...partProps("virtualKey", "key-link", step), href: keyUrl ?? "", target: "_blank", rel: "noopener noreferrer" }),
  };
}
