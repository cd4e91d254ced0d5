import { utf8 } from "./hmac.js";

/** The URL parameters a portal link may carry. All but `signature` are covered by it. */
export const PORTAL_URL_PARAMS = ["site_id", "token", "signature", "v", "kid", "exp", "nonce", "host_origin"] as const;

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
}

/**
 * The v2 HMAC input. A fixed domain-separation line, then one line per field in a fixed order,
 * each `name:byteLength:value` where byteLength is the UTF-8 length of value in decimal. The
 * length prefix makes the encoding unambiguous whatever a value contains (even `:` or newlines),
 * and the first line keeps a v2 MAC from ever being valid as a v1 MAC (whose input starts `{`).
 */
export function v2Message(fields: V2Fields): string {
  const ordered: Array<[string, string]> = [
    ["site_id", fields.siteId],
    ["token", fields.token],
    ["kid", fields.keyId],
    ["exp", fields.exp],
    ["nonce", fields.nonce],
    ["host_origin", fields.hostOrigin],
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

/** An http(s) origin written exactly as `URL#origin` writes it (no path, no trailing slash). */
export function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}
