export type { Db, DbQuery, DbResult } from "./db.types.js";
export { openPgliteDb } from "./pglite.db.js";
export { openPgliteThreadDb } from "./pglite.thread.js";
export { openPostgresDb } from "./postgres.db.js";
export { migrate } from "./migrate.js";
