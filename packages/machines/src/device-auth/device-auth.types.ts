import type { AuthorisedDevice, DeviceAuthFailure, DeviceAuthGuide, DeviceAuthStart, DeviceProvider, GuidedAuthFailure, RegisteredDevice } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

export interface DeviceAuthInput {
  /** The registered device (the `device` fact): whose maker to sign in at, and whether it uses OAuth. */
  device: RegisteredDevice;
}

/** Why a sign-in or a guided authorisation did not authorise the device: the server's reasons, plus the user closing or cancelling it. */
export type DeviceAuthOutcome = DeviceAuthFailure | GuidedAuthFailure | "cancelled";

/** The guided ways, by what the user does: open the maker's app, or type the code it shows. */
export type GuidedWayKind = "app" | "code";

export interface DeviceAuthContext {
  device: RegisteredDevice;
  /** Its provider has no OAuth sign-in: the user is guided through the maker's app or a pairing code. */
  guided: boolean;
  /** The guided ways the platform offers (`deviceAuth.guide`). */
  guide: DeviceAuthGuide | null;
  /** The way the user chose, so waiting says what they are doing. */
  way: GuidedWayKind | null;
  /** The pairing code last sent, in its normal form ("JDLX-7K4P"). */
  code: string | null;
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
  | { type: "AUTH.OPEN_BLOCKED" }
  /** Guided: the user picks a way (the maker's app, or a pairing code), or goes back to pick another. */
  | { type: "GUIDED.CHOOSE"; way: GuidedWayKind }
  | { type: "GUIDED.CHOOSE_AGAIN" }
  /** Opens the maker's app (a phone or WebView through the host's opener), inside the click. */
  | { type: "GUIDED.OPEN_APP" }
  /** The user followed the app's link on a computer, or says they have finished in the app. */
  | { type: "GUIDED.APP_DONE" }
  /** The pairing code as the user typed it; the machine keeps only a code in the format. */
  | { type: "GUIDED.SUBMIT_CODE"; code: string }
  /** Back to the code form (a wrong or expired code, a failed request). */
  | { type: "GUIDED.EDIT_CODE" }
  | { type: "GUIDED.CHECK_NOW" }
  | { type: "GUIDED.KEEP_WAITING" };

/** How the flow ended; `null` when the user left. */
export type DeviceAuthOutput =
  | { outcome: "authorised"; device: AuthorisedDevice }
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
  | "guideLoading"
  | "guideFailed"
  | "choosing"
  | "appSteps"
  | "codeEntry"
  | "submittingCode"
  | "submitFailed"
  | "codeWrong"
  | "pairingCodeExpired"
  | "guidedWaiting"
  | "stillWaiting"
  | "makerFailed"
  | "exited";

/** The authorisation fact: the device the platform may now control. */
export interface DeviceAuthorisation {
  deviceId: string;
  provider: DeviceProvider;
  authState: "AUTHENTICATION_COMPLETE";
  authorisedAt: string;
}
