import { Worker } from "node:worker_threads";
import type { Db, DbQuery, DbResult } from "./db.types.js";

interface Reply {
  id?: number;
  ready?: boolean;
  result?: unknown;
  error?: { name: string; message: string; code?: string };
}

/** An error from the database thread, with the SQLSTATE (or other) code it carried. */
export class DbThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Embedded PGlite on its own worker thread (pglite.worker.mjs): the WASM database runs beside
 * the event loop instead of on it, so a statement being written never holds up requests, and
 * requests that arrive meanwhile are grouped into the next statement (see nonce.batch.ts).
 * Each call is one message each way; rows come back by structured clone (dates stay dates).
 *
 * What this trades: a message round trip per statement (microseconds) and a second thread's
 * memory, for an event loop that only parses, checks and answers.
 */
export async function openPgliteThreadDb(dataDir?: string): Promise<Db> {
  const worker = new Worker(new URL("./pglite.worker.mjs", import.meta.url), {
    workerData: { dataDir },
    // The worker is plain JavaScript: it needs no loader flags from this process.
    execArgv: [],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let nextId = 1;
  let failure: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (message: Reply) => (message.ready ? resolve() : reject(new Error("the database thread did not start"))));
  });
  await ready;
  worker.on("message", (message: Reply) => {
    if (message.id === undefined) return;
    const call = waiting.get(message.id);
    if (!call) return;
    waiting.delete(message.id);
    if (message.error) call.reject(new DbThreadError(message.error.message, message.error.code));
    else call.resolve(message.result);
  });
  worker.on("error", (error) => {
    failure = error instanceof Error ? error : new Error(String(error));
    for (const call of waiting.values()) call.reject(failure);
    waiting.clear();
  });

  function send<T>(message: Record<string, unknown>): Promise<T> {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  }

  const client = (tx?: number): DbQuery => ({
    query: <Row>(sql: string, params: readonly unknown[] = []) => send<DbResult<Row>>({ op: "query", sql, params: [...params], tx }),
    exec: async (sql: string) => {
      await send({ op: "exec", sql, tx });
    },
    simple: <Row>(sql: string) => send<DbResult<Row>>({ op: "simple", sql, tx }),
  });

  return {
    kind: "pglite",
    ...client(),
    async transaction(fn) {
      const { tx } = await send<{ tx: number }>({ op: "begin" });
      let result;
      try {
        result = await fn(client(tx));
      } catch (error) {
        await send({ op: "rollback", tx }).catch(() => undefined);
        throw error;
      }
      await send({ op: "commit", tx });
      return result;
    },
    async close() {
      await send({ op: "close" }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
