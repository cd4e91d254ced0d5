import { verifyPortalUrl, type PortalUrlVerified } from "@onflex/embed/server";
import type { Context } from "hono";
import type { PortalBoot } from "../shared/boot.types.js";
import { renderAppPage } from "./pages/app.page.js";
import { renderRejectionPage, type RejectionReason } from "./pages/rejection.page.js";
import type { PortalStore } from "./portal.store.js";
import { documentHeaders } from "./security.headers.js";
import type { Site } from "./site.types.js";

export interface EntryOptions {
  store: PortalStore;
  clock: () => Date;
  sessionTtlMs: number;
  /** Off only for benchmarks: every v2 link then opens as often as it is used until it expires. */
  replayProtection: boolean;
  /** The built index.html, or null while the web app is not built. */
  loadTemplate: () => Promise<string | null>;
  proposition: string;
}

const CLEAN_PATH = "/embed";

type Rejection = { reason: RejectionReason; status: 400 | 401 | 403 | 410 | 503 };

function reject(c: Context, rejection: Rejection, site: Site | null): Response {
  // A known site may frame its own rejection page (so the host shows it in place); an
  // unknown one may be framed by nobody.
  const headers = documentHeaders(site?.registeredOrigins ?? []);
  return c.html(renderRejectionPage(rejection.reason, site?.branding), rejection.status, headers);
}

/**
 * `GET /embed?…signed params…`: checks the link, swaps it for a short-lived session and
 * serves the app page with that session inside. Every failure is a branded page with a
 * reason and the verifier's 4xx, never an error trace.
 */
export function createEntryHandler(options: EntryOptions) {
  const { store, clock } = options;
  return async function entry(c: Context): Promise<Response> {
    // One read per site per request, however often the verifier's callbacks ask.
    const sites = new Map<string, Promise<Site | null>>();
    const siteFor = (siteId: string) => {
      let found = sites.get(siteId);
      if (!found) sites.set(siteId, (found = store.getSite(siteId)));
      return found;
    };
    const url = new URL(c.req.url);
    const claimedSiteId = url.searchParams.get("site_id");
    const claimedSite = claimedSiteId && claimedSiteId.length <= 200 ? await siteFor(claimedSiteId).catch(() => null) : null;

    const result = await verifyPortalUrl(url, {
      now: () => clock().getTime(),
      requiredScheme: async (siteId) => (await siteFor(siteId))?.requiredScheme ?? "any",
      isKnownSite: async (siteId) => (await siteFor(siteId)) !== null,
      getSecret: async ({ siteId, scheme, keyId }) => {
        const site = await siteFor(siteId);
        const active = site?.secrets.filter((secret) => secret.active) ?? [];
        // v1 links name no key: a v1 site has exactly one secret.
        const secret = scheme === "v2" ? active.find((s) => s.keyId === keyId) : active.length === 1 ? active[0] : undefined;
        return secret?.secret;
      },
      ...(options.replayProtection
        ? { consumeNonce: (nonce: string, context: { siteId: string; expiresAt: number }) => store.consumeNonce(context.siteId, nonce, new Date((context.expiresAt + 120) * 1000)) }
        : {}),
    });
    if (!result.ok) return reject(c, { reason: result.reason, status: result.status }, claimedSite);

    const site = claimedSite ?? (await siteFor(result.siteId));
    if (!site) return reject(c, { reason: "unknown_site", status: 401 }, null);
    if (!(await store.isSiteTokenValid(site.id, result.token))) return reject(c, { reason: "invalid_site_token", status: 401 }, site);

    const hostOrigin = hostOriginFor(result, site);
    if (hostOrigin === false) return reject(c, { reason: "host_origin_not_registered", status: 403 }, site);

    const template = await options.loadTemplate();
    if (template === null) return reject(c, { reason: "app_unavailable", status: 503 }, site);

    // The model decides eligibility, so it comes only from what the host signed (v2), never
    // from the URL itself: the verifier refuses an asset_model the signature does not cover.
    // The session keeps it, so the REST API checks eligibility with this model alone.
    const assetModel = result.assetModel ?? site.defaultAssetModel ?? null;
    const session = await store.createSession(site.id, hostOrigin ?? "", options.sessionTtlMs, assetModel);
    const boot: PortalBoot = {
      sessionId: session.id,
      sessionExpiresAt: session.expiresAt.toISOString(),
      site: { id: site.id, name: site.name, branding: site.branding },
      hostOrigin,
      registeredOrigins: site.registeredOrigins,
      assetModel,
      proposition: options.proposition,
      cleanPath: CLEAN_PATH,
    };
    return c.html(renderAppPage(template, boot), 200, documentHeaders(site.registeredOrigins));
  };
}

/** The signed host origin when it is registered; null when the link names none; false when it is not registered. */
function hostOriginFor(result: PortalUrlVerified, site: Site): string | null | false {
  if (result.hostOrigin === undefined) return null;
  return site.registeredOrigins.includes(result.hostOrigin) ? result.hostOrigin : false;
}
