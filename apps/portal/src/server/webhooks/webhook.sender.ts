import { signWebhook } from "@onflex/embed/server";
import { describeError, type Logger } from "../log.js";
import { checkWebhookUrl } from "./webhook.url.js";
import type { AttemptResult, ClaimedMessage, WebhookStore } from "./webhook.store.js";

/**
 * Waits before each retry, in ms: Standard Webhooks' recommended schedule (after the first,
 * immediate attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), so a message is tried 8 times
 * over about a day and a day and a half before it is marked failed.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];

export interface WebhookSenderOptions {
  store: WebhookStore;
  log: Logger;
  clock: () => Date;
  /** Waits before each retry (see DEFAULT_RETRY_SCHEDULE_MS); tests pass a compressed one. */
  retryScheduleMs?: readonly number[];
  /** Each wait is scaled by a random factor in [1 - jitter, 1 + jitter]; 0.2 by default. */
  jitter?: number;
  /** A number in [0, 1); Math.random by default. */
  random?: () => number;
  /** How long one attempt may take, connection to status line; 10 s by default. */
  timeoutMs?: number;
  /** How often the queue is looked at; 1 s by default. */
  pollIntervalMs?: number;
  /** Messages attempted at once; 10 by default. */
  batchSize?: number;
  /** See checkWebhookUrl: checked again at every attempt, so a stored URL is never trusted blindly. */
  allowLoopbackHttp: boolean;
  fetch?: typeof fetch;
}

export interface WebhookSender {
  start(): void;
  /** Stops polling, aborts attempts in flight (they are given back, not counted) and waits for them. */
  stop(): Promise<void>;
  /** One pass over the due messages (what the loop does each tick). */
  runOnce(): Promise<void>;
}

const USER_AGENT = "Onflex-Webhooks/1";

/** Delivers the outbox: Standard Webhooks signatures, retries with backoff and jitter, leases so each attempt is made once. */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { store, log, clock } = options;
  const schedule = options.retryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 10;
  const doFetch = options.fetch ?? fetch;
  // A lease outlives the attempt it covers, so no other process starts the same attempt.
  const leaseMs = timeoutMs + 30_000;
  const stopping = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let started = false;

  function retryDelay(attemptsMade: number): number | null {
    const base = schedule[attemptsMade - 1];
    if (base === undefined) return null;
    return Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * random())));
  }

  async function attempt(message: ClaimedMessage): Promise<AttemptResult> {
    const attemptNumber = message.attempts + 1;
    const endpoint = await store.signingEndpoint(message.hostId);
    const at = clock();
    if (!endpoint) return { id: message.id, outcome: "failed", at, error: "no_endpoint" };
    if (!checkWebhookUrl(endpoint.url, { allowLoopbackHttp: options.allowLoopbackHttp }).ok) return { id: message.id, outcome: "failed", at, error: "endpoint_not_allowed" };
    const timestamp = Math.floor(at.getTime() / 1000);
    const signatures = await Promise.all(endpoint.secrets.map((secret) => signWebhook({ secret, id: message.id, timestamp, body: message.body })));
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await doFetch(endpoint.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": USER_AGENT,
          "webhook-id": message.id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signatures.join(" "),
        },
        body: message.body,
        // Never followed: a redirect could send the signed body anywhere. It counts as a failure.
        redirect: "manual",
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
      });
      status = response.status;
      // Nothing of the answer is read: only its status counts.
      await response.body?.cancel().catch(() => undefined);
      if (status >= 200 && status < 300) return { id: message.id, outcome: "delivered", at: clock(), responseStatus: status };
      error = status >= 300 && status < 400 ? "redirect" : `http_${status}`;
    } catch (caught) {
      if (stopping.signal.aborted) return { id: message.id, outcome: "released", at: clock() };
      const name = (caught as { name?: unknown } | null)?.name;
      error = name === "TimeoutError" || name === "AbortError" ? "timeout" : "network";
    }
    const done = clock();
    // 410 Gone: the host says the endpoint is no more; retrying would not change that.
    const wait = status === 410 ? null : retryDelay(attemptNumber);
    if (wait === null) return { id: message.id, outcome: "failed", at: done, error, ...(status === undefined ? {} : { responseStatus: status }) };
    return { id: message.id, outcome: "retry", at: done, nextAttemptAt: new Date(done.getTime() + wait), error, ...(status === undefined ? {} : { responseStatus: status }) };
  }

  async function deliver(message: ClaimedMessage): Promise<void> {
    let result: AttemptResult;
    try {
      result = await attempt(message);
    } catch (caught) {
      // Signing or storage failed before a request went out: give the lease back and say so.
      log({ kind: "error", id: message.id, route: "webhook", ...describeError(caught) });
      result = { id: message.id, outcome: "released", at: clock() };
    }
    await store.recordAttempt(result);
    log({
      kind: "webhook",
      message: message.id,
      type: message.type,
      host: message.hostId,
      attempt: message.attempts + 1,
      outcome: result.outcome,
      ...(result.responseStatus === undefined ? {} : { status: result.responseStatus }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.nextAttemptAt ? { retryInMs: result.nextAttemptAt.getTime() - result.at.getTime() } : {}),
    });
  }

  async function runOnce(): Promise<void> {
    for (;;) {
      if (stopping.signal.aborted) return;
      const due = await store.claimDue(batchSize, leaseMs);
      if (due.length === 0) return;
      await Promise.all(due.map(deliver));
      if (due.length < batchSize) return;
    }
  }

  function scheduleNext(): void {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((caught: unknown) => log({ kind: "error", id: null, route: "webhook", ...describeError(caught) }))
        .finally(() => {
          running = null;
          scheduleNext();
        });
    }, pollIntervalMs);
    timer.unref?.();
  }

  return {
    start() {
      if (started) return;
      started = true;
      scheduleNext();
    },
    async stop() {
      stopping.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
