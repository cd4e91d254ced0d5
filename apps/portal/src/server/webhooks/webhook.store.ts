import { newWebhookSecret } from "@onflex/embed/server";
import type { Db } from "../db/index.js";

export type WebhookMessageStatus = "pending" | "delivered" | "failed";

/** A host's endpoint as the host sees it (its own secret included: the API key is the stronger credential). */
export interface WebhookEndpoint {
  url: string | null;
  secret: string | null;
  /** While set, messages are signed with the previous secret too. */
  previousSecretExpiresAt: Date | null;
}

/** A message as the host may see it: no body (it can be rebuilt from its own data), no headers. */
export interface WebhookMessageView {
  id: string;
  type: string;
  status: WebhookMessageStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
}

/** A message claimed for one attempt. */
export interface ClaimedMessage {
  id: string;
  hostId: string;
  type: string;
  body: string;
  /** Attempts made before this one. */
  attempts: number;
}

export interface AttemptResult {
  id: string;
  outcome: "delivered" | "retry" | "failed" | "released";
  at: Date;
  /** When to try again (`retry` only). */
  nextAttemptAt?: Date;
  responseStatus?: number;
  /** A short code (`timeout`, `network`, `redirect`, `http_500`, `no_endpoint`), never a message. */
  error?: string;
}

interface EndpointRow {
  webhook_url: string | null;
  webhook_secret: string | null;
  webhook_previous_secret: string | null;
  webhook_previous_secret_expires_at: Date | string | null;
}

interface MessageRow {
  id: string;
  type: string;
  status: WebhookMessageStatus;
  attempts: number;
  created_at: Date | string;
  next_attempt_at: Date | string;
  last_attempt_at: Date | string | null;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: Date | string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const ENDPOINT_COLUMNS = "webhook_url, webhook_secret, webhook_previous_secret, webhook_previous_secret_expires_at";

/** Endpoint registration and the outbox's reads and writes; every host-facing read is scoped to its host. */
export function createWebhookStore(db: Db, options: { clock: () => Date }) {
  const now = options.clock;

  const endpointOf = (row: EndpointRow | undefined, at: Date): WebhookEndpoint => {
    const expires = row?.webhook_previous_secret_expires_at ? new Date(row.webhook_previous_secret_expires_at) : null;
    return { url: row?.webhook_url ?? null, secret: row?.webhook_secret ?? null, previousSecretExpiresAt: expires && expires > at && row?.webhook_previous_secret ? expires : null };
  };

  return {
    async getEndpoint(hostId: string): Promise<WebhookEndpoint> {
      const found = await db.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM hosts WHERE id = $1`, [hostId]);
      return endpointOf(found.rows[0], now());
    },

    /** Sets (or with null, removes) the endpoint URL; the first registration creates the secret. */
    async setEndpoint(hostId: string, url: string | null): Promise<WebhookEndpoint> {
      const found = await db.query<EndpointRow>(
        `UPDATE hosts SET webhook_url = $2, webhook_secret = COALESCE(webhook_secret, $3) WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
        [hostId, url, newWebhookSecret()],
      );
      return endpointOf(found.rows[0], now());
    },

    /** A new secret; the old one keeps signing alongside it for `graceMs`. */
    async rotateSecret(hostId: string, graceMs: number): Promise<WebhookEndpoint> {
      const at = now();
      const found = await db.query<EndpointRow>(
        `UPDATE hosts SET webhook_previous_secret = webhook_secret, webhook_previous_secret_expires_at = $3, webhook_secret = $2
         WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
        [hostId, newWebhookSecret(), new Date(at.getTime() + graceMs)],
      );
      return endpointOf(found.rows[0], at);
    },

    /** Sandbox seeding: a published secret, kept once set (a rotation survives restarts); a URL only when one is given. */
    async seedEndpoint(hostId: string, seed: { secret: string; url?: string | null }): Promise<void> {
      await db.query("UPDATE hosts SET webhook_secret = COALESCE(webhook_secret, $2), webhook_url = COALESCE($3, webhook_url) WHERE id = $1", [hostId, seed.secret, seed.url ?? null]);
    },

    /** The URL and every secret to sign with now (current first), or null when there is no endpoint. */
    async signingEndpoint(hostId: string): Promise<{ url: string; secrets: string[] } | null> {
      const found = await db.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM hosts WHERE id = $1`, [hostId]);
      const row = found.rows[0];
      if (!row?.webhook_url || !row.webhook_secret) return null;
      const endpoint = endpointOf(row, now());
      const secrets = [row.webhook_secret];
      if (endpoint.previousSecretExpiresAt && row.webhook_previous_secret) secrets.push(row.webhook_previous_secret);
      return { url: row.webhook_url, secrets };
    },

    async listMessages(hostId: string, filter: { status?: WebhookMessageStatus; limit: number }): Promise<WebhookMessageView[]> {
      const found = await db.query<MessageRow>(
        `SELECT id, type, status, attempts, created_at, next_attempt_at, last_attempt_at, last_response_status, last_error, delivered_at
         FROM webhook_outbox WHERE host_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id LIMIT $3`,
        [hostId, filter.status ?? null, filter.limit],
      );
      return found.rows.map((row) => ({
        id: row.id,
        type: row.type,
        status: row.status,
        attempts: row.attempts,
        created_at: iso(row.created_at) ?? "",
        next_attempt_at: row.status === "pending" ? iso(row.next_attempt_at) : null,
        last_attempt_at: iso(row.last_attempt_at),
        last_response_status: row.last_response_status,
        last_error: row.last_error,
        delivered_at: iso(row.delivered_at),
      }));
    },

    /** Puts a failed message of this host back in the queue with a fresh set of attempts; false when there is none. */
    async retryFailed(hostId: string, messageId: string): Promise<boolean> {
      const updated = await db.query(
        "UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = $3, locked_until = NULL WHERE id = $1 AND host_id = $2 AND status = 'failed'",
        [messageId, hostId, now()],
      );
      return updated.rowCount > 0;
    },

    /**
     * Leases up to `limit` due messages for `leaseMs` (skipping any another process holds), so
     * each attempt is made by one process only.
     */
    async claimDue(limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
      const at = now();
      const found = await db.query<{ id: string; host_id: string; type: string; body: string; attempts: number }>(
        `UPDATE webhook_outbox SET locked_until = $2
         WHERE id IN (
           SELECT id FROM webhook_outbox
           WHERE status = 'pending' AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
           ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id, host_id, type, body, attempts`,
        [at, new Date(at.getTime() + leaseMs), limit],
      );
      return found.rows.map((row) => ({ id: row.id, hostId: row.host_id, type: row.type, body: row.body, attempts: row.attempts }));
    },

    /** Records one attempt's outcome and lets the lease go. `released` gives the lease back without counting an attempt (a stop mid-flight). */
    async recordAttempt(result: AttemptResult): Promise<void> {
      if (result.outcome === "released") {
        await db.query("UPDATE webhook_outbox SET locked_until = NULL WHERE id = $1 AND status = 'pending'", [result.id]);
        return;
      }
      const status: WebhookMessageStatus = result.outcome === "delivered" ? "delivered" : result.outcome === "failed" ? "failed" : "pending";
      await db.query(
        `UPDATE webhook_outbox SET status = $2, attempts = attempts + 1, last_attempt_at = $3, last_response_status = $4, last_error = $5,
           delivered_at = CASE WHEN $2 = 'delivered' THEN $3 ELSE delivered_at END,
           next_attempt_at = COALESCE($6, next_attempt_at), locked_until = NULL
         WHERE id = $1 AND status = 'pending'`,
        [result.id, status, result.at, result.responseStatus ?? null, result.error ?? null, result.nextAttemptAt ?? null],
      );
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
