export type SignatureScheme = "v1" | "v2";

/** How a host's portal looks; the web app maps it onto @onflex/react's appearance. */
export interface SiteBranding {
  name: string;
  primaryColor: string;
  /** An https or data: URL; shown in the portal header. */
  logoUrl?: string;
  fontFamily?: string;
}

export interface HostSecret {
  keyId: string;
  secret: string;
  active: boolean;
}

/**
 * What a host (the app that embeds the portal) is registered with: everything that is the
 * host's and not one household's. The API key is hashed before it is stored.
 */
export interface HostConfig {
  id: string;
  name: string;
  apiKey: string;
  registeredOrigins: readonly string[];
  branding: SiteBranding;
  requiredScheme: SignatureScheme;
  secrets: readonly HostSecret[];
  /** The charger model the journey assumes when the signed URL names none. */
  defaultAssetModel?: string;
  /**
   * The journey the host's portal runs: the name of one of @onflex/machines' presets
   * (`krakenSmartFlex`, `flipEnrollment`…). Unset: the journey of the portal's proposition.
   */
  journey?: string;
}

/** A journey's name as a host registers it: a preset's identifier. */
export const JOURNEY_NAME_PATTERN = /^[a-z][A-Za-z0-9]{0,63}$/;

/** A host as the server reads it back. */
export interface Host {
  id: string;
  name: string;
  registeredOrigins: string[];
  branding: SiteBranding;
  requiredScheme: SignatureScheme;
  secrets: HostSecret[];
  defaultAssetModel?: string;
  journey?: string;
}

/**
 * A household site (one home, Flip's "site") with the host it belongs to. The household's
 * own data (site tokens, progress, consents) is keyed by `id`; credentials, origins and
 * branding come from `host`.
 */
export interface Site {
  id: string;
  host: Host;
}

/**
 * Household site ids: what a host may name a home by. Letters, digits and `._:-`, 1 to 128
 * characters, starting with a letter or digit. Anything else (NUL, surrogates, spaces, `/`)
 * is refused before it reaches storage or a log.
 */
export const SITE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isSiteId(value: unknown): value is string {
  return typeof value === "string" && SITE_ID_PATTERN.test(value);
}
