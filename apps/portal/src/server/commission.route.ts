import { isOnflexError, OnflexError } from "@onflex/core";
import type { Context, Hono } from "hono";
import { headerOf, hostCall, sendError, type PortalEnv } from "./api.routes.js";
import { parseCommissionRequest } from "./commission.request.js";
import type { CommissionStore } from "./commission.store.js";
import type { Logger } from "./log.js";
import type { PortalStore } from "./portal.store.js";
import type { Limiters } from "./rate-limit.js";
import { checkDeclaredLength, parseJsonBody, readBodyText, RequestRefused } from "./request.guard.js";

export interface CommissionRouteOptions {
  store: PortalStore;
  commissions: CommissionStore;
  clock: () => Date;
  log: Logger;
  limiters: Limiters;
  clientOf: (c: Context<PortalEnv>) => string;
}

/** A commissioning describes one home and at most 50 devices: far less than this. */
const MAX_COMMISSION_BYTES = 64 * 1024;

/**
 * The body as JSON, or a 4xx with a reason. Unlike core's operations (where JSON that does
 * not parse is a 422), a 422 here means only Flip's "the enrolment needs more", so a body
 * that is not JSON is a 400.
 */
async function readCommissionBody(c: Context<PortalEnv>): Promise<unknown> {
  if (!/^application\/json\b/i.test(headerOf(c, "content-type") ?? "")) {
    throw new RequestRefused(415, "not_json", "Send the request body as JSON (Content-Type: application/json).");
  }
  const declared = checkDeclaredLength(headerOf(c, "content-length"), MAX_COMMISSION_BYTES);
  if (declared) throw declared;
  const text = await readBodyText(c.req.raw.body, MAX_COMMISSION_BYTES);
  try {
    return parseJsonBody(text);
  } catch (error) {
    if (isOnflexError(error)) throw new RequestRefused(400, "malformed_json", "The request body is not valid JSON.");
    throw error;
  }
}

/**
 * Flip's `POST /v1/commission`: a host's backend, with its API key, creates or updates one of
 * its household sites and the site's devices, learns which programmes each device may join,
 * and (when it sends the homeowner's agreement) auto-enrols them. Authenticated and limited
 * like the site-token endpoint: wrong keys spend the client's budget, right ones the host's.
 */
export function registerCommissionRoute(app: Hono<PortalEnv>, options: CommissionRouteOptions): void {
  const { commissions, log, limiters } = options;

  app.post("/v1/commission", async (c) => {
    c.set("route", "/v1/commission");
    try {
      const call = hostCall(c, options, limiters.commissions);
      const host = await call.host();

      const request = parseCommissionRequest(await readCommissionBody(c));
      const outcome = await commissions.commission(host.id, request);
      switch (outcome.kind) {
        case "ok":
          return c.json(outcome.answer, 200);
        case "other_host":
          throw call.refuse();
        case "incomplete":
          return c.json({ enrollment: outcome.missing }, 422);
        case "not_enrollable":
          throw new OnflexError("conflict", outcome.message, { retryable: false, details: { reason: outcome.reason } });
        case "ambiguous":
          throw new RequestRefused(400, "program_id_required", "Several programmes can auto-enrol these devices: name one in enrollment.program_id.", {
            program_ids: outcome.programIds,
          });
      }
    } catch (error) {
      return sendError(c, error, log);
    }
  });
}
