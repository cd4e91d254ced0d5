import {
  callOperation,
  isOnflexError,
  OnflexError,
  operationIds,
  operations,
  parseOperationInput,
  type ConsentRecord,
  type OnboardingApi,
  type OperationId,
} from "@onflex/core";
import type { Context, Hono } from "hono";
import { errorBody, STATUS_BY_CODE, unexpectedError } from "./http.errors.js";
import type { PortalSession, PortalStore } from "./portal.store.js";
import { sha256Hex } from "./crypto.js";
import { ExpiringCache } from "./session.cache.js";

export interface ApiRouteOptions {
  store: PortalStore;
  clock: () => Date;
  /** The domain behind the REST API for one session (the sandbox by default). */
  createApi: (session: PortalSession) => OnboardingApi;
  /** Logs unexpected failures; the client only ever sees a generic message. */
  logError: (error: unknown) => void;
  siteTokenTtlMs: number;
}

const MAX_JSON_BYTES = 64 * 1024;
const MAX_PROGRESS_BYTES = 256 * 1024;

export function sendError(c: Context, error: unknown, logError: (error: unknown) => void): Response {
  const known = isOnflexError(error) ? error : null;
  if (!known) logError(error);
  const onflex = known ?? unexpectedError();
  return c.json(errorBody(onflex), STATUS_BY_CODE[onflex.code]);
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

/** `/v1/addresses/{addressId}/meters` → `/v1/addresses/:addressId/meters` */
export function toHonoPath(path: string): string {
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1");
}

/**
 * The REST contract from core's `operations` table: path parameters and (for GET) the query
 * string, or the JSON body otherwise, make the input; it is validated with the operation's
 * schema before the domain sees it.
 */
async function decodeInput(c: Context, id: OperationId): Promise<unknown> {
  const spec = operations[id];
  const input: Record<string, unknown> = {};
  if (spec.method === "GET" || spec.method === "DELETE") {
    const url = new URL(c.req.url);
    for (const name of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(name);
      input[name] = values.length === 1 ? values[0] : values;
    }
  } else {
    const body = await readJson(c, MAX_JSON_BYTES);
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new OnflexError("validation", "The request body must be a JSON object.", { retryable: false });
    }
    Object.assign(input, body);
  }
  // Path parameters win: they are what the route matched.
  Object.assign(input, c.req.param());
  return input;
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

  for (const id of operationIds) {
    const spec = operations[id];
    app.on(spec.method, toHonoPath(spec.path), async (c) => {
      try {
        const { session, key } = await requireSession(c);
        const input = parseOperationInput(id, await decodeInput(c, id));
        let api = apis.get(key, clock().getTime());
        if (!api) {
          api = options.createApi(session);
          apis.set(key, api, session.expiresAt.getTime());
        }
        const idempotencyKey = c.req.header("idempotency-key")?.slice(0, 200);
        const output = await callOperation(api, id, input, idempotencyKey ? { idempotencyKey } : {});
        if (id === "consents.record") {
          // The portal is the system of record for consent: it keeps its own copy with its own id.
          const record = output as ConsentRecord;
          const stored = await store.recordConsent(session.siteId, { ...record, id: `cns_${crypto.randomUUID()}` }, idempotencyKey);
          return c.json(stored, 201);
        }
        return c.json(output, 200);
      } catch (error) {
        return sendError(c, error, logError);
      }
    });
  }

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

  return { prune: (now) => apis.prune(now) };
}
