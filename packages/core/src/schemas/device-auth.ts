import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";
import { RegisteredDevice } from "./device.js";

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

/** How a sign-in stands: still waiting for the user, complete with the device, or failed with why. */
export const DeviceAuthResult = z.discriminatedUnion("status", [
  z.object({ status: z.literal("pending"), deviceId: NonEmptyString }),
  z.object({ status: z.literal("complete"), deviceId: NonEmptyString, device: AuthorisedDevice }),
  z.object({ status: z.literal("failed"), deviceId: NonEmptyString, reason: DeviceAuthFailure }),
]);
export type DeviceAuthResult = z.infer<typeof DeviceAuthResult>;
