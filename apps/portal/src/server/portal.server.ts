import { readFile, stat } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { OnflexError, type OnboardingApi } from "@onflex/core";
import { Hono } from "hono";
import { registerApiRoutes, sendError } from "./api.routes.js";
import { migrate, openPgliteDb, openPostgresDb, type Db } from "./db/index.js";
import { createEntryHandler } from "./entry.route.js";
import { renderRejectionPage } from "./pages/rejection.page.js";
import { createPortalStore, type PortalSession, type PortalStore } from "./portal.store.js";
import { SANDBOX_SITES } from "./sandbox-sites.js";
import { commonHeaders, documentHeaders } from "./security.headers.js";
import type { SiteConfig } from "./site.types.js";
import { createSandboxBackend } from "./sandbox.backend.js";

const APP_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_DATA_DIR = join(APP_ROOT, ".onflex", "data");
export const DEFAULT_WEB_ROOT = join(APP_ROOT, "dist");

const SMART_CHARGING = "full_asset_schedule_control";

export interface PortalServerOptions {
  /** PGlite data directory (default apps/portal/.onflex/data); ignored when `databaseUrl` or `db` is given. */
  dataDir?: string;
  /** Embedded PGlite without a data directory: nothing survives close() (tests, benchmarks). */
  inMemory?: boolean;
  /** A real Postgres; the same migrations run against it. */
  databaseUrl?: string;
  /** An already-open Db (tests). The server closes it on close(). */
  db?: Db;
  /** Sites seeded at start, idempotently. Defaults to the documented sandbox sites. */
  sites?: readonly SiteConfig[];
  /** The built web app (index.html + assets/). Defaults to apps/portal/dist. */
  webRoot?: string;
  clock?: () => Date;
  /** Portal session lifetime; 30 minutes by default. */
  sessionTtlMs?: number;
  /** Site token lifetime; 1 hour by default, as Flip's. */
  siteTokenTtlMs?: number;
  /** How long site config read from storage is reused (default 5 s; see StoreOptions). */
  siteCacheTtlMs?: number;
  /**
   * Single-use v2 links (nonces recorded in storage). On by default; turn off only to
   * benchmark the entry path with one link.
   */
  replayProtection?: boolean;
  /** The domain behind the REST API per session; a fresh sandbox per session by default. */
  createApi?: (session: PortalSession) => OnboardingApi;
  logError?: (error: unknown) => void;
}

export interface PortalServer {
  /** The request handler (Fetch API), for any server or for app.request() in tests. */
  fetch: (request: Request) => Response | Promise<Response>;
  store: PortalStore;
  db: Db;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".map": "application/json",
};

async function openDb(options: PortalServerOptions): Promise<Db> {
  if (options.db) return options.db;
  if (options.databaseUrl) return openPostgresDb(options.databaseUrl);
  return openPgliteDb(options.inMemory ? undefined : (options.dataDir ?? DEFAULT_DATA_DIR));
}

/** Builds the portal (storage opened, migrated and seeded) without listening anywhere. */
export async function createPortalServer(options: PortalServerOptions = {}): Promise<PortalServer> {
  const clock = options.clock ?? (() => new Date());
  const logError = options.logError ?? ((error: unknown) => console.error("[portal]", error));
  const db = await openDb(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const store = createPortalStore(db, { clock, ...(options.siteCacheTtlMs === undefined ? {} : { siteCacheTtlMs: options.siteCacheTtlMs }) });
  for (const site of options.sites ?? SANDBOX_SITES) await store.upsertSite(site);

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  // The built page is read once and re-read when a rebuild changes it (checked at most once
  // a second), so a long-running portal never serves an index.html whose assets are gone.
  let template: { html: string; mtimeMs: number } | null = null;
  let checkedAt = 0;
  const loadTemplate = async () => {
    const now = Date.now();
    if (template && now - checkedAt < 1000) return template.html;
    checkedAt = now;
    const path = join(webRoot, "index.html");
    const info = await stat(path).catch(() => null);
    if (!info) return (template = null);
    if (template?.mtimeMs !== info.mtimeMs) {
      const html = await readFile(path, "utf8").catch(() => null);
      template = html === null ? null : { html, mtimeMs: info.mtimeMs };
    }
    return template?.html ?? null;
  };

  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(commonHeaders())) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  });

  const entry = createEntryHandler({
    store,
    clock,
    sessionTtlMs: options.sessionTtlMs ?? 30 * 60_000,
    replayProtection: options.replayProtection ?? true,
    loadTemplate,
    proposition: SMART_CHARGING,
  });
  app.get("/", entry);
  app.get("/embed", entry);
  app.get("/healthz", (c) => c.json({ ok: true, storage: db.kind }));

  const api = registerApiRoutes(app, {
    store,
    clock,
    logError,
    siteTokenTtlMs: options.siteTokenTtlMs ?? 60 * 60_000,
    createApi: options.createApi ?? createSandboxBackend({ clock }),
    garbleInvalidAnswers: options.createApi === undefined,
  });

  // Vite's hashed, flat output: a name never changes content, so it can be cached for ever.
  app.get("/assets/:file", async (c) => {
    const file = c.req.param("file");
    const type = CONTENT_TYPES[extname(file)];
    if (!/^[A-Za-z0-9._-]+$/.test(file) || file.startsWith(".") || !type) return c.notFound();
    const path = join(webRoot, "assets", file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return c.notFound();
    return c.body(await readFile(path), 200, { "Content-Type": type, "Cache-Control": "public, max-age=31536000, immutable" });
  });

  app.notFound((c) => {
    if (c.req.path.startsWith("/v1/")) return sendError(c, new OnflexError("not_found", "There is no such endpoint.", { retryable: false }), logError);
    return c.text("Not found", 404, { "Cache-Control": "no-store" });
  });
  app.onError((error, c) => {
    logError(error);
    if (c.req.path.startsWith("/v1/")) return sendError(c, error, logError);
    return c.html(renderRejectionPage("lookup_failed"), 503, documentHeaders([]));
  });

  const pruneTimer = setInterval(() => {
    api.prune(clock().getTime());
    store.pruneExpired().catch(logError);
  }, 10 * 60_000);
  pruneTimer.unref();

  return {
    fetch: (request) => app.fetch(request),
    store,
    db,
    async close() {
      clearInterval(pruneTimer);
      await db.close();
    },
  };
}

export interface StartPortalOptions extends PortalServerOptions {
  /** 0 picks a free port. Default 4400. */
  port?: number;
  /** Default 127.0.0.1: the portal does not listen on other interfaces unless asked. */
  host?: string;
}

export interface RunningPortal {
  url: string;
  port: number;
  server: PortalServer;
  close(): Promise<void>;
}

/** Starts the portal on one port (API + web app) and resolves once it is listening. */
export async function startPortal(options: StartPortalOptions = {}): Promise<RunningPortal> {
  const portal = await createPortalServer(options);
  const host = options.host ?? "127.0.0.1";
  const listening = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch: portal.fetch, port: options.port ?? 4400, hostname: host }, () => resolve(server));
    server.once("error", reject);
  }).catch(async (error: unknown) => {
    await portal.close();
    throw error;
  });
  const { port } = listening.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    server: portal,
    close() {
      closed ??= new Promise<void>((resolve) => {
        listening.close(() => resolve());
        // Keep-alive sockets would hold close() open; the portal has nothing long-running.
        if ("closeAllConnections" in listening) listening.closeAllConnections();
      }).then(() => portal.close());
      return closed;
    },
  };
}
