import type { RegisteredDevice, VirtualKeyDetails } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

/**
 * How to offer the key: a QR code of the link to scan with the phone that has the Tesla app
 * (a desktop), a button that opens the link on this device (a phone, a WebView), or `auto` for
 * the view to decide from the device it runs on.
 */
export type VirtualKeyDisplay = "auto" | "qr" | "link";

export interface VirtualKeyInput {
  /** The registered device (the `device` fact): a Tesla. */
  device: RegisteredDevice;
  display?: VirtualKeyDisplay;
}

/** What the last check the user asked for found, when it was not the key: shown as guidance beside the key. */
export type VirtualKeyNotice = "not_paired" | "vehicle_offline";

export interface VirtualKeyContext {
  device: RegisteredDevice;
  display: VirtualKeyDisplay;
  /** The key's name and the link that adds it, once loaded. */
  details: VirtualKeyDetails | null;
  /** Background checks made while waiting, for the backoff. */
  polls: number;
  notice: VirtualKeyNotice | null;
  /** The user opened the link on this device: the view says to come back once the key is added. */
  opened: boolean;
  /** The host could not open the link (a blocked popup): the view points at the link itself. */
  openBlocked: boolean;
  /** The device's provider needs no virtual key. */
  notNeeded: boolean;
  pairedAt: string | null;
  error: FlowError | null;
}

export type VirtualKeyEvent =
  /** "Open the Tesla app": opens the link through the host, inside the click. */
  | { type: "KEY.OPEN" }
  /** "I've added the key": ask whether it is on the car now. */
  | { type: "KEY.CHECK" }
  /** The page was hidden or shown again: background checks pause while nobody is looking. */
  | { type: "KEY.PAGE_HIDDEN" }
  | { type: "KEY.PAGE_VISIBLE" }
  | { type: "KEY.RETRY" }
  | { type: "KEY.EXIT" }
  /** Back from the Tesla app or the system browser (a host's resume): check at once. */
  | { type: "FLOW.RESUME"; url?: string; purpose?: string }
  /** Raised by the machine itself with what the opener said. */
  | { type: "KEY.OPEN_RESULT"; opened: boolean };

/** How the flow ended; `null` when the user left. */
export type VirtualKeyOutput =
  | { outcome: "paired"; deviceId: string; virtualKeyName: string; pairedAt: string }
  /** The device's provider needs no virtual key (not a Tesla): the journey should not have placed the step. */
  | { outcome: "not_needed"; deviceId: string; provider: RegisteredDevice["provider"] }
  | null;

export type VirtualKeyStep = "loading" | "loadFailed" | "waiting" | "confirming" | "checkFailed" | "paired" | "notNeeded" | "exited";

/** The virtual key fact: the platform's key is on this car, since `pairedAt`. */
export interface VirtualKeyPairing {
  deviceId: string;
  virtualKeyName: string;
  pairedAt: string;
}
