import { hmacSha256, randomNonce, toHex } from "./hmac.js";
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
import type { SignPortalUrlOptions } from "./portal-url.types.js";

const DEFAULT_EXPIRES_IN_SECONDS = 300;

function requireValue(name: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw new TypeError(`signPortalUrl: ${name} must be a non-empty string.`);
  if (value.length > MAX_VALUE_LENGTH) throw new TypeError(`signPortalUrl: ${name} is longer than ${MAX_VALUE_LENGTH} characters.`);
  return value;
}

/**
 * Signs a portal link on the host's backend. Throws a TypeError for bad options (they are the
 * host's own configuration, not user input), so a misconfiguration fails loudly in development.
 */
export async function signPortalUrl(options: SignPortalUrlOptions): Promise<string> {
  const siteId = requireValue("siteId", options.siteId);
  const token = requireValue("token", options.token);
  const secret = requireValue("secret", options.secret);
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError("signPortalUrl: baseUrl must be an absolute URL.");
  }
  for (const name of PORTAL_URL_PARAMS) {
    if (url.searchParams.has(name)) throw new TypeError(`signPortalUrl: baseUrl already has a "${name}" parameter.`);
  }

  if (options.scheme === "v1") {
    // Dropping it silently would make the portal fall back to the site's default model.
    if ((options as { assetModel?: unknown }).assetModel !== undefined) {
      throw new TypeError("signPortalUrl: v1 links cannot carry assetModel (only site_id and token are signed); use v2.");
    }
    url.searchParams.set("site_id", siteId);
    url.searchParams.set("token", token);
    url.searchParams.set("signature", toHex(await hmacSha256(secret, v1Message(siteId, token))));
    return url.toString();
  }
  if (options.scheme !== undefined && options.scheme !== "v2") {
    throw new TypeError(`signPortalUrl: scheme must be "v1" or "v2".`);
  }

  const keyId = requireValue("keyId", options.keyId);
  if (!KEY_ID_PATTERN.test(keyId)) throw new TypeError("signPortalUrl: keyId must match [A-Za-z0-9._-]{1,64}.");
  const expiresIn = options.expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn <= 0) {
    throw new TypeError("signPortalUrl: expiresInSeconds must be a positive whole number.");
  }
  const nowMs = (options.now ?? Date.now)();
  const exp = String(Math.floor(nowMs / 1000) + expiresIn);
  if (!EXP_PATTERN.test(exp)) throw new TypeError("signPortalUrl: the clock gave an impossible time.");
  const nonce = options.nonce ?? randomNonce();
  if (!NONCE_PATTERN.test(nonce)) throw new TypeError("signPortalUrl: nonce must be base64url, 22 to 128 characters.");
  const hostOrigin = options.hostOrigin ?? "";
  if (options.hostOrigin !== undefined && !isExactOrigin(hostOrigin)) {
    throw new TypeError("signPortalUrl: hostOrigin must be an http(s) origin such as https://app.example.com (no path).");
  }

  const assetModel = options.assetModel ?? "";
  if (options.assetModel !== undefined && (typeof options.assetModel !== "string" || !isAssetModel(assetModel))) {
    throw new TypeError(
      "signPortalUrl: assetModel must be 1 to 120 characters with no control or format characters and no leading or trailing whitespace.",
    );
  }

  const signature = toHex(await hmacSha256(secret, v2Message({ siteId, token, keyId, exp, nonce, hostOrigin, assetModel })));
  url.searchParams.set("v", "2");
  url.searchParams.set("site_id", siteId);
  url.searchParams.set("token", token);
  url.searchParams.set("kid", keyId);
  url.searchParams.set("exp", exp);
  url.searchParams.set("nonce", nonce);
  if (hostOrigin) url.searchParams.set("host_origin", hostOrigin);
  if (assetModel) url.searchParams.set("asset_model", assetModel);
  url.searchParams.set("signature", signature);
  return url.toString();
}
