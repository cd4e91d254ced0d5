import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throwaway Postgres cluster for tests: initdb in a temp dir, started on 127.0.0.1 on a
 * free port, trust auth, stopped and deleted by stop(). Postgres refuses to run as root, so
 * as root the cluster belongs to the `postgres` user and runs through runuser.
 */
export interface TempPostgres {
  url: string;
  stop(): Promise<void>;
}

export type FindPostgres = { ok: true; bin: string } | { ok: false; reason: string };

export function findPostgresBin(): FindPostgres {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir) candidates.push(dir);
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) candidates.push(`/usr/lib/postgresql/${version}/bin`);
  for (const dir of candidates) {
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return { ok: true, bin: dir };
  }
  return { ok: false, reason: "Postgres binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin; install Debian's postgresql package to run this suite." };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function runAs(user: string | null, command: string, args: string[]): void {
  const [file, argv] = user ? ["runuser", ["-u", user, "--", command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  }
}

export async function startTempPostgres(bin: string): Promise<TempPostgres> {
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? "postgres" : null;
  const dir = mkdtempSync(join(tmpdir(), "onflex-pg-"));
  if (user) {
    const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const port = await freePort();
  runAs(user, join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  runAs(user, join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    join(dir, "postgres.log"),
    "-w",
    "-t",
    "60",
    "-o",
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
    "start",
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAs(user, join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
