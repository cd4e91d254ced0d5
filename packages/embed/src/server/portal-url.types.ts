/** `v1` is Flip-compatible (site_id + token only, never expires); `v2` adds expiry, key id and nonce. */
export type PortalUrlScheme = "v1" | "v2";

/** Which schemes a site accepts. `"v2"` (the default) refuses v1 links outright. */
export type PortalSchemeRequirement = PortalUrlScheme | "any";

type MaybePromise<T> = T | Promise<T>;

interface SignPortalUrlCommon {
  /** The portal page, e.g. `https://portal.example.com/`. Existing query parameters are kept. */
  baseUrl: string | URL;
  siteId: string;
  /** The site token the host backend obtained for this household. */
  token: string;
  /** The HMAC secret shared with the portal, used as its UTF-8 bytes. */
  secret: string;
}

export interface SignPortalUrlV1Options extends SignPortalUrlCommon {
  scheme: "v1";
  /** v1 signs only site_id and token, so it cannot carry a charger model: use v2. */
  assetModel?: never;
}

export interface SignPortalUrlV2Options extends SignPortalUrlCommon {
  scheme?: "v2";
  /** Names the secret, so several can be live during a rotation. `[A-Za-z0-9._-]{1,64}`. */
  keyId: string;
  /** Lifetime of the link; 300 by default. Keep it short: the link is a bearer credential. */
  expiresInSeconds?: number;
  /** Clock in milliseconds since the epoch (defaults to `Date.now`); injectable for tests. */
  now?: () => number;
  /** base64url, at least 22 characters (128 bits). Random by default; pass one only in tests. */
  nonce?: string;
  /** The origin that will frame the portal; the portal posts messages to it and nowhere else. */
  hostOrigin?: string;
  /**
   * The household's charger model, as the host's own records know it; it decides eligibility,
   * so it is signed like everything else. 1 to 120 characters (code points), no control or
   * format characters, no leading or trailing whitespace. Omit it to use the site's default.
   */
  assetModel?: string;
}

export type SignPortalUrlOptions = SignPortalUrlV1Options | SignPortalUrlV2Options;

export interface SecretLookup {
  siteId: string;
  scheme: PortalUrlScheme;
  /** Present for v2 links only. */
  keyId?: string;
}

export interface NonceContext {
  siteId: string;
  /** Unix seconds; the store may forget the nonce after this (plus clock skew). */
  expiresAt: number;
}

export interface VerifyPortalUrlOptions {
  /**
   * The secret for this site (and key id). Return `undefined` when there is none: the link is
   * then refused as `unknown_site` (v1) or `unknown_key` (v2). Errors it throws are caught and
   * reported as `lookup_failed`, because hostile ids reach it before anything is authenticated.
   */
  getSecret: (lookup: SecretLookup) => MaybePromise<string | undefined>;
  /** Optional: lets a v2 link for a site that does not exist be told apart from a bad key id. */
  isKnownSite?: (siteId: string) => MaybePromise<boolean>;
  /** Clock in milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** Longest lifetime accepted, counted from now; 3600 by default. */
  maxLifetimeSeconds?: number;
  /** Tolerated difference between the signer's and the verifier's clocks; 60 by default. */
  clockSkewSeconds?: number;
  /** `"v2"` by default. A function decides per site (e.g. legacy sites still on v1). */
  requiredScheme?: PortalSchemeRequirement | ((siteId: string) => MaybePromise<PortalSchemeRequirement>);
  /**
   * Records a v2 nonce; must resolve `false` when the nonce was already used. Called last, only
   * for links that passed every other check. Without it, v2 links can be replayed until they expire.
   */
  consumeNonce?: (nonce: string, context: NonceContext) => Promise<boolean>;
}

export interface PortalUrlVerified {
  ok: true;
  siteId: string;
  token: string;
  scheme: PortalUrlScheme;
  keyId?: string;
  /** Unix seconds (v2 only). */
  expiresAt?: number;
  nonce?: string;
  /** The signed host origin (v2 only, when the host included it). */
  hostOrigin?: string;
  /** The signed charger model (v2 only, when the host included it). */
  assetModel?: string;
}

/**
 * Why a portal link was refused. Ordered roughly as they are checked:
 * - `malformed_parameter`: not a URL, an unknown `v`, a value in the wrong format, or a v2-only
 *   parameter (`kid`, `exp`, `nonce`, `host_origin`, `asset_model`) on a v1 link
 * - `repeated_parameter`: a signed parameter appears more than once
 * - `missing_parameter`: a required parameter is absent or empty
 * - `malformed_signature`: the signature is not 64 lowercase hex characters
 * - `scheme_not_allowed`: a v1 link where the site requires v2 (or the reverse)
 * - `unknown_site` / `unknown_key`: no secret for this site / key id
 * - `lookup_failed`: `getSecret`, `isKnownSite` or `requiredScheme` threw
 * - `bad_signature`: the HMAC does not match
 * - `expired`: `exp` is in the past (beyond the allowed skew)
 * - `too_far_in_future`: `exp` is further away than `maxLifetimeSeconds` allows
 * - `replayed`: `consumeNonce` reports the nonce as already used
 */
export type PortalUrlRejectionReason =
  | "malformed_parameter"
  | "repeated_parameter"
  | "missing_parameter"
  | "malformed_signature"
  | "scheme_not_allowed"
  | "unknown_site"
  | "unknown_key"
  | "lookup_failed"
  | "bad_signature"
  | "expired"
  | "too_far_in_future"
  | "replayed";

export interface PortalUrlRejected {
  ok: false;
  reason: PortalUrlRejectionReason;
  /** Plain-language and safe to show: it never echoes the input or reveals a secret. */
  message: string;
  /** The HTTP status the portal should answer with. */
  status: 400 | 401 | 403 | 410 | 503;
  /** The offending parameter's name (never its value), for logs. */
  parameter?: string;
}

export type VerifyPortalUrlResult = PortalUrlVerified | PortalUrlRejected;
