export type SignatureScheme = "v1" | "v2";

/** How a host's portal looks; the web app maps it onto @onflex/react's appearance. */
export interface SiteBranding {
  name: string;
  primaryColor: string;
  /** An https or data: URL; shown in the portal header. */
  logoUrl?: string;
  fontFamily?: string;
}

export interface SiteSecret {
  keyId: string;
  secret: string;
  active: boolean;
}

/** What a site is seeded or registered with. The API key is hashed before it is stored. */
export interface SiteConfig {
  id: string;
  name: string;
  apiKey: string;
  registeredOrigins: readonly string[];
  branding: SiteBranding;
  requiredScheme: SignatureScheme;
  secrets: readonly SiteSecret[];
  /** The charger model the journey assumes when the signed URL names none. */
  defaultAssetModel?: string;
}

/** A site as the server reads it back. */
export interface Site {
  id: string;
  name: string;
  registeredOrigins: string[];
  branding: SiteBranding;
  requiredScheme: SignatureScheme;
  secrets: SiteSecret[];
  defaultAssetModel?: string;
}
