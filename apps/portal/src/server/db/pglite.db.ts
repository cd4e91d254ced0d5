import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { Db, DbQuery, DbResult } from "./db.types.js";

type PgliteLike = Pick<PGlite, "query" | "exec">;

function wrap(client: PgliteLike): DbQuery {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<DbResult<Row>> {
      const result = await client.query<Row>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
    async simple<Row>(sql: string): Promise<DbResult<Row>> {
      const results = await client.exec(sql);
      const last = results[results.length - 1];
      return { rows: (last?.rows ?? []) as Row[], rowCount: last?.affectedRows ?? 0 };
    },
  };
}

/**
 * Embedded Postgres (WASM) with its data directory on disk, so a sandbox portal keeps its
 * sites, consents and sessions across restarts without any database to install.
 * `dataDir` undefined keeps everything in memory (tests that do not test persistence).
 */
export async function openPgliteDb(dataDir?: string): Promise<Db> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir === undefined ? undefined : { dataDir });
  const base = wrap(pglite);
  return {
    kind: "pglite",
    ...base,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    close: () => pglite.close(),
  };
}
