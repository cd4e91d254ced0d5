import { relative } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { DemoHostConfig } from "./host.config.js";
import { createPortalLink, PortalLinkError } from "./portal-link.js";

export interface DemoServerOptions {
  config: DemoHostConfig;
  /** The Vite build to serve; omitted in tests that only exercise the API. */
  staticDir?: string;
  /** How the server reaches the portal; tests pass a fake. */
  fetch?: typeof fetch;
}

/**
 * The demo host: its pages (the Vite build) and the one backend route a host needs to embed
 * the portal. One process, so `npm run demo` and the e2e tests start the same thing.
 */
export function createDemoServer({ config, staticDir, fetch: doFetch }: DemoServerOptions): Hono {
  const app = new Hono();

  app.get("/healthz", (c) => c.text("ok"));

  app.get("/api/portal-url", async (c) => {
    // A link is a bearer credential: never let a cache or a proxy keep one.
    c.header("Cache-Control", "no-store");
    try {
      const hostOrigin = new URL(c.req.url).origin;
      const link = await createPortalLink({ config, hostOrigin, ...(doFetch ? { fetch: doFetch } : {}) });
      return c.json(link);
    } catch (error) {
      if (error instanceof PortalLinkError) return c.json({ error: { message: error.message } }, error.status);
      console.error("demo: could not sign a portal link", error);
      return c.json({ error: { message: "The demo host could not sign a portal link." } }, 500);
    }
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
