import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openPgliteDb, openPgliteThreadDb, type Db } from "../src/server/db/index.js";
import { createNonceRecorder } from "../src/server/nonce.batch.js";
import { tempDir } from "./portal.fixture.js";

// Link nonces are written in groups (the waiting requests shared between at most two
// statements in flight), yet each link still opens exactly once, and "accepted" still means
// "committed".

const EXPIRES = new Date(Date.parse("2030-01-01T00:00:00Z"));
const nonce = (n: number) => `nonce-${String(n).padStart(16, "0")}`;

for (const [name, open] of [
  ["PGlite on the event loop", async () => ({ db: await openPgliteDb(), cleanup: async () => undefined })],
  [
    "PGlite on its worker thread, on disk",
    async () => {
      const dir = await tempDir("nonces");
      return { db: await openPgliteThreadDb(dir.path), cleanup: () => dir.remove(), dir: dir.path };
    },
  ],
] as const) {
  describe(`nonce recorder: ${name}`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await migrate(db);
    });
    afterAll(async () => {
      await db.close();
      await cleanup();
    });

    it("accepts exactly one of 20 requests racing with the same nonce, every round", async () => {
      const recorder = createNonceRecorder(db);
      for (let round = 0; round < 5; round++) {
        const answers = await Promise.all(Array.from({ length: 20 }, () => recorder.consume("site_race", nonce(round), EXPIRES)));
        expect(answers.filter(Boolean)).toHaveLength(1);
      }
    });

    it("groups concurrent nonces into few statements, each answered for itself", async () => {
      const recorder = createNonceRecorder(db);
      let statements = 0;
      const counted: Db = { ...db, simple: (sql) => ((statements += sql.startsWith("EXECUTE") || sql.startsWith("INSERT") ? 1 : 0), db.simple(sql)) };
      const grouped = createNonceRecorder(counted);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => grouped.consume("site_group", nonce(100 + i), EXPIRES)));
      expect(answers.every(Boolean)).toBe(true);
      expect(statements).toBeLessThanOrEqual(2);
      // Each one is now spent, for this recorder and any other on the same database.
      expect(await recorder.consume("site_group", nonce(100), EXPIRES)).toBe(false);
      expect(await recorder.consume("site_other", nonce(100), EXPIRES)).toBe(true);
    });

    it("writes two statements at once, each with its share of the queue, and the same nonce in both is accepted once", async () => {
      // Statements are held until the test lets them through, to see how many are in flight.
      const held: Array<() => void> = [];
      const sizes: number[] = [];
      const holding: Db = {
        ...db,
        simple: async (sql) => {
          if (sql.startsWith("EXECUTE") || sql.startsWith("INSERT")) {
            sizes.push((sql.match(/nonce-/g) ?? []).length);
            await new Promise<void>((resolve) => held.push(resolve));
          }
          return db.simple(sql);
        },
      };
      const recorder = createNonceRecorder(holding);
      const racing = nonce(300);
      // Queued in this order: the racing nonce goes first into the first statement and last into the second.
      const raced = [
        recorder.consume("site_flight", racing, EXPIRES),
        ...Array.from({ length: 9 }, (_, i) => recorder.consume("site_flight", nonce(200 + i), EXPIRES)),
        recorder.consume("site_flight", racing, EXPIRES),
      ];
      await expect.poll(() => sizes).toEqual([6, 5]);
      // A third batch waits for a free statement.
      const later = recorder.consume("site_flight", nonce(299), EXPIRES);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sizes).toHaveLength(2);
      while (held.length > 0) held.shift()!();
      await expect.poll(() => (held.forEach((release) => release()), sizes.length)).toBe(3);
      const answers = await Promise.all(raced);
      expect([answers[0], answers.at(-1)]).toEqual([true, false]);
      expect(answers.slice(1, -1).every(Boolean)).toBe(true);
      expect(await later).toBe(true);
    });

    it("keeps one statement in flight when told to", async () => {
      let inFlight = 0;
      let most = 0;
      const counting: Db = {
        ...db,
        simple: async (sql) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          try {
            return await db.simple(sql);
          } finally {
            inFlight -= 1;
          }
        },
      };
      const recorder = createNonceRecorder(counting, { maxInFlight: 1 });
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => recorder.consume("site_one", nonce(400 + i), EXPIRES)));
      expect(answers.every(Boolean)).toBe(true);
      expect(most).toBe(1);
    });

    it("refuses values the verifier would never have accepted, before any SQL is built", async () => {
      const recorder = createNonceRecorder(db);
      await expect(recorder.consume("site'); DROP TABLE used_nonces; --", nonce(1), EXPIRES)).rejects.toThrow(TypeError);
      await expect(recorder.consume("site_ok", "short", EXPIRES)).rejects.toThrow(TypeError);
      await expect(recorder.consume("site_ok", `${nonce(1)}"}`, EXPIRES)).rejects.toThrow(TypeError);
      // A site id spelled like SQL's NULL is still text.
      expect(await recorder.consume("NULL", nonce(7), EXPIRES)).toBe(true);
    });
  });
}

describe("nonce recorder: durable", () => {
  it("remembers a spent nonce after the database is closed and opened again", async () => {
    const dir = await tempDir("nonces-durable");
    try {
      let db = await openPgliteThreadDb(dir.path);
      await migrate(db);
      expect(await createNonceRecorder(db).consume("site_d", nonce(9), EXPIRES)).toBe(true);
      await db.close();
      db = await openPgliteThreadDb(dir.path);
      expect(await createNonceRecorder(db).consume("site_d", nonce(9), EXPIRES)).toBe(false);
      await db.close();
    } finally {
      await dir.remove();
    }
  });
});
