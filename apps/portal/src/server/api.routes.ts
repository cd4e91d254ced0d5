import { randomUUID } from "node:crypto";
import {
  errorBody,
  isOnflexError,
  matchOperation,
  OnflexError,
  operations,
  serveOperation,
  STATUS_FOR_ERROR_CODE,
  type ConsentRecord,
  type DeviceAuthStart,
  type OnboardingApi,
} from "@onflex/core";
import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { sha256Hex } from "./crypto.js";
import { renderDeviceAuthReturnPage } from "./pages/device-auth-return.page.js";
import { describeError, type Logger } from "./log.js";
import type { PortalSession, PortalStore } from "./portal.store.js";
import type { Host } from "./site.types.js";
import type { Limiters, RateLimiter } from "./rate-limit.js";
import { parseJsonBody, readBodyText, RequestRefused } from "./request.guard.js";
import { ExpiringCache } from "./session.cache.js";
import { withSessionPolicy } from "./session.policy.js";
import { isSiteId } from "./site.types.js";

export interface PortalEnv {
  Variables: { requestId: string; route: string };
}

export interface ApiRouteOptions {
  store: PortalStore;
  clock: () => Date;
  /** The domain behind the REST API for one session (the sandbox by default). */
  createApi: (session: PortalSession) => OnboardingApi;
  log: Logger;
  limiters: Limiters;
  /** The client a request comes from, for the per-client limits. */
  clientOf: (c: Context<PortalEnv>) => string;
  siteTokenTtlMs: number;
  /** Sandbox only: answer the malformed-response fixture with a garbled body, as its table says. */
  garbleInvalidAnswers?: boolean;
}

const MAX_JSON_BYTES = 64 * 1024;
const MAX_PROGRESS_BYTES = 256 * 1024;
/** Visible ASCII: what a UUID or any sane client key is made of. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** An OAuth `state` as the platform issues it (base64url), with room for other issuers' forms. */
const OAUTH_STATE = /^[\w-]{16,256}$/;
const MAX_CALLBACK_URL = 4096;

export class RateLimited extends OnflexError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", "Too many requests. Wait a moment and try again.", { retryable: true, details: { retryAfterSeconds } });
  }
}

/** The error body every /v1 failure answers with; unexpected errors are logged by kind only. */
export function sendError(c: Context<PortalEnv>, error: unknown, log: Logger): Response {
  if (error instanceof RequestRefused) {
    const onflex = new OnflexError("validation", error.message, { retryable: false, details: { ...error.details, reason: error.reason } });
    return c.json(errorBody(onflex), error.status, error.status === 413 ? { Connection: "close" } : {});
  }
  const known = isOnflexError(error) ? error : null;
  if (!known) log({ kind: "error", id: c.get("requestId") ?? null, route: c.get("route") ?? null, ...describeError(error) });
  const onflex = known ?? new OnflexError("upstream", "Something went wrong on our side. Please try again.", { retryable: true });
  const headers: Record<string, string> = error instanceof RateLimited ? { "Retry-After": String(error.retryAfterSeconds) } : {};
  return c.json(errorBody(onflex), STATUS_FOR_ERROR_CODE[onflex.code] as ContentfulStatusCode, headers);
}

/**
 * A request header, read from node's own parsed headers when the request came through
 * node:http (building a Fetch API Headers object for every request costs more than the
 * lookup it serves).
 */
export function headerOf(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

export function bearer(c: Context): string | null {
  const header = headerOf(c, "authorization");
  const match = header ? /^Bearer\s+([\x21-\x7e]{1,2048})$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

async function readJson(c: Context, limit: number): Promise<unknown> {
  const type = headerOf(c, "content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new OnflexError("validation", "Send the request body as JSON (Content-Type: application/json).", { retryable: false });
  }
  const declared = headerOf(c, "content-length");
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) {
    throw new RequestRefused(413, "body_too_large", `The request body is larger than ${limit} bytes.`);
  }
  return parseJsonBody(await readBodyText(c.req.raw.body, limit));
}

/** A consent request's identity for idempotency: the same four fields are the same request. */
function consentFingerprint(record: ConsentRecord): string {
  return sha256Hex(JSON.stringify([record.mpan, record.proposition, record.termsVersion, record.givenAt]));
}

/**
 * A host backend's call, authenticated by its API key. A client whose wrong keys used up its
 * budget gets 429 before anything is looked up; `host()` answers the key's host, or a 401 that
 * spends the client's budget, and then spends the host's own budget (`perHost`, 429 once
 * spent); `refuse()` is that same 401, for a right key asking for what is not its host's.
 */
export function hostCall(
  c: Context<PortalEnv>,
  options: { store: PortalStore; clock: () => Date; limiters: Limiters; clientOf: (c: Context<PortalEnv>) => string },
  perHost: RateLimiter,
): { host(): Promise<Host>; refuse(): OnflexError } {
  const { store, limiters } = options;
  const client = options.clientOf(c);
  const at = options.clock().getTime();
  const locked = limiters.authFailures.check(client, at);
  if (locked > 0) throw new RateLimited(locked);
  const refuse = () => {
    limiters.authFailures.take(client, at);
    return new OnflexError("unauthorized", "The API key is missing or not valid for this site.", { retryable: false });
  };
  return {
    refuse,
    async host() {
      const apiKey = bearer(c);
      const host = apiKey ? await store.hostForApiKey(apiKey) : null;
      if (!host) throw refuse();
      const wait = perHost.take(host.id, at);
      if (wait > 0) throw new RateLimited(wait);
      return host;
    },
  };
}

export function registerApiRoutes(app: Hono<PortalEnv>, options: ApiRouteOptions): { prune(now: number): void } {
  const { store, clock, log, limiters } = options;
  const apis = new ExpiringCache<OnboardingApi>(10_000);
  // Sign-ins at a maker, by their one-time state: the maker sends the user back to
  // /device-auth/callback with only a code and the state, and this says whose sign-in it is.
  const signIns = new ExpiringCache<{ sessionId: string; deviceId: string }>(10_000);

  function requireSession(c: Context<PortalEnv>): PortalSession {
    const token = bearer(c);
    const session = token ? store.getSession(token) : null;
    if (!session) {
      throw new OnflexError("unauthorized", "Your session has ended. Open the portal again from the app.", { retryable: false });
    }
    const wait = limiters.api.take(session.id, clock().getTime());
    if (wait > 0) throw new RateLimited(wait);
    return session;
  }

  // Flip's site token: a host's backend swaps its API key for a 1 h token for one of its
  // household sites. An id the host has not used before becomes a new household of that host;
  // an id that belongs to another host is refused like a wrong key.
  app.post("/v1/auth/site/:siteId", async (c) => {
    c.set("route", "/v1/auth/site/:siteId");
    try {
      const call = hostCall(c, options, limiters.siteTokens);
      const siteId = c.req.param("siteId");
      if (!isSiteId(siteId)) {
        throw new RequestRefused(400, "malformed_site_id", "A site id is 1 to 128 letters, digits or . _ : -, starting with a letter or digit.");
      }
      const host = await call.host();
      if ((await store.claimSite(host, siteId)) !== "ok") throw call.refuse();
      const issued = store.issueSiteToken(siteId, options.siteTokenTtlMs);
      return c.json({ site_access_token: issued.token, expires_at: issued.expiresAt.toISOString() }, 200);
    } catch (error) {
      return sendError(c, error, log);
    }
  });

  // The journey's persisted snapshot, per household site, so a fresh signed URL (another
  // device of the same household too) resumes where it stopped.
  app.get("/v1/session/progress", async (c) => {
    c.set("route", "/v1/session/progress");
    try {
      const session = requireSession(c);
      const saved = await store.loadProgress(session.siteId);
      return c.json({ snapshot: saved?.snapshot ?? null, updatedAt: saved?.updatedAt.toISOString() ?? null });
    } catch (error) {
      return sendError(c, error, log);
    }
  });
  app.put("/v1/session/progress", async (c) => {
    c.set("route", "/v1/session/progress");
    try {
      const session = requireSession(c);
      const body = await readJson(c, MAX_PROGRESS_BYTES);
      if (body === null || typeof body !== "object" || Array.isArray(body) || !Object.hasOwn(body, "snapshot")) {
        throw new OnflexError("validation", "Send { snapshot } as the body.", { retryable: false });
      }
      const updatedAt = await store.saveProgress(session.siteId, (body as { snapshot: unknown }).snapshot);
      return c.json({ updatedAt: updatedAt.toISOString() });
    } catch (error) {
      return sendError(c, error, log);
    }
  });
  app.delete("/v1/session/progress", async (c) => {
    c.set("route", "/v1/session/progress");
    try {
      const session = requireSession(c);
      await store.clearProgress(session.siteId);
      return c.body(null, 204);
    } catch (error) {
      return sendError(c, error, log);
    }
  });

  // Where a maker's sign-in sends the user back (the redirect URI registered at the maker):
  // the server finishes the sign-in here, for the session that started it, so the widget
  // learns the result from the server even when the maker's page cut the popup's opener.
  app.get("/device-auth/callback", async (c) => {
    c.set("route", "/device-auth/callback");
    try {
      const now = clock().getTime();
      const url = new URL(c.req.url);
      const state = url.searchParams.get("state");
      const pending = url.href.length <= MAX_CALLBACK_URL && state !== null && OAUTH_STATE.test(state) ? signIns.get(state, now) : undefined;
      const api = pending ? apis.get(pending.sessionId, now) : undefined;
      const result = pending && api ? await api.deviceAuth.complete({ deviceId: pending.deviceId, continuationUri: url.href }) : null;
      const page = renderDeviceAuthReturnPage(result, url.href);
      return c.html(page.html, page.status, page.headers);
    } catch (error) {
      if (!isOnflexError(error)) log({ kind: "error", id: c.get("requestId") ?? null, route: "/device-auth/callback", ...describeError(error) });
      const page = renderDeviceAuthReturnPage(null, "");
      return c.html(page.html, 400, page.headers);
    }
  });

  // Everything else under /v1 is core's operations table, served by core's router so the
  // portal answers exactly the contract createHttpApi and the MSW handlers speak.
  app.all("/v1/*", async (c) => {
    c.set("route", "/v1/*");
    try {
      const url = new URL(c.req.url);
      const match = matchOperation(c.req.method, url.pathname);
      if (!match) throw new OnflexError("not_found", "There is no such endpoint.", { retryable: false });
      c.set("route", `${operations[match.id].method} ${operations[match.id].path}`);
      const session = requireSession(c);
      const rawKey = headerOf(c, "idempotency-key");
      if (rawKey !== undefined && !IDEMPOTENCY_KEY.test(rawKey)) {
        throw new RequestRefused(400, "malformed_idempotency_key", "The Idempotency-Key header must be 1 to 200 visible ASCII characters.");
      }
      const idempotencyKey = rawKey ?? null;
      let api = apis.get(session.id, clock().getTime());
      if (!api) {
        api = withSessionPolicy(options.createApi(session), session);
        apis.set(session.id, api, session.expiresAt.getTime());
      }
      const read: { refused: RequestRefused | null } = { refused: null };
      const response = await serveOperation(api, {
        method: c.req.method,
        pathname: url.pathname,
        query: url.searchParams,
        readJson: () =>
          readJson(c, MAX_JSON_BYTES).catch((error: unknown) => {
            // Core turns any read failure into a 422; keep the guard's own status and reason.
            if (error instanceof RequestRefused) read.refused = error;
            throw error;
          }),
        // A household's sessions share its backend; a key is the sending session's alone.
        idempotencyKey: idempotencyKey === null ? null : sha256Hex(`${session.id}\n${idempotencyKey}`),
      });
      if (read.refused) throw read.refused;
      if ("error" in response) {
        if (response.error.code === "invalid_response" && options.garbleInvalidAnswers) {
          // SIMULATED: the sandbox's malformed fixture reaches HTTP clients as a garbled body.
          return c.body('{"simulated":"garbled answer', 200, { "Content-Type": "application/json" });
        }
        if (response.status >= 500) log({ kind: "error", id: c.get("requestId"), route: c.get("route"), error: "OnflexError", code: response.error.code });
        return c.json(response.body, response.status as ContentfulStatusCode);
      }
      if (response.id === "consents.record") {
        // The portal is the system of record for consent: it keeps its own copy, under its own
        // id, for this household, with the key scoped to the session that sent it.
        const record = response.body as ConsentRecord;
        const stored = await store.recordConsent(
          session.siteId,
          { ...record, id: `cns_${randomUUID()}` },
          idempotencyKey === null ? undefined : { key: idempotencyKey, caller: session.id, fingerprint: consentFingerprint(record) },
        );
        if (!stored.ok) {
          throw new OnflexError("conflict", "That idempotency key was already used for a different consent.", { retryable: false });
        }
        return c.json(stored.record, 200);
      }
      if (response.id === "deviceAuth.start") {
        const started = response.body as DeviceAuthStart;
        signIns.set(started.state, { sessionId: session.id, deviceId: started.deviceId }, Date.parse(started.expiresAt));
      }
      return c.json(response.body, 200);
    } catch (error) {
      return sendError(c, error, log);
    }
  });

  return {
    prune: (now) => {
      apis.prune(now);
      signIns.prune(now);
    },
  };
}
