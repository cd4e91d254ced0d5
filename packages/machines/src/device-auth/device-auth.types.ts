import type { AuthorisedDevice, DeviceAuthFailure, DeviceAuthStart, DeviceProvider, RegisteredDevice } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

export interface DeviceAuthInput {
  /** The registered device (the `device` fact): whose maker to sign in at, and whether it uses OAuth. */
  device: RegisteredDevice;
}

/** Why a sign-in did not authorise the device: the server's reasons, plus the user closing or cancelling it. */
export type DeviceAuthOutcome = DeviceAuthFailure | "cancelled";

export interface DeviceAuthContext {
  device: RegisteredDevice;
  /** Its provider has no OAuth sign-in: the flow ends blocked (guided providers are not supported yet). */
  guided: boolean;
  /** The live sign-in: the maker's URI and its one-time state (no secret: the server keeps the PKCE verifier). */
  signIn: DeviceAuthStart | null;
  /** Status checks made while waiting, for the backoff. */
  polls: number;
  outcome: DeviceAuthOutcome | null;
  authorised: AuthorisedDevice | null;
  error: FlowError | null;
}

export type DeviceAuthEvent =
  /** "Sign in with <Maker>": opens the sign-in, synchronously inside the click. */
  | { type: "AUTH.OPEN" }
  /** The user opened the sign-in with the fallback link after a blocked popup. */
  | { type: "AUTH.LINK_OPENED" }
  /** The sign-in window sent back the URL the maker returned to (a shortcut; the server is the source of truth). */
  | { type: "AUTH.RETURNED"; url: string }
  | { type: "AUTH.CANCEL" }
  /** The page was hidden or shown again: status checks pause while nobody is looking. */
  | { type: "AUTH.PAGE_HIDDEN" }
  | { type: "AUTH.PAGE_VISIBLE" }
  | { type: "AUTH.RETRY" }
  | { type: "AUTH.EXIT" }
  /** Back from a redirect or the system browser, with the URL the maker sent the user to. */
  | { type: "FLOW.RESUME"; url?: string; purpose?: string }
  /** Raised by the machine itself with what the opener said. */
  | { type: "AUTH.OPENED"; mode: "popup" | "redirect" | "system_browser" }
  | { type: "AUTH.OPEN_BLOCKED" };

/** How the flow ended; `null` when the user left. */
export type DeviceAuthOutput =
  | { outcome: "authorised"; device: AuthorisedDevice }
  | { outcome: "guided_not_supported_yet"; provider: DeviceProvider }
  | null;

export type DeviceAuthStep =
  | "preparing"
  | "startFailed"
  | "ready"
  | "opening"
  | "popupBlocked"
  | "waiting"
  | "completing"
  | "denied"
  | "cancelled"
  | "stateMismatch"
  | "codeExpired"
  | "providerUnavailable"
  | "completeFailed"
  | "authorised"
  | "notSupported"
  | "exited";

/** The authorisation fact: the device the platform may now control. */
export interface DeviceAuthorisation {
  deviceId: string;
  provider: DeviceProvider;
  authState: "AUTHENTICATION_COMPLETE";
  authorisedAt: string;
}
