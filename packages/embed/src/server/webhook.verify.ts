import { timingSafeEqual } from "./hmac.js";
import { fromBase64, importWebhookKey, rawWebhookSignature, signedContent, WEBHOOK_ID_PATTERN } from "./webhook.sign.js";
import type { VerifyWebhookOptions, VerifyWebhookResult, WebhookHeaders, WebhookPayload, WebhookRejected, WebhookRejectionReason } from "./webhook.types.js";

const MESSAGES: Record<WebhookRejectionReason, string> = {
  missing_headers: "The webhook-id, webhook-timestamp and webhook-signature headers are all required.",
  malformed_headers: "A webhook header is not in the Standard Webhooks format.",
  timestamp_too_old: "The webhook's timestamp is too old; it may be a replay.",
  timestamp_too_new: "The webhook's timestamp is too far in the future.",
  bad_signature: "No webhook signature matches the signing secret.",
  malformed_body: "The webhook body is not a JSON object.",
};

/** Every reason with the message `verifyWebhook` gives it; for logs and docs. */
export const WEBHOOK_REJECTIONS: Readonly<Record<WebhookRejectionReason, string>> = MESSAGES;

const TIMESTAMP = /^\d{1,12}$/;
/** One signature header holds at most this many entries, and this many characters. */
const MAX_SIGNATURES = 16;
const MAX_SIGNATURE_HEADER = 4096;

function reject(reason: WebhookRejectionReason): WebhookRejected {
  return { ok: false, reason, message: MESSAGES[reason] };
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = record[name];
  if (value === undefined) {
    // Some frameworks keep the sender's capitalisation (Webhook-Id).
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.join(" ");
}

function bodyBytes(body: string | Uint8Array | ArrayBuffer): string | Uint8Array {
  return body instanceof ArrayBuffer ? new Uint8Array(body) : body;
}

/**
 * Checks a webhook the Onflex portal sent (any Standard Webhooks sender, in fact): the three
 * headers are present, the timestamp is within `toleranceSeconds` of now, and one of the `v1`
 * signatures in `webhook-signature` is the HMAC of this body under one of the secrets
 * (compared in constant time). Resolves to `{ ok: true, id, timestamp, payload }` or to a
 * rejection with a reason; it throws only for a secret that is not `whsec_` + base64.
 */
export async function verifyWebhook<Data = Record<string, unknown>>(options: VerifyWebhookOptions): Promise<VerifyWebhookResult<Data>> {
  const secrets = typeof options.secret === "string" ? [options.secret] : [...options.secret];
  if (secrets.length === 0) throw new TypeError("verifyWebhook needs at least one secret.");
  // Configuration is checked before any input, so a wrong secret fails loudly on the first call.
  const keys = await Promise.all(secrets.map((secret) => importWebhookKey(secret)));

  const id = header(options.headers, "webhook-id")?.trim();
  const timestamp = header(options.headers, "webhook-timestamp")?.trim();
  const signatures = header(options.headers, "webhook-signature")?.trim();
  if (!id || !timestamp || !signatures) return reject("missing_headers");
  if (!WEBHOOK_ID_PATTERN.test(id) || !TIMESTAMP.test(timestamp) || signatures.length > MAX_SIGNATURE_HEADER) return reject("malformed_headers");

  const tolerance = options.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const sentAt = Number(timestamp);
  if (nowSeconds - sentAt > tolerance) return reject("timestamp_too_old");
  if (sentAt - nowSeconds > tolerance) return reject("timestamp_too_new");

  const candidates: Uint8Array[] = [];
  for (const entry of signatures.split(" ").filter((part) => part.length > 0).slice(0, MAX_SIGNATURES)) {
    const comma = entry.indexOf(",");
    // Other versions (v1a: asymmetric) are skipped, as the spec asks; only v1 is HMAC.
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    const bytes = fromBase64(entry.slice(comma + 1));
    if (bytes) candidates.push(bytes);
  }
  if (candidates.length === 0) return reject("bad_signature");

  const body = bodyBytes(options.body);
  const content = signedContent(id, timestamp, body);
  let matched = false;
  for (const key of keys) {
    const expected = await rawWebhookSignature(key, content);
    // Every candidate is compared, matched or not, so the time taken says nothing about which.
    for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched;
  }
  if (!matched) return reject("bad_signature");

  let payload: unknown;
  try {
    payload = JSON.parse(typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return reject("malformed_body");
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return reject("malformed_body");
  return { ok: true, id, timestamp: sentAt, payload: payload as WebhookPayload<Data> };
}
