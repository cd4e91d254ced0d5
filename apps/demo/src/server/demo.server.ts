import { relative } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { verifyWebhook, type WebhookPayload } from "@onflex/embed/server";
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { DemoHostConfig } from "./host.config.js";
import { createPortalLink, HOUSEHOLD_PATTERN, householdSiteId, newHouseholdId, PortalLinkError } from "./portal-link.js";

/** The demo host's own cookie naming the browser's household (first-party, never sent to the portal). */
export const HOUSEHOLD_COOKIE = "voltra_household";

export interface DemoServerOptions {
  config: DemoHostConfig;
  /** A second host whose portal connects a device: `GET /api/portal-url?product=device`. */
  deviceConfig?: DemoHostConfig;
  /** A third host whose portal is a programme home (join and manage a VPP programme): `?product=vpp`. */
  vppConfig?: DemoHostConfig;
  /** The Vite build to serve; omitted in tests that only exercise the API. */
  staticDir?: string;
  /** How the server reaches the portal; tests pass a fake. */
  fetch?: typeof fetch;
  /** Called once per webhook message the portal sends (repeats of one webhook-id are skipped); logs its type and id by default. */
  onWebhook?: (id: string, payload: WebhookPayload) => void;
}

/** A webhook body is a few hundred bytes; anything far larger is not one. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * The demo host: its pages (the Vite build) and the one backend route a host needs to embed
 * the portal. One process, so `npm run demo` and the e2e tests start the same thing.
 */
export function createDemoServer({ config, deviceConfig, vppConfig, staticDir, fetch: doFetch, onWebhook }: DemoServerOptions): Hono {
  const app = new Hono();
  // Ids already handled, oldest first: retries repeat a webhook-id, and each is acted on once.
  // A real host keeps these in its database for a day and a half (the portal's retry window).
  const handled = new Set<string>();
  const handle = onWebhook ?? ((id: string, payload: WebhookPayload) => console.log(`demo: webhook ${payload.type} ${id}`));

  app.get("/healthz", (c) => c.text("ok"));

  app.get("/api/portal-url", async (c) => {
    // A link is a bearer credential: never let a cache or a proxy keep one.
    c.header("Cache-Control", "no-store");
    try {
      const product = c.req.query("product");
      const host = product === undefined ? config : product === "device" ? deviceConfig : product === "vpp" ? vppConfig : undefined;
      if (!host) throw new PortalLinkError("There is no such product. Ask for the default portal, product=device or product=vpp.", 400);
      const hostOrigin = new URL(c.req.url).origin;
      // Each browser is its own household: a new one gets a random id in an HttpOnly cookie,
      // and every link it asks for opens that household's site at the portal.
      let household = getCookie(c, HOUSEHOLD_COOKIE);
      if (household === undefined || !HOUSEHOLD_PATTERN.test(household)) {
        household = newHouseholdId();
        setCookie(c, HOUSEHOLD_COOKIE, household, {
          httpOnly: true,
          sameSite: "Lax",
          path: "/api",
          maxAge: 60 * 60 * 24 * 365,
          secure: hostOrigin.startsWith("https:"),
        });
      }
      const siteId = householdSiteId(host, household);
      const link = await createPortalLink({ config: host, siteId, hostOrigin, ...(doFetch ? { fetch: doFetch } : {}) });
      return c.json(link);
    } catch (error) {
      if (error instanceof PortalLinkError) return c.json({ error: { message: error.message } }, error.status);
      console.error("demo: could not sign a portal link", error);
      return c.json({ error: { message: "The demo host could not sign a portal link." } }, 500);
    }
  });

  // The portal's signed webhooks (enrolments made and cancelled), verified as any host would.
  app.post("/api/onflex/webhooks", async (c) => {
    const declared = Number(c.req.header("content-length") ?? 0);
    if (declared > MAX_WEBHOOK_BYTES) return c.json({ error: { message: "Too large for a webhook." } }, 413);
    const body = await c.req.text();
    if (body.length > MAX_WEBHOOK_BYTES) return c.json({ error: { message: "Too large for a webhook." } }, 413);
    const result = await verifyWebhook({ secret: config.webhookSecret, headers: c.req.raw.headers, body });
    // A 4xx: the portal retries it on its schedule, then keeps it as failed for us to look at.
    if (!result.ok) return c.json({ error: { reason: result.reason, message: result.message } }, 400);
    if (!handled.has(result.id)) {
      handled.add(result.id);
      if (handled.size > 10_000) handled.delete(handled.values().next().value as string);
      handle(result.id, result.payload);
    }
    return c.body(null, 204);
  });

  app.all("/api/*", (c) => c.json({ error: { message: "No such demo API route." } }, 404));

  if (staticDir !== undefined) {
    // serveStatic resolves its root against the working directory and refuses absolute paths.
    const root = relative(process.cwd(), staticDir) || ".";
    app.use("/*", serveStatic({ root }));
    // The app routes in the browser (/, /portal); any other page path gets the shell.
    app.get("*", serveStatic({ root, path: "index.html" }));
  }

  return app;
}
