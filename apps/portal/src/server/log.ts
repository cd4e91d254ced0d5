import { randomBytes } from "node:crypto";

/**
 * The portal's log: one JSON line per request and one per unexpected error. Lines carry a
 * request id, the route pattern (never the path as sent: it holds site ids, MPANs and
 * address ids), the status and the time taken. They never carry bodies, headers, tokens,
 * query strings, site ids or anything else that names a household; an error is logged by its
 * kind and code only, never its message or stack (a database error's message can quote the
 * parameters it was given).
 */
export type LogLine =
  | { kind: "request"; id: string; method: string; route: string; status: number; ms: number; reason?: string }
  | { kind: "error"; id: string | null; route: string | null; error: string; code?: string }
  | { kind: "event"; event: string; detail?: string }
  /** One webhook attempt: the message id, its type, the host, the attempt number and what came of it (never a body, a URL or a secret). */
  | { kind: "webhook"; message: string; type: string; host: string; attempt: number; outcome: "delivered" | "retry" | "failed" | "released"; status?: number; error?: string; retryInMs?: number };

export type Logger = (line: LogLine) => void;

/** Writes each line as JSON with a timestamp to stdout. */
export const jsonStdoutLogger: Logger = (line) => {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), ...line })}\n`);
};

/** What may be said about an error: its class name and a short code, nothing it carries. */
export function describeError(error: unknown): { error: string; code?: string } {
  const name = error instanceof Error ? error.constructor.name || "Error" : typeof error;
  const raw = (error as { code?: unknown } | null)?.code;
  // Postgres SQLSTATEs (5 chars), Node's ERR_* codes, OnflexError codes: short and fixed.
  const code = typeof raw === "string" && /^[A-Za-z0-9_]{1,40}$/.test(raw) ? raw : undefined;
  return code === undefined ? { error: name } : { error: name, code };
}

/** Request ids: a per-process prefix and a counter, unique enough to join log lines. */
export function createRequestIds(): () => string {
  const prefix = randomBytes(4).toString("hex");
  let counter = 0;
  return () => `${prefix}-${(++counter).toString(36)}`;
}
