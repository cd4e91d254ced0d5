import { fromHex, hmacSha256, timingSafeEqual } from "./hmac.js";
import {
  EXP_PATTERN,
  isAssetModel,
  isExactOrigin,
  KEY_ID_PATTERN,
  MAX_VALUE_LENGTH,
  NONCE_PATTERN,
  PORTAL_URL_PARAMS,
  v1Message,
  v2Message,
} from "./portal-url.canonical.js";
import type {
  PortalSchemeRequirement,
  PortalUrlRejected,
  PortalUrlRejectionReason,
  PortalUrlScheme,
  VerifyPortalUrlOptions,
  VerifyPortalUrlResult,
} from "./portal-url.types.js";

const REJECTIONS: Record<PortalUrlRejectionReason, Pick<PortalUrlRejected, "status" | "message">> = {
  malformed_parameter: { status: 400, message: "This is not a valid portal link." },
  repeated_parameter: { status: 400, message: "This is not a valid portal link: a parameter appears more than once." },
  missing_parameter: { status: 400, message: "This portal link is incomplete. Go back to the app and open the portal again." },
  malformed_signature: { status: 400, message: "This portal link's signature is not in the expected format." },
  scheme_not_allowed: { status: 403, message: "This kind of portal link is not accepted for this site. Go back to the app and open the portal again." },
  unknown_site: { status: 401, message: "This portal link was issued for a site the portal does not know." },
  unknown_key: { status: 401, message: "This portal link was signed with a key the portal does not know." },
  lookup_failed: { status: 503, message: "The portal could not check this link right now. Please try again in a moment." },
  bad_signature: { status: 401, message: "This portal link's signature does not match. It may have been altered." },
  expired: { status: 410, message: "This portal link has expired. Go back to the app and open the portal again." },
  too_far_in_future: { status: 403, message: "This portal link is valid for longer than the portal allows." },
  replayed: { status: 410, message: "This portal link has already been used. Go back to the app and open the portal again." },
};

/** Every reason with the status and message `verifyPortalUrl` gives it; for rejection pages and docs. */
export const PORTAL_URL_REJECTIONS: Readonly<typeof REJECTIONS> = REJECTIONS;

function reject(reason: PortalUrlRejectionReason, parameter?: string): PortalUrlRejected {
  return { ok: false, reason, ...REJECTIONS[reason], ...(parameter === undefined ? {} : { parameter }) };
}

/** Hostile links must never cost much: longer than any real portal link. */
const MAX_URL_LENGTH = 16_384;
const V2_ONLY_PARAMS = ["kid", "exp", "nonce", "host_origin", "asset_model"] as const;
const DEFAULT_MAX_LIFETIME_SECONDS = 3600;
const DEFAULT_CLOCK_SKEW_SECONDS = 60;

class CallbackFailed extends Error {}

async function call<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new CallbackFailed("callback failed", { cause });
  }
}

function parseUrl(value: unknown): URL | null {
  if (value instanceof URL) return value;
  // A URL from another realm (a test DOM, a framework's polyfill) fails instanceof but has href.
  const href = (value as { href?: unknown } | null)?.href;
  const input = typeof value === "object" && typeof href === "string" ? href : value;
  if (typeof input !== "string" || input.length > MAX_URL_LENGTH) return null;
  try {
    // Relative forms too: a Node request's url is just the path and query.
    return new URL(input, "http://portal.invalid");
  } catch {
    return null;
  }
}

function schemeAllowed(requirement: PortalSchemeRequirement, scheme: PortalUrlScheme): boolean {
  return requirement === "any" || requirement === scheme;
}

/**
 * Checks a portal link. Resolves to `{ ok: true, ... }` or to a rejection with a reason, a
 * message safe to show and the HTTP status to answer with. It never throws and never rejects,
 * whatever the link contains; errors from the callbacks become `lookup_failed`.
 */
export async function verifyPortalUrl(url: string | URL, options: VerifyPortalUrlOptions): Promise<VerifyPortalUrlResult> {
  try {
    return await verify(url, options);
  } catch {
    return reject("lookup_failed");
  }
}

async function verify(input: string | URL, options: VerifyPortalUrlOptions): Promise<VerifyPortalUrlResult> {
  const url = parseUrl(input);
  if (!url) return reject("malformed_parameter");
  const params = url.searchParams;
  for (const name of PORTAL_URL_PARAMS) {
    if (params.getAll(name).length > 1) return reject("repeated_parameter", name);
  }

  const version = params.get("v");
  let scheme: PortalUrlScheme;
  if (version === null) scheme = "v1";
  else if (version === "2") scheme = "v2";
  else return reject("malformed_parameter", "v");

  const required = scheme === "v1" ? (["site_id", "token", "signature"] as const) : (["site_id", "token", "signature", "kid", "exp", "nonce"] as const);
  for (const name of required) {
    if (!params.get(name)) return reject("missing_parameter", name);
  }
  const siteId = params.get("site_id")!;
  const token = params.get("token")!;
  const signatureHex = params.get("signature")!;
  if (siteId.length > MAX_VALUE_LENGTH) return reject("malformed_parameter", "site_id");
  if (token.length > MAX_VALUE_LENGTH) return reject("malformed_parameter", "token");
  const signature = signatureHex.length === 64 ? fromHex(signatureHex) : null;
  if (!signature) return reject("malformed_signature", "signature");

  if (scheme === "v1") {
    // In a v1 link these would be unsigned, so nothing may read them: refuse rather than ignore.
    for (const name of V2_ONLY_PARAMS) if (params.has(name)) return reject("malformed_parameter", name);
  }
  const keyId = params.get("kid") ?? undefined;
  const exp = params.get("exp") ?? undefined;
  const nonce = params.get("nonce") ?? undefined;
  const hostOrigin = params.get("host_origin") ?? undefined;
  const assetModel = params.get("asset_model") ?? undefined;
  if (scheme === "v2") {
    if (!KEY_ID_PATTERN.test(keyId!)) return reject("malformed_parameter", "kid");
    if (!EXP_PATTERN.test(exp!)) return reject("malformed_parameter", "exp");
    if (!NONCE_PATTERN.test(nonce!)) return reject("malformed_parameter", "nonce");
    if (hostOrigin !== undefined && !isExactOrigin(hostOrigin)) return reject("malformed_parameter", "host_origin");
    if (assetModel !== undefined && !isAssetModel(assetModel)) return reject("malformed_parameter", "asset_model");
  }

  const { requiredScheme = "v2" } = options;
  const requirement = typeof requiredScheme === "function" ? await call(() => requiredScheme(siteId)) : requiredScheme;
  if (!schemeAllowed(requirement, scheme)) return reject("scheme_not_allowed", "v");

  if (options.isKnownSite && !(await call(() => options.isKnownSite!(siteId)))) return reject("unknown_site", "site_id");
  const secret = await call(() => options.getSecret(scheme === "v2" ? { siteId, scheme, keyId: keyId! } : { siteId, scheme }));
  if (typeof secret !== "string" || secret.length === 0) {
    return scheme === "v2" ? reject("unknown_key", "kid") : reject("unknown_site", "site_id");
  }

  const message =
    scheme === "v2"
      ? v2Message({ siteId, token, keyId: keyId!, exp: exp!, nonce: nonce!, hostOrigin: hostOrigin ?? "", assetModel: assetModel ?? "" })
      : v1Message(siteId, token);
  const expected = await hmacSha256(secret, message);
  if (!timingSafeEqual(expected, signature)) return reject("bad_signature", "signature");

  if (scheme === "v1") return { ok: true, siteId, token, scheme };

  // Only a genuine link learns that it is stale; a forged one stops at bad_signature above.
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const expiresAt = Number(exp);
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  if (nowSeconds > expiresAt + skew) return reject("expired", "exp");
  if (expiresAt - nowSeconds > maxLifetime + skew) return reject("too_far_in_future", "exp");

  if (options.consumeNonce && !(await call(() => options.consumeNonce!(nonce!, { siteId, expiresAt })))) {
    return reject("replayed", "nonce");
  }
  return {
    ok: true,
    siteId,
    token,
    scheme,
    keyId: keyId!,
    expiresAt,
    nonce: nonce!,
    ...(hostOrigin === undefined ? {} : { hostOrigin }),
    ...(assetModel === undefined ? {} : { assetModel }),
  };
}
