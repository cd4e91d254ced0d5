import type { PortalUrlVerified, VerifyPortalUrlOptions } from "@onflex/embed/server";
import { escapeHtml, jsonForScript } from "./pages/html.js";
import { renderRejectionPage, type RejectionReason } from "./pages/rejection.page.js";
import { createLinkVerifier } from "./link.verify.js";
import type { PortalStore } from "./portal.store.js";
import type { RateLimiter } from "./rate-limit.js";
import { checkRequestTarget } from "./request.guard.js";
import { documentHeaders } from "./security.headers.js";
import { isSiteId, type Host, type Site } from "./site.types.js";
import { BOOT_ELEMENT_ID } from "../shared/boot.types.js";
import { opensOnFirstScreen } from "../web/first-screen.js";

export interface EntryOptions {
  store: PortalStore;
  clock: () => Date;
  sessionTtlMs: number;
  /** Off only for benchmarks: every v2 link then opens as often as it is used until it expires. */
  replayProtection: boolean;
  /** The built index.html, or null while the web app is not built. */
  loadTemplate: () => Promise<string | null>;
  proposition: string;
  limiter: RateLimiter;
  /**
   * The first screen as HTML for a host's branding (web/first-screen.markup.tsx), put in the
   * page of a household with no saved journey, so its first field paints with the page, and
   * the CSP sources of the inline scripts it carries. Made once per host. Absent: the page's
   * #root stays empty until the app renders.
   */
  firstScreen?: { render(branding: Host["branding"]): string; scriptSources: readonly string[] };
}

/** What the entry answers, independent of the HTTP framework serving it. */
export interface EntryAnswer {
  status: number;
  headers: Record<string, string>;
  /** null for HEAD. */
  body: string | null;
  /** The rejection reason, for the request log. */
  reason?: RejectionReason;
}

const CLEAN_PATH = "/embed";
/** The app's mount point in the built index.html. */
const ROOT_ELEMENT = `<div id="root"></div>`;

type RejectionStatus = 400 | 401 | 403 | 410 | 429 | 503;

/** The app page for one host, split around where the boot data goes, with its headers: built once per host and template. */
interface HostPage {
  template: string;
  before: string;
  after: string;
  headers: Record<string, string>;
  /**
   * The page with the first screen: `after` with it in #root, and headers whose CSP allows its
   * inline script by hash (null without `firstScreen`, or a #root to put it in).
   */
  firstScreen: { after: string; headers: Record<string, string> } | null;
  /** The host's part of the boot data, already as script-safe JSON: `,"name":…,"branding":…}`. */
  siteRest: string;
  /** `,"registeredOrigins":[…]`. */
  origins: string;
}

/**
 * `GET /embed?…signed params…`: checks the link, swaps it for a short-lived session and
 * serves the app page with that session inside. Every failure is a branded page with a
 * reason and the verifier's 4xx, never an error trace. Only GET redeems a link: HEAD (a link
 * previewer, a crawler) is answered without verifying or spending anything.
 */
export function createEntry(options: EntryOptions) {
  const { store, clock } = options;
  const pages = new WeakMap<Host, HostPage>();
  const rejectionHeaders = new WeakMap<Host, Record<string, string>>();
  const anonymousHeaders = documentHeaders([]);
  const verifyLink = createLinkVerifier();

  function reject(reason: RejectionReason, status: RejectionStatus, site: Site | null, extra?: Record<string, string>): EntryAnswer {
    // A known host may frame its own rejection page (so it shows in place); an unknown one may be framed by nobody.
    let headers = anonymousHeaders;
    if (site) {
      headers = rejectionHeaders.get(site.host) ?? documentHeaders(site.host.registeredOrigins);
      rejectionHeaders.set(site.host, headers);
    }
    return {
      status,
      headers: { "Content-Type": "text/html; charset=UTF-8", ...headers, ...extra },
      body: renderRejectionPage(reason, site?.host.branding),
      reason,
    };
  }

  function pageFor(host: Host, template: string): HostPage {
    const known = pages.get(host);
    if (known?.template === template) return known;
    // Function replacements: a string one would expand `$&`, `$'`… found in the (host-supplied) name.
    const titled = template.replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(host.branding.name)}</title>`);
    const at = titled.indexOf("</head>");
    if (at < 0) throw new Error("The portal's index.html has no </head>.");
    const page: HostPage = {
      template,
      before: `${titled.slice(0, at)}<script type="application/json" id="${BOOT_ELEMENT_ID}">`,
      after: `</script>\n${titled.slice(at)}`,
      headers: { "Content-Type": "text/html; charset=UTF-8", ...documentHeaders(host.registeredOrigins) },
      siteRest: `,"name":${jsonForScript(host.name)},"branding":${jsonForScript(host.branding)}}`,
      origins: `,"registeredOrigins":${jsonForScript(host.registeredOrigins)},"journey":${jsonForScript(host.journey ?? null)}`,
      firstScreen: null,
    };
    page.firstScreen = firstScreenPage(page, host);
    pages.set(host, page);
    return page;
  }

  function firstScreenPage(page: HostPage, host: Host): HostPage["firstScreen"] {
    const { firstScreen } = options;
    if (!firstScreen || !opensOnFirstScreen(host.journey ?? null)) return null;
    const root = page.after.indexOf(ROOT_ELEMENT);
    if (root < 0) return null;
    const markup = firstScreen.render(host.branding);
    return {
      after: page.after.slice(0, root) + `<div id="root">${markup}</div>` + page.after.slice(root + ROOT_ELEMENT.length),
      headers: { "Content-Type": "text/html; charset=UTF-8", ...documentHeaders(host.registeredOrigins, { scriptSources: firstScreen.scriptSources }) },
    };
  }

  const tail = `,"proposition":${jsonForScript(options.proposition)},"cleanPath":${jsonForScript(CLEAN_PATH)}}`;
  const consumeNonce = options.replayProtection
    ? (siteId: string, nonce: string, expiresAt: number) => store.consumeNonce(siteId, nonce, new Date((expiresAt + 120) * 1000))
    : null;

  return async function entry(request: { method: string; target: string; client: string }): Promise<EntryAnswer> {
    if (request.method === "HEAD") {
      return { status: 200, headers: { "Content-Type": "text/html; charset=UTF-8", ...anonymousHeaders }, body: null };
    }
    const wait = options.limiter.take(request.client, clock().getTime());
    if (wait > 0) return reject("rate_limited", 429, null, { "Retry-After": String(wait) });
    if (checkRequestTarget(request.target)) return reject("malformed_parameter", 400, null);

    const query = request.target.indexOf("?");
    const params = new URLSearchParams(query < 0 ? "" : request.target.slice(query + 1));
    const claimedSiteId = params.get("site_id");
    // Not a site id at all: refused before anything looks it up.
    if (claimedSiteId !== null && claimedSiteId !== "" && !isSiteId(claimedSiteId)) return reject("malformed_parameter", 400, null);
    const lookup = new LinkLookup(store, clock, consumeNonce);
    const claimedSite = claimedSiteId ? await lookup.site(claimedSiteId) : null;
    const result = await verifyLink(request.target, params, lookup);
    if (!result.ok) return reject(result.reason, result.status, claimedSite);

    const site = claimedSite ?? (await store.getSite(result.siteId));
    if (!site) return reject("unknown_site", 401, null);
    if (!store.isSiteTokenValid(site.id, result.token)) return reject("invalid_site_token", 401, site);

    const hostOrigin = hostOriginFor(result, site.host);
    if (hostOrigin === false) return reject("host_origin_not_registered", 403, site);

    const template = await options.loadTemplate();
    if (template === null) return reject("app_unavailable", 503, site);

    // The model decides eligibility, so it comes only from what the host signed (v2), never
    // from the URL itself: the verifier refuses an asset_model the signature does not cover.
    // The session keeps it, so the REST API checks eligibility with this model alone.
    const assetModel = result.assetModel ?? site.host.defaultAssetModel ?? null;
    const session = store.createSession(site.id, hostOrigin ?? "", options.sessionTtlMs, assetModel);
    const page = pageFor(site.host, template);
    // A household with no saved journey opens on the first screen: it comes in the HTML. One
    // with a saved journey may be anywhere in it, so the app decides (a hint; see hasProgress).
    const shown = page.firstScreen !== null && !(await store.hasProgress(site.id)) ? page.firstScreen : null;
    // The PortalBoot JSON, with the host's parts made once per host (see pageFor) and only
    // this request's values serialised here.
    const boot =
      `{"sessionId":${jsonForScript(session.id)},"sessionExpiresAt":${jsonForScript(session.expiresAt.toISOString())}` +
      `,"site":{"id":${jsonForScript(site.id)}${page.siteRest},"hostOrigin":${jsonForScript(hostOrigin)}${page.origins}` +
      `,"assetModel":${jsonForScript(assetModel)}${tail}`;
    return { status: 200, headers: shown?.headers ?? page.headers, body: page.before + boot + (shown?.after ?? page.after) };
  };
}

export type Entry = ReturnType<typeof createEntry>;

/**
 * The verifier's callbacks for one request, as methods (made once, not per request), with
 * one read per site however often they ask.
 */
class LinkLookup implements VerifyPortalUrlOptions {
  #siteId: string | null = null;
  #site: Promise<Site | null> | null = null;

  constructor(
    private readonly store: PortalStore,
    private readonly clock: () => Date,
    private readonly consume: ((siteId: string, nonce: string, expiresAt: number) => Promise<boolean>) | null,
  ) {}

  site(siteId: string): Promise<Site | null> {
    if (this.#siteId !== siteId || this.#site === null) {
      this.#siteId = siteId;
      this.#site = this.store.getSite(siteId);
    }
    return this.#site;
  }

  now(): number {
    return this.clock().getTime();
  }

  async requiredScheme(siteId: string): Promise<"v1" | "v2" | "any"> {
    return (await this.site(siteId))?.host.requiredScheme ?? "any";
  }

  async isKnownSite(siteId: string): Promise<boolean> {
    return (await this.site(siteId)) !== null;
  }

  async getSecret({ siteId, scheme, keyId }: { siteId: string; scheme: "v1" | "v2"; keyId?: string }): Promise<string | undefined> {
    const site = await this.site(siteId);
    const active = site?.host.secrets.filter((secret) => secret.active) ?? [];
    // v1 links name no key: a v1 host has exactly one secret.
    const secret = scheme === "v2" ? active.find((s) => s.keyId === keyId) : active.length === 1 ? active[0] : undefined;
    return secret?.secret;
  }

  consumeNonce(nonce: string, context: { siteId: string; expiresAt: number }): Promise<boolean> {
    return this.consume ? this.consume(context.siteId, nonce, context.expiresAt) : Promise.resolve(true);
  }
}

/** The signed host origin when it is registered; null when the link names none; false when it is not registered. */
function hostOriginFor(result: PortalUrlVerified, host: Host): string | null | false {
  if (result.hostOrigin === undefined) return null;
  return host.registeredOrigins.includes(result.hostOrigin) ? result.hostOrigin : false;
}
