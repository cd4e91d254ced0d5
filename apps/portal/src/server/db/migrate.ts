import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Db } from "./db.types.js";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

// Any constant works; it only has to be the same for every portal process sharing a database.
const MIGRATION_LOCK_ID = 4_400_2026;

/**
 * Applies every `migrations/*.sql` not yet recorded in `onflex_migrations`, in file-name
 * order, each in its own transaction. An advisory lock serialises portals starting at the
 * same time against one Postgres, so no migration runs twice.
 */
export async function migrate(db: Db, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  await db.exec(
    "CREATE TABLE IF NOT EXISTS onflex_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  const applied: string[] = [];
  for (const name of files) {
    const sql = await readFile(new URL(name, `file://${dir.endsWith("/") ? dir : `${dir}/`}`), "utf8");
    const ran = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_ID]);
      const done = await tx.query("SELECT 1 FROM onflex_migrations WHERE name = $1", [name]);
      if (done.rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query("INSERT INTO onflex_migrations (name) VALUES ($1)", [name]);
      return true;
    });
    if (ran) applied.push(name);
  }
  return applied;
}
