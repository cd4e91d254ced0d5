import type { SiteBranding } from "../server/site.types.js";

/** The id of the JSON element the server injects into the app page. */
export const BOOT_ELEMENT_ID = "onflex-boot";

/**
 * What the server hands the portal page on a verified entry. The session id lives only in
 * the page's memory (third-party cookies are blocked in iframes), so a reload needs a fresh
 * signed URL from the host; the journey itself resumes from the server.
 */
export interface PortalBoot {
  sessionId: string;
  /** ISO-8601 UTC. */
  sessionExpiresAt: string;
  site: { id: string; name: string; branding: SiteBranding };
  /** The signed host_origin, already checked against the registered origins; null when the link named none. */
  hostOrigin: string | null;
  registeredOrigins: string[];
  /** The journey preset the host registered (e.g. `krakenSmartFlex`); null: the proposition's journey. */
  journey: string | null;
  /** The charger model for the eligibility check: the one the host signed into a v2 link, else the site default. */
  assetModel: string | null;
  proposition: string;
  /** Where the page moves the address bar to, so the signature does not linger in history. */
  cleanPath: string;
}
