import { randomUUID } from "node:crypto";
import {
  errorBody,
  isOnflexError,
  matchOperation,
  OnflexError,
  serveOperation,
  STATUS_FOR_ERROR_CODE,
  type ConsentRecord,
  type OnboardingApi,
} from "@onflex/core";
import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { PortalSession, PortalStore } from "./portal.store.js";
import { sha256Hex } from "./crypto.js";
import { ExpiringCache } from "./session.cache.js";
import { withSessionPolicy } from "./session.policy.js";

export interface ApiRouteOptions {
  store: PortalStore;
  clock: () => Date;
  /** The domain behind the REST API for one session (the sandbox by default). */
  createApi: (session: PortalSession) => OnboardingApi;
  /** Logs unexpected failures; the client only ever sees a generic message. */
  logError: (error: unknown) => void;
  siteTokenTtlMs: number;
  /** Sandbox only: answer the malformed-response fixture with a garbled body, as its table says. */
  garbleInvalidAnswers?: boolean;
}

const MAX_JSON_BYTES = 64 * 1024;
const MAX_PROGRESS_BYTES = 256 * 1024;

export function sendError(c: Context, error: unknown, logError: (error: unknown) => void): Response {
  const known = isOnflexError(error) ? error : null;
  if (!known) logError(error);
  const onflex =
    known ?? new OnflexError("upstream", "Something went wrong on our side. Please try again.", { retryable: true });
  return c.json(errorBody(onflex), STATUS_FOR_ERROR_CODE[onflex.code] as ContentfulStatusCode);
}

function bearer(c: Context): string | null {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer\s+([\x21-\x7e]{1,512})$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

async function readJson(c: Context, limit: number): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new OnflexError("validation", "Send the request body as JSON (Content-Type: application/json).", { retryable: false });
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text, "utf8") > limit) {
    throw new OnflexError("validation", `The request body is larger than ${limit} bytes.`, { retryable: false });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new OnflexError("validation", "The request body is not valid JSON.", { retryable: false });
  }
}

export function registerApiRoutes(app: Hono, options: ApiRouteOptions): { prune(now: number): void } {
  const { store, clock, logError } = options;
  const apis = new ExpiringCache<OnboardingApi>(10_000);

  async function requireSession(c: Context): Promise<{ session: PortalSession; key: string }> {
    const id = bearer(c);
    const session = id ? await store.getSession(id) : null;
    if (!id || !session) {
      throw new OnflexError("unauthorized", "Your session has ended. Open the portal again from the app.", { retryable: false });
    }
    return { session, key: sha256Hex(id) };
  }

  // Flip's site token: the host's backend swaps its API key for a token for one site, 1 h.
  app.post("/v1/auth/site/:siteId", async (c) => {
    try {
      const siteId = c.req.param("siteId");
      const apiKey = bearer(c);
      if (!apiKey || !(await store.checkApiKey(siteId, apiKey))) {
        throw new OnflexError("unauthorized", "The API key is missing or not valid for this site.", { retryable: false });
      }
      const issued = await store.issueSiteToken(siteId, options.siteTokenTtlMs);
      return c.json({ site_access_token: issued.token, expires_at: issued.expiresAt.toISOString() }, 200, {
        "Cache-Control": "no-store",
      });
    } catch (error) {
      return sendError(c, error, logError);
    }
  });

  // The journey's persisted snapshot, per site, so a fresh signed URL resumes where it stopped.
  app.get("/v1/session/progress", async (c) => {
    try {
      const { session } = await requireSession(c);
      const saved = await store.loadProgress(session.siteId);
      return c.json({ snapshot: saved?.snapshot ?? null, updatedAt: saved?.updatedAt.toISOString() ?? null });
    } catch (error) {
      return sendError(c, error, logError);
    }
  });
  app.put("/v1/session/progress", async (c) => {
    try {
      const { session } = await requireSession(c);
      const body = await readJson(c, MAX_PROGRESS_BYTES);
      if (body === null || typeof body !== "object" || !("snapshot" in body)) {
        throw new OnflexError("validation", "Send { snapshot } as the body.", { retryable: false });
      }
      const updatedAt = await store.saveProgress(session.siteId, (body as { snapshot: unknown }).snapshot);
      return c.json({ updatedAt: updatedAt.toISOString() });
    } catch (error) {
      return sendError(c, error, logError);
    }
  });
  app.delete("/v1/session/progress", async (c) => {
    try {
      const { session } = await requireSession(c);
      await store.clearProgress(session.siteId);
      return c.body(null, 204);
    } catch (error) {
      return sendError(c, error, logError);
    }
  });

  // Everything else under /v1 is core's operations table, served by core's router so the
  // portal answers exactly the contract createHttpApi and the MSW handlers speak.
  app.on(["GET", "POST", "PATCH", "DELETE"], "/v1/*", async (c) => {
    try {
      const url = new URL(c.req.url);
      const match = matchOperation(c.req.method, url.pathname);
      if (!match) throw new OnflexError("not_found", `No operation answers ${c.req.method} ${url.pathname}.`, { retryable: false });
      const { session, key } = await requireSession(c);
      let api = apis.get(key, clock().getTime());
      if (!api) {
        api = withSessionPolicy(options.createApi(session), session);
        apis.set(key, api, session.expiresAt.getTime());
      }
      const idempotencyKey = c.req.header("idempotency-key")?.slice(0, 200) ?? null;
      const response = await serveOperation(api, {
        method: c.req.method,
        pathname: url.pathname,
        query: url.searchParams,
        readJson: () => readJson(c, MAX_JSON_BYTES),
        idempotencyKey,
        signal: c.req.raw.signal,
      });
      if ("error" in response) {
        if (response.error.code === "invalid_response" && options.garbleInvalidAnswers) {
          // SIMULATED: the sandbox's malformed fixture reaches HTTP clients as a garbled body.
          return c.body('{"simulated":"garbled answer', 200, { "Content-Type": "application/json" });
        }
        if (response.status >= 500) logError(response.error);
        return c.json(response.body, response.status as ContentfulStatusCode);
      }
      if (response.id === "consents.record") {
        // The portal is the system of record for consent: it keeps its own copy, under its own id.
        const record = response.body as ConsentRecord;
        const stored = await store.recordConsent(session.siteId, { ...record, id: `cns_${randomUUID()}` }, idempotencyKey ?? undefined);
        return c.json(stored, 200);
      }
      return c.json(response.body, 200);
    } catch (error) {
      return sendError(c, error, logError);
    }
  });

  return { prune: (now) => apis.prune(now) };
}
