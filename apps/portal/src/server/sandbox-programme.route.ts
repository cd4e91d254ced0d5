import { isOnflexError, OnflexError, PROGRAM_EVENT_MODES, type ProgramEventMode } from "@onflex/core";
import type { Context, Hono } from "hono";
import { headerOf, hostCall, sendError, type PortalEnv } from "./api.routes.js";
import type { Db } from "./db/index.js";
import { scheduleProgramEvent } from "./events.store.js";
import type { Logger } from "./log.js";
import type { PortalStore } from "./portal.store.js";
import type { EnrollmentStatus } from "./programs.types.js";
import type { Limiters } from "./rate-limit.js";
import { checkDeclaredLength, parseJsonBody, readBodyText, RequestRefused } from "./request.guard.js";
import { enqueueWebhookForSite } from "./webhooks/webhook.events.js";

/**
 * SIMULATED programme operator, for the sandbox programmes only: what a virtual power plant
 * programme does on its own side, which the portal otherwise only hears about. A host's
 * backend (or a test, or the demo) can make the programme decide on a household's enrolment
 * and schedule an event for it:
 *
 * - `POST /v1/sandbox/enrollments/{id}/decision` `{ status: "ACTIVE" | "REJECTED" | "NEEDS_ACTION" }`
 *   (from PENDING or NEEDS_ACTION; the host hears `enrollment.status_changed`);
 * - `POST /v1/sandbox/enrollments/{id}/events` `{ id, starts_at, ends_at, mode? }` (mode one of
 *   Flip's, DISCHARGE by default; an ACTIVE
 *   enrolment; its devices take part).
 *
 * Authenticated by the host's API key; an enrolment of another host's household is a 404.
 */
export interface SandboxProgrammeRouteOptions {
  store: PortalStore;
  db: Db;
  clock: () => Date;
  log: Logger;
  limiters: Limiters;
  clientOf: (c: Context<PortalEnv>) => string;
}

const MAX_BYTES = 4096;
const ENROLLMENT_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const DECISIONS: ReadonlySet<string> = new Set(["ACTIVE", "REJECTED", "NEEDS_ACTION"]);
const MODES: ReadonlySet<string> = new Set(PROGRAM_EVENT_MODES);

async function readBody(c: Context<PortalEnv>): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(headerOf(c, "content-type") ?? "")) {
    throw new RequestRefused(415, "not_json", "Send the request body as JSON (Content-Type: application/json).");
  }
  const declared = checkDeclaredLength(headerOf(c, "content-length"), MAX_BYTES);
  if (declared) throw declared;
  let body: unknown;
  try {
    body = parseJsonBody(await readBodyText(c.req.raw.body, MAX_BYTES));
  } catch (error) {
    if (isOnflexError(error)) throw new RequestRefused(400, "malformed_json", "The request body is not valid JSON.");
    throw error;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new RequestRefused(400, "malformed_body", "Send a JSON object.");
  return body as Record<string, unknown>;
}

function field(body: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

export function registerSandboxProgrammeRoutes(app: Hono<PortalEnv>, options: SandboxProgrammeRouteOptions): void {
  const { db, clock, log, limiters } = options;

  /** The host's enrolment by id: its household site, programme and status; 404 for anyone else's. */
  async function enrollmentOf(c: Context<PortalEnv>) {
    const call = hostCall(c, options, limiters.commissions);
    const host = await call.host();
    const id = c.req.param("enrollmentId") ?? "";
    if (!ENROLLMENT_ID.test(id)) throw new RequestRefused(400, "malformed_enrollment_id", "An enrolment id is 1 to 100 letters, digits or . _ : -.");
    const found = await db.query<{ site_id: string; program_id: string; status: EnrollmentStatus }>(
      "SELECT e.site_id, e.program_id, e.status FROM enrollments e JOIN sites s ON s.id = e.site_id WHERE e.id = $1 AND s.host_id = $2",
      [id, host.id],
    );
    const row = found.rows[0];
    if (!row) throw new OnflexError("not_found", "There is no such enrolment among your households.", { retryable: false });
    return { id, ...row };
  }

  app.post("/v1/sandbox/enrollments/:enrollmentId/decision", async (c) => {
    c.set("route", "/v1/sandbox/enrollments/:enrollmentId/decision");
    try {
      const enrollment = await enrollmentOf(c);
      const status = field(await readBody(c), "status");
      if (typeof status !== "string" || !DECISIONS.has(status)) {
        throw new RequestRefused(400, "malformed_status", "status is ACTIVE, REJECTED or NEEDS_ACTION.");
      }
      if (enrollment.status !== "PENDING" && enrollment.status !== "NEEDS_ACTION") {
        throw new OnflexError("conflict", "The programme has already decided on this enrolment.", { retryable: false, details: { enrollment_status: enrollment.status } });
      }
      const at = clock();
      await db.transaction(async (tx) => {
        await tx.query("UPDATE enrollments SET status = $3, updated_at = $4 WHERE id = $1 AND site_id = $2", [enrollment.id, enrollment.site_id, status, at]);
        await enqueueWebhookForSite(
          tx,
          enrollment.site_id,
          "enrollment.status_changed",
          { enrollment_id: enrollment.id, site_id: enrollment.site_id, program_id: enrollment.program_id, status: status as EnrollmentStatus, previous_status: enrollment.status },
          at,
        );
      });
      return c.json({ id: enrollment.id, status }, 200);
    } catch (error) {
      return sendError(c, error, log);
    }
  });

  app.post("/v1/sandbox/enrollments/:enrollmentId/events", async (c) => {
    c.set("route", "/v1/sandbox/enrollments/:enrollmentId/events");
    try {
      const enrollment = await enrollmentOf(c);
      const body = await readBody(c);
      if (enrollment.status !== "ACTIVE") {
        throw new OnflexError("conflict", "A programme schedules events for an ACTIVE enrolment only.", { retryable: false, details: { enrollment_status: enrollment.status } });
      }
      const mode = field(body, "mode") ?? "DISCHARGE";
      if (typeof mode !== "string" || !MODES.has(mode)) throw new RequestRefused(400, "malformed_mode", `mode is one of ${PROGRAM_EVENT_MODES.join(", ")}.`);
      const [id, startsAt, endsAt] = [field(body, "id"), field(body, "starts_at"), field(body, "ends_at")];
      if (typeof id !== "string" || typeof startsAt !== "string" || typeof endsAt !== "string") {
        throw new RequestRefused(400, "malformed_event", "Send { id, starts_at, ends_at } (ISO-8601 UTC), and mode if not DISCHARGE.");
      }
      await scheduleProgramEvent(db, enrollment.site_id, {
        id,
        enrollment_id: enrollment.id,
        starts_at: startsAt,
        ends_at: endsAt,
        schedule: [{ mode: mode as ProgramEventMode, starts_at: startsAt, ends_at: endsAt }],
      });
      return c.json({ id, enrollment_id: enrollment.id }, 201);
    } catch (error) {
      return sendError(c, error, log);
    }
  });
}
