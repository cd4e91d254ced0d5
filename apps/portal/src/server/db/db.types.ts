/**
 * The whole storage surface the portal needs: parameterised queries, a multi-statement
 * script runner for migrations, and transactions. Two adapters implement it (embedded
 * PGlite and a real Postgres via `pg`), so every query is written once, in Postgres SQL.
 */
export interface DbResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted by the statement (0 for a SELECT on PGlite). */
  rowCount: number;
}

export interface DbQuery {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<DbResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * One statement without parameters, over the simple query protocol: one round trip where a
   * parameterised query needs several. Only for SQL whose every literal was built from values
   * checked against a strict pattern (see nonce.batch.ts); anything else goes through query().
   */
  simple<Row = Record<string, unknown>>(sql: string): Promise<DbResult<Row>>;
}

export interface Db extends DbQuery {
  /** Which adapter is behind this Db, for logs and the README's "storage" line. */
  readonly kind: "pglite" | "postgres";
  transaction<T>(fn: (tx: DbQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
