// The embedded Postgres (PGlite, WASM) on a worker thread, so its CPU time is not spent on
// the event loop that answers requests. Plain JavaScript: worker threads load it directly,
// without the TypeScript loader the rest of the server runs under. The protocol (one message
// per call, answered by id) is spoken by pglite.thread.ts.
import { mkdirSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

if (workerData.dataDir) mkdirSync(workerData.dataDir, { recursive: true });
const db = await PGlite.create(workerData.dataDir ? { dataDir: workerData.dataDir } : undefined);
/** Open transactions by id: the handle to run statements on, and how to end it. */
const transactions = new Map();
let nextTransaction = 1;

function reply(id, result) {
  parentPort.postMessage({ id, result });
}

function fail(id, error) {
  const code = typeof error?.code === "string" ? error.code : undefined;
  parentPort.postMessage({ id, error: { name: error?.name ?? "Error", message: String(error?.message ?? error), code } });
}

async function run(client, { op, sql, params }) {
  if (op === "query") {
    const result = await client.query(sql, params ?? []);
    return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
  }
  if (op === "exec") {
    await client.exec(sql);
    return null;
  }
  if (op === "simple") {
    const results = await client.exec(sql);
    const last = results[results.length - 1];
    return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
  }
  throw new Error(`unknown operation ${op}`);
}

parentPort.on("message", (message) => {
  const { id, op } = message;
  if (op === "begin") {
    const tx = nextTransaction++;
    let finish;
    const ended = new Promise((resolve, reject) => (finish = { resolve, reject }));
    db.transaction(async (handle) => {
      transactions.set(tx, { handle, finish });
      reply(id, { tx });
      await ended;
    }).then(
      () => transactions.get(tx)?.done?.(),
      (error) => {
        const open = transactions.get(tx);
        if (open) open.failed?.(error);
        else fail(id, error); // BEGIN itself failed: the caller is still waiting for it
      },
    );
    return;
  }
  if (op === "commit" || op === "rollback") {
    const open = transactions.get(message.tx);
    if (!open) return fail(id, new Error("no such transaction"));
    open.done = () => {
      transactions.delete(message.tx);
      reply(id, null);
    };
    open.failed = (error) => {
      transactions.delete(message.tx);
      if (op === "rollback") reply(id, null);
      else fail(id, error);
    };
    if (op === "commit") open.finish.resolve();
    else open.finish.reject(new Error("rolled back"));
    return;
  }
  if (op === "close") {
    db.close().then(() => reply(id, null), (error) => fail(id, error));
    return;
  }
  const client = message.tx === undefined ? db : transactions.get(message.tx)?.handle;
  if (!client) return fail(id, new Error("no such transaction"));
  run(client, message).then((result) => reply(id, result), (error) => fail(id, error));
});

parentPort.postMessage({ ready: true });
