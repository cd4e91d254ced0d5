import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import {
  PORTAL_URL_REJECTIONS,
  PORTAL_URL_V2_DOMAIN,
  type PortalSchemeRequirement,
  type PortalUrlRejected,
  type PortalUrlRejectionReason,
  type PortalUrlScheme,
  type VerifyPortalUrlOptions,
  type VerifyPortalUrlResult,
} from "@onflex/embed/server";

/**
 * The signed-entry check, as `verifyPortalUrl` from `@onflex/embed/server` does it (same
 * order of checks, same reasons, statuses and messages, same canonical string), with two
 * differences: the HMAC is computed with node:crypto, synchronously, with a key object made
 * once per secret, where the embed verifier imports a WebCrypto key and awaits a sign job
 * for every link (a fifth of the portal's CPU time on the entry path); and it reads query
 * parameters the caller has already parsed, so a link is parsed once.
 *
 * What this trades: a second implementation of a security check. It is held to the first by
 * a differential test (test/link.verify.test.ts) that feeds both the same generated and
 * tampered links and requires identical answers; once the embed verifier caches its keys,
 * this file can go.
 */

const PARAMS = ["site_id", "token", "signature", "v", "kid", "exp", "nonce", "host_origin", "asset_model"] as const;
const V2_ONLY = ["kid", "exp", "nonce", "host_origin", "asset_model"] as const;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const NONCE = /^[A-Za-z0-9_-]{22,128}$/;
const EXP = /^[1-9][0-9]{0,11}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const MAX_URL_LENGTH = 16_384;
const MAX_VALUE_LENGTH = 4096;
const MAX_ASSET_MODEL_LENGTH = 120;
const ASSET_MODEL_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;
const EDGE_WHITESPACE = /^\s|\s$/u;

function reject(reason: PortalUrlRejectionReason, parameter?: string): PortalUrlRejected {
  return { ok: false, reason, ...PORTAL_URL_REJECTIONS[reason], ...(parameter === undefined ? {} : { parameter }) };
}

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}

function isAssetModel(value: string): boolean {
  if (value.length === 0 || value.length > MAX_ASSET_MODEL_LENGTH * 2) return false;
  if ([...value].length > MAX_ASSET_MODEL_LENGTH) return false;
  return !ASSET_MODEL_FORBIDDEN.test(value) && !EDGE_WHITESPACE.test(value);
}

/** The v2 HMAC input, byte for byte as embed's portalUrlV2CanonicalString (the differential test holds them together). */
function v2Message(siteId: string, token: string, keyId: string, exp: string, nonce: string, hostOrigin: string, assetModel: string): string {
  const field = (name: string, value: string) => `${name}:${Buffer.byteLength(value, "utf8")}:${value}\n`;
  return (
    `${PORTAL_URL_V2_DOMAIN}\n` +
    field("site_id", siteId) +
    field("token", token) +
    field("kid", keyId) +
    field("exp", exp) +
    field("nonce", nonce) +
    field("host_origin", hostOrigin) +
    field("asset_model", assetModel)
  );
}

class CallbackFailed extends Error {}

async function call<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new CallbackFailed("callback failed", { cause });
  }
}

/** A verifier with its HMAC keys made once per secret (at most `maxKeys` kept). */
export function createLinkVerifier(options: { maxKeys?: number } = {}) {
  const maxKeys = options.maxKeys ?? 1000;
  const keys = new Map<string, KeyObject>();
  const keyFor = (secret: string) => {
    let key = keys.get(secret);
    if (!key) {
      key = createSecretKey(Buffer.from(secret, "utf8"));
      if (keys.size >= maxKeys) keys.delete(keys.keys().next().value as string);
      keys.set(secret, key);
    }
    return key;
  };

  async function verify(input: string, params: URLSearchParams, options: VerifyPortalUrlOptions): Promise<VerifyPortalUrlResult> {
    if (typeof input !== "string" || input.length > MAX_URL_LENGTH) return reject("malformed_parameter");
    for (const name of PARAMS) if (params.getAll(name).length > 1) return reject("repeated_parameter", name);

    const version = params.get("v");
    let scheme: PortalUrlScheme;
    if (version === null) scheme = "v1";
    else if (version === "2") scheme = "v2";
    else return reject("malformed_parameter", "v");

    const required = scheme === "v1" ? (["site_id", "token", "signature"] as const) : (["site_id", "token", "signature", "kid", "exp", "nonce"] as const);
    for (const name of required) if (!params.get(name)) return reject("missing_parameter", name);
    const siteId = params.get("site_id") as string;
    const token = params.get("token") as string;
    const signatureHex = params.get("signature") as string;
    if (siteId.length > MAX_VALUE_LENGTH) return reject("malformed_parameter", "site_id");
    if (token.length > MAX_VALUE_LENGTH) return reject("malformed_parameter", "token");
    if (!HEX64.test(signatureHex)) return reject("malformed_signature", "signature");

    if (scheme === "v1") for (const name of V2_ONLY) if (params.has(name)) return reject("malformed_parameter", name);
    const keyId = params.get("kid") ?? undefined;
    const exp = params.get("exp") ?? undefined;
    const nonce = params.get("nonce") ?? undefined;
    const hostOrigin = params.get("host_origin") ?? undefined;
    const assetModel = params.get("asset_model") ?? undefined;
    if (scheme === "v2") {
      if (!KEY_ID.test(keyId as string)) return reject("malformed_parameter", "kid");
      if (!EXP.test(exp as string)) return reject("malformed_parameter", "exp");
      if (!NONCE.test(nonce as string)) return reject("malformed_parameter", "nonce");
      if (hostOrigin !== undefined && !isExactOrigin(hostOrigin)) return reject("malformed_parameter", "host_origin");
      if (assetModel !== undefined && !isAssetModel(assetModel)) return reject("malformed_parameter", "asset_model");
    }

    // Called as methods, so an options object may be a class instance.
    const requirement =
      typeof options.requiredScheme === "function" ? await call(() => (options.requiredScheme as (id: string) => PortalSchemeRequirement | Promise<PortalSchemeRequirement>).call(options, siteId)) : (options.requiredScheme ?? "v2");
    if (requirement !== "any" && requirement !== scheme) return reject("scheme_not_allowed", "v");

    if (options.isKnownSite && !(await call(() => options.isKnownSite!(siteId)))) return reject("unknown_site", "site_id");
    const secret = await call(() => options.getSecret(scheme === "v2" ? { siteId, scheme, keyId: keyId as string } : { siteId, scheme }));
    if (typeof secret !== "string" || secret.length === 0) {
      return scheme === "v2" ? reject("unknown_key", "kid") : reject("unknown_site", "site_id");
    }

    const message =
      scheme === "v2"
        ? v2Message(siteId, token, keyId as string, exp as string, nonce as string, hostOrigin ?? "", assetModel ?? "")
        : JSON.stringify({ site_id: siteId, token });
    const expected = createHmac("sha256", keyFor(secret)).update(message, "utf8").digest();
    if (!timingSafeEqual(expected, Buffer.from(signatureHex, "hex"))) return reject("bad_signature", "signature");

    if (scheme === "v1") return { ok: true, siteId, token, scheme };

    const nowSeconds = Math.floor((options.now ? options.now() : Date.now()) / 1000);
    const expiresAt = Number(exp);
    const skew = options.clockSkewSeconds ?? 60;
    const maxLifetime = options.maxLifetimeSeconds ?? 3600;
    if (nowSeconds > expiresAt + skew) return reject("expired", "exp");
    if (expiresAt - nowSeconds > maxLifetime + skew) return reject("too_far_in_future", "exp");

    if (options.consumeNonce && !(await call(() => options.consumeNonce!(nonce as string, { siteId, expiresAt })))) {
      return reject("replayed", "nonce");
    }
    return {
      ok: true,
      siteId,
      token,
      scheme,
      keyId: keyId as string,
      expiresAt,
      nonce: nonce as string,
      ...(hostOrigin === undefined ? {} : { hostOrigin }),
      ...(assetModel === undefined ? {} : { assetModel }),
    };
  }

  /**
   * `target` is the request target (path and query) as received, `params` its query parsed
   * (`new URLSearchParams(query)`). Never throws and never rejects; a failing callback is
   * `lookup_failed`, as in the embed verifier.
   */
  return async function verifyLink(target: string, params: URLSearchParams, options: VerifyPortalUrlOptions): Promise<VerifyPortalUrlResult> {
    try {
      return await verify(target, params, options);
    } catch {
      return reject("lookup_failed");
    }
  };
}
