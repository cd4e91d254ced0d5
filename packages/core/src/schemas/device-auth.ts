import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";
import { DeviceProvider, RegisteredDevice } from "./device.js";

/**
 * Device authorisation: the user signs in at the device's maker (or the aggregator serving it)
 * and grants the platform API access, by OAuth 2.0 authorisation code with PKCE (S256) and a
 * one-time `state`. The server holds the PKCE verifier and does the code exchange (Kraken's
 * `completeAuthFlow(continuationUri)`), so the browser never sees the maker's tokens.
 */

/** Kraken's device auth states that this step can reach. */
export const DEVICE_AUTH_STATES = ["AUTHENTICATION_PENDING", "AUTHENTICATION_FAILED", "AUTHENTICATION_COMPLETE"] as const;
export const DeviceAuthState = z.enum(DEVICE_AUTH_STATES);
export type DeviceAuthState = z.infer<typeof DeviceAuthState>;

/**
 * Why a sign-in did not authorise the device:
 * - `access_denied`: the user refused at the maker's page;
 * - `state_mismatch`: the answer does not belong to this sign-in (a forged or stale `state`, or no `state`);
 * - `code_reused_or_expired`: the code was already exchanged, or the sign-in took too long;
 * - `provider_unavailable`: the maker's server failed.
 */
export const DEVICE_AUTH_FAILURES = ["access_denied", "state_mismatch", "code_reused_or_expired", "provider_unavailable"] as const;
export const DeviceAuthFailure = z.enum(DEVICE_AUTH_FAILURES);
export type DeviceAuthFailure = z.infer<typeof DeviceAuthFailure>;

/** One-time sign-in state: URL-safe and bounded, so a hostile value cannot be a huge key. */
const OAuthState = z.string().check(z.minLength(16), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

export const DeviceAuthStartInput = z.object({ deviceId: NonEmptyString });
export type DeviceAuthStartInput = z.infer<typeof DeviceAuthStartInput>;

/** Where to send the user (the maker's sign-in), the one-time `state` it carries, and until when it is valid. */
export const DeviceAuthStart = z.object({
  deviceId: NonEmptyString,
  authorizationUri: z.url({ protocol: /^https?$/ }),
  state: OAuthState,
  expiresAt: IsoUtcTimestamp,
});
export type DeviceAuthStart = z.infer<typeof DeviceAuthStart>;

export const DeviceAuthCompleteInput = z.object({
  deviceId: NonEmptyString,
  /** The URL the maker sent the user back to, with `code` and `state` (or `error`) in its query. */
  continuationUri: z.string().check(z.minLength(1), z.maxLength(4096)),
});
export type DeviceAuthCompleteInput = z.infer<typeof DeviceAuthCompleteInput>;

export const DeviceAuthStatusInput = z.object({ deviceId: NonEmptyString, state: OAuthState });
export type DeviceAuthStatusInput = z.infer<typeof DeviceAuthStatusInput>;

/** A device the platform may now control: registered, with its auth state AUTHENTICATION_COMPLETE. */
export const AuthorisedDevice = z.extend(RegisteredDevice, {
  authState: z.literal("AUTHENTICATION_COMPLETE"),
  authorisedAt: IsoUtcTimestamp,
});
export type AuthorisedDevice = z.infer<typeof AuthorisedDevice>;

/** An authorisation still waiting for the user, complete with the device, or failed with one of `reasons`. */
function authResult<Reason extends z.ZodMiniType<string>>(reasons: Reason) {
  return z.discriminatedUnion("status", [
    z.object({ status: z.literal("pending"), deviceId: NonEmptyString }),
    z.object({ status: z.literal("complete"), deviceId: NonEmptyString, device: AuthorisedDevice }),
    z.object({ status: z.literal("failed"), deviceId: NonEmptyString, reason: reasons }),
  ]);
}

/** How a sign-in stands: still waiting for the user, complete with the device, or failed with why. */
export const DeviceAuthResult = authResult(DeviceAuthFailure);
export type DeviceAuthResult = z.infer<typeof DeviceAuthResult>;

/**
 * Guided authorisation, for a provider without an OAuth sign-in (JEDLIX, MYENERGI): the user
 * connects the device in the maker's own app, or types the pairing code that app shows. The
 * ways are shaped after Kraken's wizard steps: `UserActionRequired` (do something elsewhere,
 * then the platform waits for the device) and `UserInputRequired` (type what the app shows).
 */

/** What the user does in the maker's app, in order, each a message the widget words. */
export const GUIDED_APP_STEPS = ["install_app", "sign_in", "add_device", "allow_access", "show_pairing_code"] as const;
export const GuidedAppStep = z.enum(GUIDED_APP_STEPS);
export type GuidedAppStep = z.infer<typeof GuidedAppStep>;

/**
 * A pairing code as a maker's app shows it: eight letters and digits in two groups of four,
 * "JDLX-7K4P". No 0, 1, I or O, which read alike. `normalisePairingCode` turns what a user
 * typed (any case, spaces, with or without the hyphen) into this form.
 */
export const PAIRING_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;
export const PAIRING_CODE_EXAMPLE = "JDLX-7K4P";
export const PairingCode = z.string().check(z.regex(PAIRING_CODE_PATTERN));
export type PairingCode = z.infer<typeof PairingCode>;

/** "jdlx 7k4p", "JDLX7K4P" and " jdlx-7K4P " all become "JDLX-7K4P"; anything else comes back trimmed and upper-cased, to be refused. */
export function normalisePairingCode(raw: string): string {
  const compact = raw.toUpperCase().replace(/[\s-]+/g, "");
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : raw.trim().toUpperCase();
}

/** Kraken's UserActionRequired, for the maker's app: a link that opens it (a universal link, so a computer opens the maker's page). */
export const GuidedAppWay = z.object({
  type: z.literal("UserActionRequired"),
  action: z.literal("open_app"),
  appName: NonEmptyString,
  appUri: z.url({ protocol: /^https$/ }),
  steps: z.array(GuidedAppStep).check(z.minLength(1), z.maxLength(10)),
});
export type GuidedAppWay = z.infer<typeof GuidedAppWay>;

/** Kraken's UserInputRequired, for the pairing code the maker's app shows, and how long a code stays valid. */
export const GuidedCodeWay = z.object({
  type: z.literal("UserInputRequired"),
  input: z.literal("pairing_code"),
  appName: NonEmptyString,
  steps: z.array(GuidedAppStep).check(z.minLength(1), z.maxLength(10)),
  codeValidForMinutes: z.number().check(z.int(), z.positive(), z.maximum(24 * 60)),
});
export type GuidedCodeWay = z.infer<typeof GuidedCodeWay>;

export const GuidedWay = z.discriminatedUnion("type", [GuidedAppWay, GuidedCodeWay]);
export type GuidedWay = z.infer<typeof GuidedWay>;

export const DeviceAuthGuideInput = z.object({ deviceId: NonEmptyString });
export type DeviceAuthGuideInput = z.infer<typeof DeviceAuthGuideInput>;

/** How this device's provider is authorised without OAuth: one or more ways, the preferred first. */
export const DeviceAuthGuide = z.object({
  deviceId: NonEmptyString,
  provider: DeviceProvider,
  ways: z.array(GuidedWay).check(z.minLength(1), z.maxLength(4)),
});
export type DeviceAuthGuide = z.infer<typeof DeviceAuthGuide>;

export const DeviceAuthCodeInput = z.object({ deviceId: NonEmptyString, code: PairingCode });
export type DeviceAuthCodeInput = z.infer<typeof DeviceAuthCodeInput>;

export const DeviceAuthGuidedStatusInput = z.object({ deviceId: NonEmptyString });
export type DeviceAuthGuidedStatusInput = z.infer<typeof DeviceAuthGuidedStatusInput>;

/**
 * Why a guided authorisation did not authorise the device:
 * - `code_wrong`: no pairing is waiting for that code (mistyped, or another device's);
 * - `code_expired`: the code was right but is too old: the app shows a new one;
 * - `maker_failed`: the maker reported the device AUTHENTICATION_FAILED.
 */
export const GUIDED_AUTH_FAILURES = ["code_wrong", "code_expired", "maker_failed"] as const;
export const GuidedAuthFailure = z.enum(GUIDED_AUTH_FAILURES);
export type GuidedAuthFailure = z.infer<typeof GuidedAuthFailure>;

/** Where a guided authorisation stands (Kraken's AUTHENTICATION_PENDING, _COMPLETE, _FAILED). */
export const GuidedAuthResult = authResult(GuidedAuthFailure);
export type GuidedAuthResult = z.infer<typeof GuidedAuthResult>;
