import { isOnflexError, OnflexError } from "@onflex/core";
import type { Context, Hono } from "hono";
import { headerOf, hostCall, sendError, type PortalEnv } from "../api.routes.js";
import type { Logger } from "../log.js";
import type { PortalStore } from "../portal.store.js";
import { RateLimiter, type BucketLimit, type Limiters } from "../rate-limit.js";
import { checkDeclaredLength, parseJsonBody, readBodyText, RequestRefused } from "../request.guard.js";
import { WEBHOOK_EVENT_TYPES } from "./webhook.events.js";
import type { WebhookEndpoint, WebhookMessageStatus, WebhookStore } from "./webhook.store.js";
import { checkWebhookUrl } from "./webhook.url.js";

export interface WebhookRouteOptions {
  store: PortalStore;
  webhooks: WebhookStore;
  clock: () => Date;
  log: Logger;
  limiters: Limiters;
  clientOf: (c: Context<PortalEnv>) => string;
  allowLoopbackHttp: boolean;
  /** How long a rotated-out secret keeps signing alongside the new one; 24 h by default. */
  rotationGraceMs?: number;
  /** Calls to these routes per host; burst 60, then 2/s by default. */
  perHostLimit?: BucketLimit;
}

const MAX_ENDPOINT_BYTES = 4 * 1024;
const MESSAGE_ID = /^msg_[0-9a-f-]{36}$/;
const STATUSES: readonly WebhookMessageStatus[] = ["pending", "delivered", "failed"];

function endpointJson(endpoint: WebhookEndpoint) {
  return {
    url: endpoint.url,
    secret: endpoint.secret,
    previous_secret_expires_at: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    event_types: WEBHOOK_EVENT_TYPES,
  };
}

async function readEndpointBody(c: Context<PortalEnv>): Promise<{ url: unknown }> {
  if (!/^application\/json\b/i.test(headerOf(c, "content-type") ?? "")) {
    throw new RequestRefused(415, "not_json", "Send the request body as JSON (Content-Type: application/json).");
  }
  const declared = checkDeclaredLength(headerOf(c, "content-length"), MAX_ENDPOINT_BYTES);
  if (declared) throw declared;
  let body: unknown;
  try {
    body = parseJsonBody(await readBodyText(c.req.raw.body, MAX_ENDPOINT_BYTES));
  } catch (error) {
    if (isOnflexError(error)) throw new RequestRefused(400, "malformed_json", "The request body is not valid JSON.");
    throw error;
  }
  if (body === null || typeof body !== "object" || Array.isArray(body) || !Object.hasOwn(body, "url")) {
    throw new RequestRefused(400, "url_required", 'Send { "url": "https://…" } (or { "url": null } to stop webhooks).');
  }
  return body as { url: unknown };
}

/**
 * A host's webhook endpoint, with its API key (as commissioning): register or change the URL,
 * rotate the signing secret, list recent messages and put a failed one back in the queue.
 * Every read and write names the key's own host only.
 */
export function registerWebhookRoutes(app: Hono<PortalEnv>, options: WebhookRouteOptions): void {
  const { webhooks, log } = options;
  // Configuration calls, not traffic: a generous burst, a modest sustained rate.
  const perHost = new RateLimiter(options.perHostLimit ?? { burst: 60, perSecond: 2 });
  const graceMs = options.rotationGraceMs ?? 24 * 3_600_000;

  app.get("/v1/webhooks/endpoint", async (c) => {
    c.set("route", "/v1/webhooks/endpoint");
    try {
      const host = await hostCall(c, options, perHost).host();
      return c.json(endpointJson(await webhooks.getEndpoint(host.id)), 200);
    } catch (error) {
      return sendError(c, error, log);
    }
  });

  app.put("/v1/webhooks/endpoint", async (c) => {
    c.set("route", "/v1/webhooks/endpoint");
    try {
      const host = await hostCall(c, options, perHost).host();
      const { url } = await readEndpointBody(c);
      let stored: string | null = null;
      if (url !== null) {
        const checked = checkWebhookUrl(url, { allowLoopbackHttp: options.allowLoopbackHttp });
        if (!checked.ok) throw new RequestRefused(400, checked.reason, checked.message);
        stored = checked.url;
      }
      return c.json(endpointJson(await webhooks.setEndpoint(host.id, stored)), 200);
    } catch (error) {
      return sendError(c, error, log);
    }
  });

  app.post("/v1/webhooks/endpoint/rotate-secret", async (c) => {
    c.set("route", "/v1/webhooks/endpoint/rotate-secret");
    try {
      const host = await hostCall(c, options, perHost).host();
      const current = await webhooks.getEndpoint(host.id);
      if (!current.secret) throw new OnflexError("conflict", "Register a webhook URL first; it comes with a secret.", { retryable: false, details: { reason: "no_endpoint" } });
      return c.json(endpointJson(await webhooks.rotateSecret(host.id, graceMs)), 200);
    } catch (error) {
      return sendError(c, error, log);
    }
  });

  app.get("/v1/webhooks/messages", async (c) => {
    c.set("route", "/v1/webhooks/messages");
    try {
      const host = await hostCall(c, options, perHost).host();
      const status = c.req.query("status");
      if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
        throw new RequestRefused(400, "malformed_status", "status is one of pending, delivered, failed.");
      }
      const messages = await webhooks.listMessages(host.id, { limit: 100, ...(status === undefined ? {} : { status: status as WebhookMessageStatus }) });
      return c.json({ messages }, 200);
    } catch (error) {
      return sendError(c, error, log);
    }
  });

  app.post("/v1/webhooks/messages/:id/retry", async (c) => {
    c.set("route", "/v1/webhooks/messages/:id/retry");
    try {
      const host = await hostCall(c, options, perHost).host();
      const id = c.req.param("id");
      if (!MESSAGE_ID.test(id) || !(await webhooks.retryFailed(host.id, id))) {
        throw new OnflexError("not_found", "There is no failed message of yours with that id.", { retryable: false });
      }
      return c.body(null, 202);
    } catch (error) {
      return sendError(c, error, log);
    }
  });
}
