/** What every Onflex webhook body is: `{ type, timestamp, data }` (Standard Webhooks' payload shape). */
export interface WebhookPayload<Data = Record<string, unknown>> {
  /** Dotted event type, e.g. `enrollment.created`. */
  type: string;
  /** When the change happened (ISO 8601), not when this attempt was sent. */
  timestamp: string;
  /** Ids and statuses only: nothing the host does not already hold. */
  data: Data;
}

/** Request headers as the Fetch API, Node's `IncomingMessage.headers` or a plain object carry them. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookOptions {
  /**
   * The endpoint's signing secret, `whsec_` followed by base64 (the prefix is optional). Pass
   * several while you roll your own copy of a rotated secret: a message signed with any of them
   * is accepted.
   */
  secret: string | readonly string[];
  /** The request's headers: `webhook-id`, `webhook-timestamp` and `webhook-signature` are read. */
  headers: WebhookHeaders;
  /**
   * The raw request body exactly as received (text or bytes). Do not parse and re-serialise it
   * first: any change of spacing or key order breaks the signature.
   */
  body: string | Uint8Array | ArrayBuffer;
  /** How far `webhook-timestamp` may be from now, either way; 300 (five minutes) by default. */
  toleranceSeconds?: number;
  /** Clock in milliseconds since the epoch; `Date.now` by default. */
  now?: () => number;
}

/**
 * Why a webhook was refused:
 * - `missing_headers`: `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent or empty
 * - `malformed_headers`: one of them is not in the Standard Webhooks format
 * - `timestamp_too_old` / `timestamp_too_new`: further from now than `toleranceSeconds`
 *   (an old one may be a replay; answer it with a 4xx and it is not retried as a success)
 * - `bad_signature`: no `v1` signature in the header matches any of the secrets
 * - `malformed_body`: the signature matched but the body is not a JSON object (never sent by Onflex)
 */
export type WebhookRejectionReason =
  | "missing_headers"
  | "malformed_headers"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "bad_signature"
  | "malformed_body";

export interface WebhookVerified<Data = Record<string, unknown>> {
  ok: true;
  /** `webhook-id`: the same for every retry of one message, so use it to ignore repeats. */
  id: string;
  /** `webhook-timestamp` of this attempt, in Unix seconds. */
  timestamp: number;
  payload: WebhookPayload<Data>;
}

export interface WebhookRejected {
  ok: false;
  reason: WebhookRejectionReason;
  /** Safe to log: it never echoes a header, the body or a secret. */
  message: string;
}

export type VerifyWebhookResult<Data = Record<string, unknown>> = WebhookVerified<Data> | WebhookRejected;

export interface SignWebhookOptions {
  /** `whsec_` followed by base64 (the prefix is optional). */
  secret: string;
  /** `webhook-id`. */
  id: string;
  /** `webhook-timestamp`, Unix seconds. */
  timestamp: number;
  /** The exact body that will be sent. */
  body: string | Uint8Array;
}
