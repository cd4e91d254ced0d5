import { utf8 } from "./hmac.js";

/** The URL parameters a portal link may carry. All but `signature` are covered by it. */
export const PORTAL_URL_PARAMS = ["site_id", "token", "signature", "v", "kid", "exp", "nonce", "host_origin", "asset_model"] as const;

export const V2_DOMAIN = "onflex-portal-v2";

/** v1, byte for byte what Flip documents: the HMAC input is `JSON.stringify({ site_id, token })`. */
export function v1Message(siteId: string, token: string): string {
  return JSON.stringify({ site_id: siteId, token });
}

export interface V2Fields {
  siteId: string;
  token: string;
  keyId: string;
  /** Unix seconds, as the decimal string that appears in the URL. */
  exp: string;
  nonce: string;
  /** Empty when the link names no host origin. */
  hostOrigin: string;
  /** Empty when the link names no charger model. */
  assetModel: string;
}

/**
 * The v2 HMAC input. A fixed domain-separation line, then one line per field in a fixed order,
 * each `name:byteLength:value` where byteLength is the UTF-8 length of value in decimal. The
 * length prefix makes the encoding unambiguous whatever a value contains (even `:` or newlines),
 * and the first line keeps a v2 MAC from ever being valid as a v1 MAC (whose input starts `{`).
 * Optional fields are always present, empty when absent; a link can never carry them empty,
 * so "absent" and "present" never share a canonical string.
 */
export function v2Message(fields: V2Fields): string {
  const ordered: Array<[string, string]> = [
    ["site_id", fields.siteId],
    ["token", fields.token],
    ["kid", fields.keyId],
    ["exp", fields.exp],
    ["nonce", fields.nonce],
    ["host_origin", fields.hostOrigin],
    ["asset_model", fields.assetModel],
  ];
  let out = `${V2_DOMAIN}\n`;
  for (const [name, value] of ordered) out += `${name}:${utf8(value).length}:${value}\n`;
  return out;
}

export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;
export const EXP_PATTERN = /^[1-9][0-9]{0,11}$/;
/** Ids and tokens are opaque, but a bound keeps hostile links from costing much. */
export const MAX_VALUE_LENGTH = 4096;

/** Longest charger model a link may carry, in Unicode code points (not UTF-16 units or bytes). */
export const MAX_ASSET_MODEL_LENGTH = 120;

// Control, format (bidi overrides, zero-width), surrogate and private-use characters, and line
// or paragraph separators: none belong in a model name, and some would let one read as another.
const ASSET_MODEL_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;
const EDGE_WHITESPACE = /^\s|\s$/u;

/**
 * A charger model as a link may carry it: 1 to 120 code points, no control or format
 * characters, no leading or trailing whitespace. Refused rather than cleaned up, so the value
 * the portal uses is exactly the value that was signed.
 */
export function isAssetModel(value: string): boolean {
  if (value.length === 0 || value.length > MAX_ASSET_MODEL_LENGTH * 2) return false;
  if ([...value].length > MAX_ASSET_MODEL_LENGTH) return false;
  return !ASSET_MODEL_FORBIDDEN.test(value) && !EDGE_WHITESPACE.test(value);
}

/** An http(s) origin written exactly as `URL#origin` writes it (no path, no trailing slash). */
export function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}
