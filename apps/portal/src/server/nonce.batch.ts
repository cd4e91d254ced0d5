import { randomBytes } from "node:crypto";
import type { Db } from "./db/index.js";
import { isSiteId } from "./site.types.js";

/** What a v2 link's nonce looks like once the verifier has accepted the link. */
const NONCE = /^[A-Za-z0-9_-]{22,128}$/;

interface Pending {
  siteId: string;
  nonce: string;
  expiresAt: Date;
  resolve(first: boolean): void;
  reject(error: unknown): void;
}

/**
 * Records used link nonces with group commit: the nonces of the requests that arrive while
 * statements are being written queue up, and the next INSERT writes them together in one
 * statement (one commit). Each request's promise settles only when the statement holding its
 * nonce has committed, so "accepted" still means "durably recorded", and the primary key on
 * (site_id, nonce) still lets exactly one of any number of racing requests win, in one batch,
 * across two batches in flight, and across processes. Two requests with the same nonce in one
 * batch: the first one queued wins.
 *
 * Up to `maxInFlight` (2) statements are in flight, each with its share of the queue. With one,
 * every waiting request sat in the same statement: the event loop idled while it was written,
 * and the database idled while the answers went out and the next requests came in, in
 * lockstep. With two, one batch is written while the other's answers go out.
 *
 * The statement is sent over the simple query protocol (one round trip instead of the
 * several a parameterised query costs on PGlite). That is safe only because every literal
 * in it is checked here against a pattern with no quote, backslash, brace, comma or space in
 * it: nonces are base64url, site ids match SITE_ID_PATTERN, the expiry is a number.
 *
 * What this trades: a request may wait for the batches before its own (at most
 * `maxInFlight` statements' time), in exchange for one commit per batch instead of one per
 * request.
 */
export function createNonceRecorder(db: Db, options: { maxBatch?: number; maxInFlight?: number } = {}) {
  const maxBatch = options.maxBatch ?? 500;
  const maxInFlight = Math.max(1, options.maxInFlight ?? 2);
  let queue: Pending[] = [];
  /** A flush is due at the end of this turn of the event loop. */
  let scheduled = false;
  let inFlight = 0;
  // Embedded PGlite is one connection that lives as long as this process: there the INSERT is
  // prepared once and each batch only names its rows (no parse or plan per batch). A pool of
  // Postgres connections gets the plain statement.
  const prepared = db.kind === "pglite" ? `onflex_record_nonces_${randomBytes(6).toString("hex")}` : null;
  let preparing: Promise<unknown> | null = null;

  async function insert(rows: Pending[]): Promise<Array<{ site_id: string; nonce: string }>> {
    const expiry = (item: Pending) => Math.floor(item.expiresAt.getTime() / 1000);
    if (prepared) {
      preparing ??= db.simple(
        `PREPARE ${prepared}(text[], text[], bigint[]) AS INSERT INTO used_nonces (site_id, nonce, expires_at)
         SELECT s, n, to_timestamp(e) FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(s, n, e)
         ON CONFLICT (site_id, nonce) DO NOTHING RETURNING site_id, nonce`,
      ).catch((error: unknown) => {
        preparing = null; // the next batch tries again
        throw error;
      });
      await preparing;
      // Every element quoted (so a site id spelled NULL stays text); none can hold " or \.
      const array = (values: string[]) => `'{${values.map((value) => `"${value}"`).join(",")}}'`;
      const result = await db.simple<{ site_id: string; nonce: string }>(
        `EXECUTE ${prepared}(${array(rows.map((r) => r.siteId))}, ${array(rows.map((r) => r.nonce))}, '{${rows.map(expiry).join(",")}}')`,
      );
      return result.rows;
    }
    const values = rows.map((item) => `('${item.siteId}','${item.nonce}',to_timestamp(${expiry(item)}))`);
    const result = await db.simple<{ site_id: string; nonce: string }>(
      `INSERT INTO used_nonces (site_id, nonce, expires_at) VALUES ${values.join(",")} ON CONFLICT (site_id, nonce) DO NOTHING RETURNING site_id, nonce`,
    );
    return result.rows;
  }

  /** Writes one batch and settles each of its requests once the statement has committed. */
  async function write(batch: Pending[]): Promise<void> {
    const firsts = new Map<string, Pending>();
    const losers: Pending[] = [];
    for (const item of batch) {
      const key = `${item.siteId}\n${item.nonce}`;
      if (firsts.has(key)) losers.push(item);
      else firsts.set(key, item);
    }
    try {
      const rows = await insert([...firsts.values()]);
      const inserted = new Set(rows.map((row) => `${row.site_id}\n${row.nonce}`));
      for (const [key, item] of firsts) item.resolve(inserted.has(key));
      for (const item of losers) item.resolve(false);
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  /** Sends what is queued, shared between the free statements (each takes its part now). */
  function flush(): void {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      const size = Math.min(maxBatch, Math.ceil(queue.length / (maxInFlight - inFlight)));
      const batch = queue.slice(0, size);
      queue = queue.slice(size);
      inFlight += 1;
      void write(batch).finally(() => {
        inFlight -= 1;
        if (queue.length > 0 && !scheduled) flush();
      });
    }
  }

  return {
    /** True the first time a nonce is recorded for a site, false for every later use. */
    consume(siteId: string, nonce: string, expiresAt: Date): Promise<boolean> {
      if (!isSiteId(siteId) || !NONCE.test(nonce) || !Number.isFinite(expiresAt.getTime())) {
        return Promise.reject(new TypeError("refusing to record a nonce that the verifier should not have accepted"));
      }
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ siteId, nonce, expiresAt, resolve, reject });
        // Requests that arrive in the same turn of the event loop join the same batches.
        if (!scheduled && inFlight < maxInFlight) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}

export type NonceRecorder = ReturnType<typeof createNonceRecorder>;
