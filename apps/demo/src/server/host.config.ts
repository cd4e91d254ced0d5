import { SANDBOX } from "@onflex/core";

/**
 * What a host's backend needs to put the Onflex portal on its pages. A real host keeps the
 * API key and the signing secret in its own secret store; the demo reads them from the
 * environment and falls back to the portal's SANDBOX site (apps/portal/src/server/
 * sandbox-sites.ts), whose credentials are public on purpose and work only locally.
 */
export interface DemoHostConfig {
  /** Where the portal is served, e.g. http://127.0.0.1:4400. */
  portalUrl: string;
  /**
   * Each browser is its own household, with its own household site at the portal: the site
   * id is this prefix plus a value derived from the browser's household cookie.
   */
  sitePrefix: string;
  /** The host's API key at the portal: it mints site tokens for any household site of the host. */
  apiKey: string;
  /** Names the signing secret, so the portal can rotate secrets. */
  keyId: string;
  secret: string;
  /** Origins this host serves its pages from; the signed link names the one in use. */
  hostOrigins: readonly string[];
  /** Lifetime of a signed link in seconds. */
  linkLifetimeSeconds: number;
  /**
   * The household's charger model as this host's own records know it, signed into every link
   * (it decides eligibility, so the portal trusts no other source); null signs none and the
   * portal uses the host's default. The demo's households all have the same charger, so one value.
   */
  assetModel: string | null;
  /** The portal's webhook signing secret for this host (`whsec_…`), from PUT /v1/webhooks/endpoint. */
  webhookSecret: string;
}

export const SANDBOX_HOST_CONFIG: DemoHostConfig = {
  portalUrl: "http://127.0.0.1:4400",
  sitePrefix: "voltra-hh-",
  apiKey: "onflex_sandbox_demo_api_key",
  keyId: "k2026",
  secret: "onflex-sandbox-demo-secret-k2026",
  hostOrigins: ["http://127.0.0.1:5173", "http://localhost:5173"],
  linkLifetimeSeconds: 300,
  assetModel: SANDBOX.assetModels.qualified,
  webhookSecret: "whsec_b25mbGV4LXNhbmRib3gtZGVtby13ZWJob29rcy1rMjY=",
};

export function readHostConfig(env: Record<string, string | undefined>): DemoHostConfig {
  const defaults = SANDBOX_HOST_CONFIG;
  return {
    portalUrl: (env.ONFLEX_PORTAL_URL ?? defaults.portalUrl).replace(/\/+$/, ""),
    sitePrefix: env.ONFLEX_SITE_PREFIX ?? defaults.sitePrefix,
    apiKey: env.ONFLEX_SITE_API_KEY ?? defaults.apiKey,
    keyId: env.ONFLEX_SIGNING_KEY_ID ?? defaults.keyId,
    secret: env.ONFLEX_SIGNING_SECRET ?? defaults.secret,
    hostOrigins: env.ONFLEX_HOST_ORIGINS?.split(",").map((origin) => origin.trim()) ?? defaults.hostOrigins,
    linkLifetimeSeconds: defaults.linkLifetimeSeconds,
    // Set but empty means "sign no model", so a host can try the site default.
    assetModel: env.ONFLEX_ASSET_MODEL === undefined ? defaults.assetModel : env.ONFLEX_ASSET_MODEL || null,
    webhookSecret: env.ONFLEX_WEBHOOK_SECRET ?? defaults.webhookSecret,
  };
}

/**
 * The second sandbox host, Gridwise Energy: its portal runs the device journey (connect a car
 * or charger, sign in at the maker). Same portal and origins; its own key, secret and households.
 */
export const SANDBOX_DEVICE_HOST_CONFIG: DemoHostConfig = {
  portalUrl: SANDBOX_HOST_CONFIG.portalUrl,
  sitePrefix: "gridwise-hh-",
  apiKey: "onflex_sandbox_gridwise_api_key",
  keyId: "g2026",
  secret: "onflex-sandbox-gridwise-secret-g2026",
  hostOrigins: SANDBOX_HOST_CONFIG.hostOrigins,
  linkLifetimeSeconds: 300,
  assetModel: null,
  // The demo registers no webhook endpoint for this host: its receiver checks Voltra's.
  webhookSecret: "",
};

/** The device host's config: the sandbox credentials, at the portal and origins the main host uses. */
export function readDeviceHostConfig(main: DemoHostConfig): DemoHostConfig {
  return { ...SANDBOX_DEVICE_HOST_CONFIG, portalUrl: main.portalUrl, hostOrigins: main.hostOrigins };
}

/**
 * The third sandbox host, Sunbank VPP: its portal is the programme home (join a virtual power
 * plant programme, then manage the enrolment). Same portal and origins; its own credentials.
 */
export const SANDBOX_VPP_HOST_CONFIG: DemoHostConfig = {
  portalUrl: SANDBOX_HOST_CONFIG.portalUrl,
  sitePrefix: "sunbank-hh-",
  apiKey: "onflex_sandbox_sunbank_api_key",
  keyId: "s2026",
  secret: "onflex-sandbox-sunbank-secret-s2026",
  hostOrigins: SANDBOX_HOST_CONFIG.hostOrigins,
  linkLifetimeSeconds: 300,
  assetModel: null,
  // The demo registers no webhook endpoint for this host: its receiver checks Voltra's.
  webhookSecret: "",
};

/** The VPP host's config: the sandbox credentials, at the portal and origins the main host uses. */
export function readVppHostConfig(main: DemoHostConfig): DemoHostConfig {
  return { ...SANDBOX_VPP_HOST_CONFIG, portalUrl: main.portalUrl, hostOrigins: main.hostOrigins };
}
