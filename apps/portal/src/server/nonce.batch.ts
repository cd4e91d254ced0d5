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
 * Records used link nonces with group commit: while one INSERT is being written, the nonces
 * of every request that arrives queue up, and the next INSERT writes all of them in one
 * statement (one commit). Each request's promise settles only when the statement holding its
 * nonce has committed, so "accepted" still means "durably recorded", and the primary key on
 * (site_id, nonce) still lets exactly one of any number of racing requests win, across
 * processes too. Two requests with the same nonce in one batch: the first one queued wins.
 *
 * The statement is sent over the simple query protocol (one round trip instead of the
 * several a parameterised query costs on PGlite). That is safe only because every literal
 * in it is checked here against a pattern with no quote, backslash, brace, comma or space in
 * it: nonces are base64url, site ids match SITE_ID_PATTERN, the expiry is a number.
 *
 * What this trades: a request may wait for the batch before its own (at most one statement's
 * time), in exchange for one commit per batch instead of one per request.
 */
export function createNonceRecorder(db: Db, options: { maxBatch?: number } = {}) {
  const maxBatch = options.maxBatch ?? 500;
  let queue: Pending[] = [];
  let writing = false;
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

  async function flush(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
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
    writing = false;
  }

  return {
    /** True the first time a nonce is recorded for a site, false for every later use. */
    consume(siteId: string, nonce: string, expiresAt: Date): Promise<boolean> {
      if (!isSiteId(siteId) || !NONCE.test(nonce) || !Number.isFinite(expiresAt.getTime())) {
        return Promise.reject(new TypeError("refusing to record a nonce that the verifier should not have accepted"));
      }
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ siteId, nonce, expiresAt, resolve, reject });
        // Requests that arrive in the same turn of the event loop join the first batch.
        if (!writing) {
          writing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}

export type NonceRecorder = ReturnType<typeof createNonceRecorder>;
