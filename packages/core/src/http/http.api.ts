import { operations } from "../api/operations.js";
import type { OperationId, OperationInput, OperationOutput, OperationSpec } from "../api/operations.js";
import { createApiFromInvoker, parseOperationInput, parseOperationOutput } from "../api/operations.runtime.js";
import type { CallOptions, OnboardingApi } from "../api/port.js";
import { OnflexError, abortedError } from "../errors.js";
import { randomId, sleep } from "../internal/timers.js";
import { ErrorBody } from "../schemas/error.js";
import { pathParamNames } from "./http.router.js";
import { RETRYABLE_STATUSES, errorCodeForStatus } from "./http.status.js";

export interface HttpApiOptions {
  /** Where the REST contract is served, e.g. "https://api.example.com" or "/api" (no trailing slash needed). */
  baseUrl: string;
  /** Defaults to the global fetch; inject one for tests or for a platform without it. */
  fetch?: typeof fetch;
  /** Called before every attempt, so a refreshed token is picked up by a retry. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Per attempt, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Extra attempts after a retryable failure (default 2). */
  retries?: number;
  /** Sent with every request (e.g. a client version). */
  headers?: Record<string, string>;
  /** Exponential backoff: first delay and ceiling in milliseconds (defaults 250 and 4 000). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** A Retry-After longer than this (default 30 000 ms) is not waited for; the call fails with rate_limited. */
  maxRetryAfterMs?: number;
  /** Source of jitter; inject a fixed one to make delays predictable in tests. */
  random?: () => number;
}

interface EncodedRequest {
  url: string;
  body?: string;
}

function encodeRequest(baseUrl: string, spec: OperationSpec, input: Record<string, unknown>): EncodedRequest {
  const rest: Record<string, unknown> = { ...input };
  let path = spec.path;
  for (const name of pathParamNames(spec.path)) {
    path = path.replace(`{${name}}`, encodeURIComponent(String(rest[name])));
    delete rest[name];
  }
  const url = baseUrl.replace(/\/+$/, "") + path;
  if (spec.method === "POST" || spec.method === "PATCH") return { url, body: JSON.stringify(rest) };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    query.set(key, typeof value === "object" && value !== null ? JSON.stringify(value) : String(value));
  }
  const search = query.toString();
  return { url: search ? `${url}?${search}` : url };
}

/** Retry-After is either seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function errorFromResponse(response: Response, text: string): OnflexError {
  let parsed: ErrorBody | undefined;
  try {
    const result = ErrorBody.safeParse(JSON.parse(text));
    if (result.success) parsed = result.data;
  } catch {
    // A proxy's HTML error page: the status alone has to do.
  }
  const status = response.status;
  const details: Record<string, unknown> = { ...parsed?.error.details, status };
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers.get("Retry-After")) : undefined;
  if (retryAfterMs !== undefined) details["retryAfterMs"] = retryAfterMs;
  const code = parsed?.error.code ?? errorCodeForStatus(status);
  return new OnflexError(code, parsed?.error.message ?? `The server answered ${status}.`, { details });
}

/** Settles with the promise, or rejects as soon as the signal aborts even if the promise never does. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(signal.aborted ? abortedError(signal) : error);
      },
    );
  });
}

/**
 * Onflex's REST contract as an OnboardingApi, generated from the `operations` table. Every
 * answer is validated with the operation's output schema, so a malformed response becomes
 * OnflexError("invalid_response") instead of a crash further up.
 *
 * Retries (with exponential backoff and jitter, honouring Retry-After) happen only for
 * `safe` operations, `idempotent` ones (whose repeat the server recognises from the request
 * itself) and `creates` operations, whose Idempotency-Key — the same on every attempt —
 * lets the server answer a repeat with the first result. Other operations are attempted
 * once.
 */
export function createHttpApi(options: HttpApiOptions): OnboardingApi {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = Math.max(0, options.retries ?? 2);
  const baseMs = options.backoff?.baseMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 4_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const random = options.random ?? Math.random;

  async function attempt(spec: OperationSpec, request: EncodedRequest, headers: Record<string, string>, callerSignal?: AbortSignal) {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new OnflexError("timeout", `No answer within ${timeoutMs} ms.`, { details: { timeoutMs } })),
      timeoutMs,
    );
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    try {
      const run = async () => {
        const token = await options.getToken?.();
        const sent: Record<string, string> = { Accept: "application/json", ...options.headers, ...headers };
        if (token) sent["Authorization"] = `Bearer ${token}`;
        if (request.body !== undefined) sent["Content-Type"] = "application/json";
        let response: Response;
        try {
          response = await fetchFn(request.url, { method: spec.method, headers: sent, body: request.body, signal: controller.signal });
        } catch (cause) {
          if (cause instanceof OnflexError) throw cause;
          throw new OnflexError("network", "Could not reach the server.", { cause });
        }
        const text = await response.text();
        return { response, text };
      };
      return await raceSignal(run(), controller.signal);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    }
  }

  function shouldRetry(error: OnflexError): boolean {
    const status = error.details["status"];
    if (typeof status === "number") return RETRYABLE_STATUSES.has(status);
    return error.code === "network" || error.code === "timeout";
  }

  async function invoke<K extends OperationId>(id: K, input: OperationInput<K>, callOptions: CallOptions = {}): Promise<OperationOutput<K>> {
    const spec: OperationSpec = operations[id];
    const signal = callOptions.signal;
    const parsed = parseOperationInput(id, input) as Record<string, unknown>;
    const request = encodeRequest(options.baseUrl, spec, parsed);
    const headers: Record<string, string> = {};
    if (spec.creates) headers["Idempotency-Key"] = callOptions.idempotencyKey ?? randomId();
    const maxAttempts = spec.safe || spec.creates || spec.idempotent === true ? retries + 1 : 1;

    for (let n = 0; ; n++) {
      if (signal?.aborted) throw abortedError(signal);
      let failure: OnflexError;
      try {
        const { response, text } = await attempt(spec, request, headers, signal);
        if (!response.ok) throw errorFromResponse(response, text);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (cause) {
          throw new OnflexError("invalid_response", "The server sent an answer Onflex could not read.", {
            details: { operation: id, status: response.status },
            cause,
          });
        }
        return parseOperationOutput(id, body);
      } catch (thrown) {
        failure = thrown instanceof OnflexError ? thrown : new OnflexError("network", "The request failed.", { cause: thrown });
      }
      if (signal?.aborted) throw abortedError(signal);
      if (n + 1 >= maxAttempts || !shouldRetry(failure)) throw failure;
      const retryAfter = failure.details["retryAfterMs"];
      // Equal jitter: at least half the exponential delay, so retries from many clients spread out.
      const backoff = Math.min(maxMs, baseMs * 2 ** n) * (0.5 + random() / 2);
      const delay = typeof retryAfter === "number" ? retryAfter : backoff;
      if (delay > maxRetryAfterMs) throw failure;
      await sleep(delay, signal);
    }
  }

  return createApiFromInvoker(invoke);
}
