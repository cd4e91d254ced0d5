import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * Site tokens and portal sessions are short-lived signed tokens rather than rows: checking
 * one is an HMAC over a few hundred bytes (microseconds, no storage round trip), which is
 * what lets the signed entry and every API call skip the database.
 *
 *   <prefix>_<base64url(JSON payload)>.<base64url(HMAC-SHA256(key, prefix + "." + payload))>
 *
 * The key is derived per purpose from the portal's one stored secret, so a site token can
 * never pass as a session (or the reverse) even with the same payload. Keys are derived once
 * at start; nothing is imported per request.
 *
 * What this trades: a token cannot be revoked one by one before it expires (site tokens
 * live 1 h, sessions 30 min); rotating the portal secret (`portal_keys`) revokes all of them
 * at once. The payload is readable by whoever holds the token (it names the household site,
 * the host origin and the charger model, which the page is shown anyway); it is signed, not
 * encrypted.
 */

export interface TokenKeys {
  siteToken: Buffer;
  session: Buffer;
}

export function deriveTokenKeys(secret: string): TokenKeys {
  const derive = (purpose: string) => createHmac("sha256", secret).update(`onflex-portal:${purpose}:v1`).digest();
  return { siteToken: derive("site-token"), session: derive("session") };
}

/** A fresh portal secret: 256 random bits. */
export function newPortalSecret(): string {
  return randomBytes(32).toString("base64url");
}

const MAX_TOKEN_LENGTH = 2048;
const MAC_LENGTH = 43; // 32 bytes, base64url without padding

function mac(key: Buffer, prefix: string, payload: string): string {
  return createHmac("sha256", key).update(prefix).update(".").update(payload).digest("base64url");
}

export function signToken(key: Buffer, prefix: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${prefix}_${body}.${mac(key, prefix, body)}`;
}

/** The payload of a token this key signed with this prefix, or null for anything else. */
export function openToken(key: Buffer, prefix: string, token: string): Record<string, unknown> | null {
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(`${prefix}_`)) return null;
  const dot = token.lastIndexOf(".");
  if (dot < 0 || token.length - dot - 1 !== MAC_LENGTH) return null;
  const body = token.slice(prefix.length + 1, dot);
  // Compared as text, so each token has exactly one valid spelling.
  const presented = Buffer.from(token.slice(dot + 1), "latin1");
  const expected = Buffer.from(mac(key, prefix, body), "latin1");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * A random id (122 bits) that tells two tokens with the same claims apart. randomUUID draws
 * from a buffered entropy pool, so it costs far less per call than randomBytes.
 */
export function tokenId(): string {
  return randomUUID();
}
