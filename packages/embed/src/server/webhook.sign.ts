// Standard Webhooks signatures (https://www.standardwebhooks.com/): HMAC-SHA256, keyed by the
// base64-decoded secret, over `${webhook-id}.${webhook-timestamp}.${body}`, written `v1,<base64>`.
// WebCrypto only, like the rest of @onflex/embed/server.
import { utf8 } from "./hmac.js";
import type { SignWebhookOptions } from "./webhook.types.js";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
/** Message ids Onflex sends, and what a verifier accepts: visible ASCII without spaces or commas. */
export const WEBHOOK_ID_PATTERN = /^[\x21-\x2b\x2d-\x7e]{1,256}$/;

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (!crypto?.subtle) throw new Error("@onflex/embed/server needs WebCrypto (globalThis.crypto.subtle).");
  return crypto.subtle;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Standard (padded) base64 to bytes; null for anything else. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!STANDARD_BASE64.test(text)) return null;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The key bytes of a `whsec_…` secret. A secret that is not base64 is a configuration mistake,
 * not a bad request, so it throws (a TypeError that never quotes the secret).
 */
export function webhookKeyBytes(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  const key = fromBase64(encoded);
  if (!key || key.length === 0) throw new TypeError("The webhook secret must be whsec_ followed by standard base64.");
  return key;
}

/** A fresh signing secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return `${WEBHOOK_SECRET_PREFIX}${toBase64(bytes)}`;
}

export async function importWebhookKey(secret: string): Promise<CryptoKey> {
  return subtle().importKey("raw", webhookKeyBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** The signed content: `${id}.${timestamp}.` followed by the body's bytes. */
export function signedContent(id: string, timestamp: number | string, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const head = utf8(`${id}.${timestamp}.`);
  const tail = typeof body === "string" ? utf8(body) : body;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

export async function rawWebhookSignature(key: CryptoKey, content: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign("HMAC", key, content));
}

/**
 * The `webhook-signature` value for one message and secret: `v1,<base64>`. To sign with
 * several secrets (during a rotation) join the values with a space.
 */
export async function signWebhook({ secret, id, timestamp, body }: SignWebhookOptions): Promise<string> {
  if (!WEBHOOK_ID_PATTERN.test(id)) throw new TypeError("A webhook id is 1 to 256 visible ASCII characters without spaces or commas.");
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError("A webhook timestamp is whole Unix seconds.");
  const key = await importWebhookKey(secret);
  return `v1,${toBase64(await rawWebhookSignature(key, signedContent(id, timestamp, body)))}`;
}
