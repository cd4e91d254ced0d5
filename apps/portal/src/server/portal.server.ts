import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { errorBody, OnflexError, type OnboardingApi, type SandboxMaker } from "@onflex/core";
import { Hono, type Context } from "hono";
import { headerOf, registerApiRoutes, sendError, type PortalEnv } from "./api.routes.js";
import { migrate, openPgliteDb, openPgliteThreadDb, openPostgresDb, type Db } from "./db/index.js";
import { registerCommissionRoute } from "./commission.route.js";
import { createCommissionStore } from "./commission.store.js";
import { createEntry, type EntryAnswer } from "./entry.route.js";
import { createRequestIds, describeError, jsonStdoutLogger, type Logger } from "./log.js";
import { renderRejectionPage } from "./pages/rejection.page.js";
import { createPortalStore, type PortalSession, type PortalStore } from "./portal.store.js";
import { createLimiters, type BucketLimit, type RateLimits } from "./rate-limit.js";
import { checkDeclaredLength, checkRequestTarget, MAX_BODY_BYTES } from "./request.guard.js";
import type { ProgramDefinition } from "./programs.types.js";
import { SANDBOX_PROGRAMS } from "./sandbox-programs.js";
import { SANDBOX_DEMO_HOST_ID, SANDBOX_DEMO_WEBHOOK_SECRET, SANDBOX_HOSTS, SANDBOX_HOUSEHOLDS } from "./sandbox-sites.js";
import { commonHeaders, documentHeaders } from "./security.headers.js";
import type { HostConfig } from "./site.types.js";
import { createHouseholdApi } from "./household.api.js";
import { createSandboxBackend } from "./sandbox.backend.js";
import { registerSandboxProgrammeRoutes } from "./sandbox-programme.route.js";
import { createStaticAssets } from "./static.assets.js";
import { registerWebhookRoutes } from "./webhooks/webhook.route.js";
import { createWebhookSender, type WebhookSenderOptions } from "./webhooks/webhook.sender.js";
import { createWebhookStore } from "./webhooks/webhook.store.js";
import { checkWebhookUrl } from "./webhooks/webhook.url.js";
import { firstScreenMarkup } from "../web/first-screen.markup.js";

const APP_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_DATA_DIR = join(APP_ROOT, ".onflex", "data");
export const DEFAULT_WEB_ROOT = join(APP_ROOT, "dist");

const SMART_CHARGING = "full_asset_schedule_control";

export interface PortalServerOptions {
  /** PGlite data directory (default apps/portal/.onflex/data); ignored when `databaseUrl` or `db` is given. */
  dataDir?: string;
  /** Embedded PGlite without a data directory: nothing survives close() (tests). */
  inMemory?: boolean;
  /**
   * Run embedded PGlite on a worker thread rather than on the event loop. On by default for a
   * data directory (the production path), off for `inMemory`.
   */
  pgliteThread?: boolean;
  /** A real Postgres; the same migrations run against it. */
  databaseUrl?: string;
  /** An already-open Db (tests). The server closes it on close(). */
  db?: Db;
  /** Hosts registered at start, idempotently. Defaults to the documented sandbox hosts. */
  hosts?: readonly HostConfig[];
  /**
   * A real OAuth 2.0 server standing in for the device makers (the demo's `@onflex/maker-oauth`):
   * the sessions' sandboxes sign in there, and the maker sends users back to this portal's
   * `/device-auth/callback`. Without it the makers are simulated in memory.
   */
  maker?: SandboxMaker;
  /** Sandbox only: how many times faster than real time the simulated test charge runs (the demo's 20). */
  sandboxTestChargeSpeed?: number;
  /** Sandbox only: the simulated Tesla owner adds the virtual key this long after its link is shown (the demo's 4 s). */
  sandboxVirtualKeyAddedAfterMs?: number;
  /** Sandbox only: the simulated user finishes in the maker's app (a guided authorisation) this long after it is shown. */
  sandboxGuidedAuthorisedAfterMs?: number;
  /** Programmes commissioning offers, registered at start, idempotently. Defaults to the documented sandbox programmes. */
  programs?: readonly ProgramDefinition[];
  /** The built web app (index.html + assets/). Defaults to apps/portal/dist. */
  webRoot?: string;
  clock?: () => Date;
  /** Portal session lifetime; 30 minutes by default. */
  sessionTtlMs?: number;
  /** Site token lifetime; 1 hour by default, as Flip's. */
  siteTokenTtlMs?: number;
  /** How long host config read from storage is reused (default 5 s; see StoreOptions). */
  siteCacheTtlMs?: number;
  /**
   * Single-use v2 links (nonces recorded in storage). On by default; turn off only to
   * measure the entry path without it.
   */
  replayProtection?: boolean;
  /** Per-client, per-key and per-session request limits; each defaults to DEFAULT_RATE_LIMITS. */
  rateLimits?: Partial<RateLimits>;
  /**
   * Behind a reverse proxy every request comes from the proxy's address; set this to take the
   * client from the last X-Forwarded-For hop (the one the proxy added) instead.
   */
  trustProxy?: boolean;
  /** The domain behind the REST API per session; a fresh sandbox per session by default. */
  createApi?: (session: PortalSession) => OnboardingApi;
  /** One structured line per request and per unexpected error; JSON on stdout by default. */
  log?: Logger;
  /** Webhooks to hosts (see the README's "Webhooks"). */
  webhooks?: PortalWebhookOptions;
}

export interface PortalWebhookOptions extends Partial<Pick<WebhookSenderOptions, "retryScheduleMs" | "jitter" | "random" | "timeoutMs" | "pollIntervalMs" | "batchSize" | "fetch">> {
  /** Run the delivery loop (on by default). Off, messages are still written and wait in the outbox. */
  deliver?: boolean;
  /**
   * Accept plain http endpoint URLs to a loopback address (and private addresses at all). On
   * unless NODE_ENV is "production".
   */
  allowLoopbackHttp?: boolean;
  /** The sandbox demo host's endpoint URL, set at start (a local receiver); none by default. */
  sandboxUrl?: string;
  /** How long a rotated-out secret keeps signing beside the new one; 24 h by default. */
  rotationGraceMs?: number;
  /** Calls to the /v1/webhooks routes per host; burst 60, then 2/s by default. */
  perHostLimit?: BucketLimit;
}

export interface PortalServer {
  /** The request handler (Fetch API), for any server or for app.request() in tests. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** The same portal for node:http, with the signed entry served without the Fetch API layer. */
  nodeListener: (req: IncomingMessage, res: ServerResponse) => void;
  store: PortalStore;
  db: Db;
  close(): Promise<void>;
}

async function openDb(options: PortalServerOptions): Promise<Db> {
  if (options.db) return options.db;
  if (options.databaseUrl) return openPostgresDb(options.databaseUrl);
  const dataDir = options.inMemory ? undefined : (options.dataDir ?? DEFAULT_DATA_DIR);
  return (options.pgliteThread ?? dataDir !== undefined) ? openPgliteThreadDb(dataDir) : openPgliteDb(dataDir);
}

const REQUEST_ID = Symbol("onflex.requestId");
type IncomingWithId = IncomingMessage & { [REQUEST_ID]?: string };

function isEntryPath(target: string | undefined): boolean {
  if (!target) return false;
  const query = target.indexOf("?");
  const path = query < 0 ? target : target.slice(0, query);
  return path === "/embed" || path === "/";
}

/** Builds the portal (storage opened, migrated and seeded) without listening anywhere. */
export async function createPortalServer(options: PortalServerOptions = {}): Promise<PortalServer> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? jsonStdoutLogger;
  const db = await openDb(options);
  let store: PortalStore;
  const commissions = createCommissionStore(db, { clock });
  const webhooks = createWebhookStore(db, { clock });
  const allowLoopbackHttp = options.webhooks?.allowLoopbackHttp ?? process.env.NODE_ENV !== "production";
  try {
    await migrate(db);
    store = await createPortalStore(db, { clock, ...(options.siteCacheTtlMs === undefined ? {} : { siteCacheTtlMs: options.siteCacheTtlMs }) });
    await commissions.seedPrograms(options.programs ?? SANDBOX_PROGRAMS);
    if (options.hosts) for (const host of options.hosts) await store.upsertHost(host);
    else {
      for (const host of SANDBOX_HOSTS) await store.seedSandboxHost(host);
      for (const { hostId, siteId } of SANDBOX_HOUSEHOLDS) {
        const host = await store.getHost(hostId);
        if (host) await store.claimSite(host, siteId);
      }
      const sandboxUrl = options.webhooks?.sandboxUrl;
      const checked = sandboxUrl === undefined ? null : checkWebhookUrl(sandboxUrl, { allowLoopbackHttp });
      if (checked && !checked.ok) throw new Error(`The sandbox webhook URL is refused: ${checked.message}`);
      await webhooks.seedEndpoint(SANDBOX_DEMO_HOST_ID, { secret: SANDBOX_DEMO_WEBHOOK_SECRET, url: checked?.url ?? null });
    }
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const limiters = createLimiters(options.rateLimits);
  const nextRequestId = createRequestIds();
  const trustProxy = options.trustProxy ?? false;
  const clientOfNode = (req: IncomingMessage | undefined): string => {
    if (!req) return "unknown";
    if (trustProxy) {
      const forwarded = req.headers["x-forwarded-for"];
      const last = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)?.split(",").pop()?.trim();
      if (last) return last;
    }
    return req.socket.remoteAddress ?? "unknown";
  };
  const incomingOf = (c: Context<PortalEnv>) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;

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
  const assets = createStaticAssets(webRoot);
  void assets.warm();

  const entry = createEntry({
    store,
    clock,
    sessionTtlMs: options.sessionTtlMs ?? 30 * 60_000,
    replayProtection: options.replayProtection ?? true,
    loadTemplate,
    proposition: SMART_CHARGING,
    limiter: limiters.entry,
    firstScreen: firstScreenMarkup,
  });
  const entryFailed = (): EntryAnswer => ({
    status: 503,
    headers: { "Content-Type": "text/html; charset=UTF-8", ...documentHeaders([]) },
    body: renderRejectionPage("lookup_failed"),
    reason: "lookup_failed",
  });
  const common = commonHeaders();

  const app = new Hono<PortalEnv>();
  // One log line per request, the common headers, and the checks every request passes
  // before any route sees it: a well-formed URL and a body no larger than any route takes.
  app.use(async (c, next) => {
    const started = performance.now();
    const incoming = incomingOf(c);
    // Through nodeListener the id and the common headers are on the node response already
    // (cheaper than editing a Fetch API Headers object per request); through fetch() they are
    // added here.
    const preset = incoming ? (incoming as IncomingWithId)[REQUEST_ID] : undefined;
    c.set("requestId", preset ?? nextRequestId());
    const target = incoming?.url ?? (() => {
      const url = new URL(c.req.url);
      return url.pathname + url.search;
    })();
    const refused = checkRequestTarget(target) ?? checkDeclaredLength(headerOf(c, "content-length"), MAX_BODY_BYTES);
    if (refused) {
      c.set("route", "guard");
      c.res = c.req.path.startsWith("/v1/")
        ? sendError(c, refused, log)
        : c.text(refused.message, refused.status, refused.status === 413 ? { Connection: "close", "Cache-Control": "no-store" } : { "Cache-Control": "no-store" });
    } else {
      await next();
    }
    if (preset === undefined) {
      for (const [name, value] of Object.entries(common)) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
      // Every /v1 answer may carry a household's data or a token: no cache may keep it.
      if (c.req.path.startsWith("/v1/")) c.res.headers.set("Cache-Control", "no-store");
      c.res.headers.set("X-Request-Id", c.get("requestId"));
    }
    log({
      kind: "request",
      id: c.get("requestId"),
      method: c.req.method,
      route: c.get("route") ?? "unmatched",
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
  });

  const entryRoute = async (c: Context<PortalEnv>) => {
    c.set("route", c.req.path);
    const answer = await entry({ method: c.req.method, target: incomingOf(c)?.url ?? new URL(c.req.url).pathname + new URL(c.req.url).search, client: clientOfNode(incomingOf(c)) }).catch(
      (error: unknown) => {
        log({ kind: "error", id: c.get("requestId"), route: c.req.path, ...describeError(error) });
        return entryFailed();
      },
    );
    return c.body(answer.body ?? "", answer.status as 200, answer.headers);
  };
  app.get("/", entryRoute);
  app.get("/embed", entryRoute);
  app.get("/healthz", (c) => {
    c.set("route", "/healthz");
    return c.json({ ok: true, storage: db.kind }, 200, { "Cache-Control": "no-store" });
  });

  // Before the API's catch-all for /v1/*, which would otherwise answer it.
  const sandboxBackend = createSandboxBackend({
    clock,
    maker: options.maker,
    testChargeSpeed: options.sandboxTestChargeSpeed,
    virtualKeyAddedAfterMs: options.sandboxVirtualKeyAddedAfterMs,
    guidedAuthorisedAfterMs: options.sandboxGuidedAuthorisedAfterMs,
  });
  registerCommissionRoute(app, { store, commissions, clock, log, limiters, clientOf: (c) => clientOfNode(incomingOf(c)) });
  // The sandbox programmes' own side (deciding on enrolments, scheduling events), only when
  // the portal runs the sandbox programmes.
  if (options.programs === undefined) {
    registerSandboxProgrammeRoutes(app, { store, db, clock, log, limiters, clientOf: (c) => clientOfNode(incomingOf(c)) });
  }
  registerWebhookRoutes(app, {
    store,
    webhooks,
    clock,
    log,
    limiters,
    clientOf: (c) => clientOfNode(incomingOf(c)),
    allowLoopbackHttp,
    ...(options.webhooks?.rotationGraceMs === undefined ? {} : { rotationGraceMs: options.webhooks.rotationGraceMs }),
    ...(options.webhooks?.perHostLimit === undefined ? {} : { perHostLimit: options.webhooks.perHostLimit }),
  });
  const api = registerApiRoutes(app, {
    store,
    clock,
    log,
    limiters,
    clientOf: (c) => clientOfNode(incomingOf(c)),
    siteTokenTtlMs: options.siteTokenTtlMs ?? 60 * 60_000,
    // The sandbox for the onboarding operations; the household's site, programmes and
    // enrolments from storage, scoped to the session's site.
    createApi: options.createApi ?? ((session) => createHouseholdApi(db, session.siteId, clock, sandboxBackend(session))),
    garbleInvalidAnswers: options.createApi === undefined,
  });

  // Vite's hashed, flat output: a name never changes content, so it can be cached for ever.
  app.get("/assets/:file", async (c) => {
    c.set("route", "/assets/:file");
    const found = await assets.serve(c.req.param("file"), headerOf(c, "accept-encoding"));
    if (!found) return c.text("Not found", 404, { "Cache-Control": "no-store" });
    return c.body(new Uint8Array(found.body), 200, found.headers);
  });

  app.notFound((c) => {
    if (c.req.path.startsWith("/v1/")) return sendError(c, new OnflexError("not_found", "There is no such endpoint.", { retryable: false }), log);
    return c.text("Not found", 404, { "Cache-Control": "no-store" });
  });
  app.onError((error, c) => {
    log({ kind: "error", id: c.get("requestId") ?? null, route: c.get("route") ?? null, ...describeError(error) });
    if (c.req.path.startsWith("/v1/")) {
      return c.json(errorBody(new OnflexError("upstream", "Something went wrong on our side. Please try again.", { retryable: true })), 502);
    }
    return c.html(renderRejectionPage("lookup_failed"), 503, documentHeaders([]));
  });

  const honoListener = getRequestListener(app.fetch);
  // Entry answers reuse a few header objects (one per host); their flat form is made once.
  const flat = new WeakMap<Record<string, string>, string[]>();
  const flatHeaders = (headers: Record<string, string>): string[] => {
    let found = flat.get(headers);
    if (!found) flat.set(headers, (found = Object.entries(headers).flat()));
    return found;
  };
  // The signed entry is the hot path (every page view of every household): on node:http it is
  // answered straight from the request, without building Fetch API Request/Response objects.
  const commonEntries = Object.entries(common);
  const nodeListener = (req: IncomingMessage, res: ServerResponse) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !isEntryPath(req.url)) {
      // Headers set here are merged under the ones the route answers with (a route's own
      // Cache-Control or Cross-Origin-Resource-Policy wins).
      const id = nextRequestId();
      (req as IncomingWithId)[REQUEST_ID] = id;
      for (const [name, value] of commonEntries) res.setHeader(name, value);
      res.setHeader("X-Request-Id", id);
      // Every /v1 answer may carry a household's data or a token: no cache may keep it.
      if (req.url?.startsWith("/v1/")) res.setHeader("Cache-Control", "no-store");
      honoListener(req, res);
      return;
    }
    const started = performance.now();
    const id = nextRequestId();
    const respond = (answer: EntryAnswer) => {
      // A string body goes out in one write with the headers (a Buffer would take two).
      const body = answer.body ?? "";
      res.writeHead(answer.status, [...flatHeaders(answer.headers), "X-Request-Id", id, "Content-Length", String(Buffer.byteLength(body, "utf8"))]);
      res.end(req.method === "HEAD" ? undefined : body);
      const path = req.url?.startsWith("/embed") ? "/embed" : "/";
      log({ kind: "request", id, method: req.method ?? "GET", route: path, status: answer.status, ms: Math.round((performance.now() - started) * 100) / 100, ...(answer.reason ? { reason: answer.reason } : {}) });
    };
    entry({ method: req.method, target: req.url ?? "/", client: clientOfNode(req) }).then(respond, (error: unknown) => {
      log({ kind: "error", id, route: "/embed", ...describeError(error) });
      respond(entryFailed());
    });
  };

  const pruneTimer = setInterval(() => {
    api.prune(clock().getTime());
    store.pruneExpired().catch((error: unknown) => log({ kind: "error", id: null, route: null, ...describeError(error) }));
  }, 10 * 60_000);
  pruneTimer.unref();

  const { deliver = true, allowLoopbackHttp: _allow, sandboxUrl: _sandboxUrl, rotationGraceMs: _grace, perHostLimit: _limit, ...senderOptions } = options.webhooks ?? {};
  const sender = createWebhookSender({ ...senderOptions, store: webhooks, log, clock, allowLoopbackHttp });
  if (deliver) sender.start();

  return {
    fetch: (request, env) => app.fetch(request, env),
    nodeListener,
    store,
    db,
    async close() {
      clearInterval(pruneTimer);
      // Attempts in flight are given back to the outbox before storage closes.
      await sender.stop();
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
  const listening = createServer(portal.nodeListener);
  await new Promise<void>((resolve, reject) => {
    listening.once("error", reject);
    listening.listen(options.port ?? 4400, host, () => {
      listening.off("error", reject);
      resolve();
    });
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
        listening.closeAllConnections();
      }).then(() => portal.close());
      return closed;
    },
  };
}
