import { verifyPortalUrl, type PortalUrlVerified } from "@onflex/embed/server";
import type { PortalBoot } from "../shared/boot.types.js";
import { escapeHtml, jsonForScript } from "./pages/html.js";
import { renderRejectionPage, type RejectionReason } from "./pages/rejection.page.js";
import type { PortalStore } from "./portal.store.js";
import type { RateLimiter } from "./rate-limit.js";
import { checkRequestTarget } from "./request.guard.js";
import { documentHeaders } from "./security.headers.js";
import { isSiteId, type Host, type Site } from "./site.types.js";
import { BOOT_ELEMENT_ID } from "../shared/boot.types.js";

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

type RejectionStatus = 400 | 401 | 403 | 410 | 429 | 503;

/** The app page for one host, split around where the boot data goes, with its headers: built once per host and template. */
interface HostPage {
  template: string;
  before: string;
  after: string;
  headers: Record<string, string>;
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
    };
    pages.set(host, page);
    return page;
  }

  return async function entry(request: { method: string; target: string; client: string }): Promise<EntryAnswer> {
    if (request.method === "HEAD") {
      return { status: 200, headers: { "Content-Type": "text/html; charset=UTF-8", ...anonymousHeaders }, body: null };
    }
    const wait = options.limiter.take(request.client, clock().getTime());
    if (wait > 0) return reject("rate_limited", 429, null, { "Retry-After": String(wait) });
    if (checkRequestTarget(request.target)) return reject("malformed_parameter", 400, null);

    // One read per site per request, however often the verifier's callbacks ask.
    const sites = new Map<string, Promise<Site | null>>();
    const siteFor = (siteId: string) => {
      let found = sites.get(siteId);
      if (!found) sites.set(siteId, (found = store.getSite(siteId)));
      return found;
    };
    const query = request.target.indexOf("?");
    const params = new URLSearchParams(query < 0 ? "" : request.target.slice(query + 1));
    const claimedSiteId = params.get("site_id");
    // Not a site id at all: refused before anything looks it up.
    if (claimedSiteId !== null && claimedSiteId !== "" && !isSiteId(claimedSiteId)) return reject("malformed_parameter", 400, null);
    const claimedSite = claimedSiteId ? await siteFor(claimedSiteId) : null;

    const result = await verifyPortalUrl(request.target, {
      now: () => clock().getTime(),
      requiredScheme: async (siteId) => (await siteFor(siteId))?.host.requiredScheme ?? "any",
      isKnownSite: async (siteId) => (await siteFor(siteId)) !== null,
      getSecret: async ({ siteId, scheme, keyId }) => {
        const site = await siteFor(siteId);
        const active = site?.host.secrets.filter((secret) => secret.active) ?? [];
        // v1 links name no key: a v1 host has exactly one secret.
        const secret = scheme === "v2" ? active.find((s) => s.keyId === keyId) : active.length === 1 ? active[0] : undefined;
        return secret?.secret;
      },
      ...(options.replayProtection
        ? {
            consumeNonce: (nonce: string, context: { siteId: string; expiresAt: number }) =>
              store.consumeNonce(context.siteId, nonce, new Date((context.expiresAt + 120) * 1000)),
          }
        : {}),
    });
    if (!result.ok) return reject(result.reason, result.status, claimedSite);

    const site = claimedSite ?? (await siteFor(result.siteId));
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
    const boot: PortalBoot = {
      sessionId: session.id,
      sessionExpiresAt: session.expiresAt.toISOString(),
      site: { id: site.id, name: site.host.name, branding: site.host.branding },
      hostOrigin,
      registeredOrigins: site.host.registeredOrigins,
      assetModel,
      proposition: options.proposition,
      cleanPath: CLEAN_PATH,
    };
    const page = pageFor(site.host, template);
    return { status: 200, headers: page.headers, body: page.before + jsonForScript(boot) + page.after };
  };
}

export type Entry = ReturnType<typeof createEntry>;

/** The signed host origin when it is registered; null when the link names none; false when it is not registered. */
function hostOriginFor(result: PortalUrlVerified, host: Host): string | null | false {
  if (result.hostOrigin === undefined) return null;
  return host.registeredOrigins.includes(result.hostOrigin) ? result.hostOrigin : false;
}
