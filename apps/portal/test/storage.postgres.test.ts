import { describe, it } from "vitest";
import { findPostgresBin, startTempPostgres } from "./pg.js";
import { storageSuite } from "./storage.suite.js";

const found = findPostgresBin();

if (found.ok) {
  storageSuite("real Postgres (DATABASE_URL)", async () => {
    const postgres = await startTempPostgres(found.bin);
    return {
      options: { databaseUrl: postgres.url },
      cleanup: () => postgres.stop(),
    };
  });
} else {
  describe("portal storage: real Postgres", () => {
    it.skip(`skipped: ${found.reason}`, () => undefined);
  });
}
