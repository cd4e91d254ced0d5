import { SANDBOX } from "@onflex/core";
import type { HostConfig } from "./site.types.js";

/**
 * SANDBOX CREDENTIALS. Published on purpose: they let the demo and the tests sign portal
 * URLs against a local portal. Two hosts are seeded at every start (idempotently) and must
 * never be used for a real host. A host's API key mints site tokens for any household site
 * of that host; `site_demo` and `site_flip_v1` are one household of each, and any other
 * site id the key names becomes another household of the same host.
 */
export const SANDBOX_DEMO_HOST_ID = "host_voltra";
export const SANDBOX_V1_HOST_ID = "host_flip_v1";

export const SANDBOX_DEMO_SITE_ID = "site_demo";
export const SANDBOX_DEMO_API_KEY = "onflex_sandbox_demo_api_key";
export const SANDBOX_DEMO_KEY_ID = "k2026";
export const SANDBOX_DEMO_SECRETS = { [SANDBOX_DEMO_KEY_ID]: "onflex-sandbox-demo-secret-k2026" } as const;

export const SANDBOX_V1_SITE_ID = "site_flip_v1";
export const SANDBOX_V1_API_KEY = "onflex_sandbox_v1_api_key";
export const SANDBOX_V1_SECRET = "onflex-sandbox-v1-secret";
/** v1 URLs carry no key id; the portal files the single v1 secret under this one. */
export const SANDBOX_V1_KEY_ID = "v1";

/**
 * The demo host's webhook signing secret (Standard Webhooks, `whsec_` + base64), seeded once
 * (a rotation through the API replaces it and survives restarts). Its endpoint URL is none
 * unless the portal is started with one (SANDBOX_WEBHOOK_URL for `pnpm start`).
 */
export const SANDBOX_DEMO_WEBHOOK_SECRET = "whsec_b25mbGV4LXNhbmRib3gtZGVtby13ZWJob29rcy1rMjY=";

export const SANDBOX_HOST_ORIGINS = ["http://127.0.0.1:5173", "http://localhost:5173"] as const;

/** A small leaf mark, inline so the portal loads no third-party image. */
const VOLTRA_LOGO =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Voltra Home">' +
      '<rect width="32" height="32" rx="8" fill="#0b6e4f"/>' +
      '<path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#ffffff"/></svg>',
  );

export const SANDBOX_BRANDING = {
  name: "Voltra Home",
  primaryColor: "#0b6e4f",
  logoUrl: VOLTRA_LOGO,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
} as const;

export const SANDBOX_DEMO_HOST: HostConfig = {
  id: SANDBOX_DEMO_HOST_ID,
  name: "Voltra Home (sandbox)",
  apiKey: SANDBOX_DEMO_API_KEY,
  registeredOrigins: SANDBOX_HOST_ORIGINS,
  branding: SANDBOX_BRANDING,
  requiredScheme: "v2",
  secrets: Object.entries(SANDBOX_DEMO_SECRETS).map(([keyId, secret]) => ({ keyId, secret, active: true })),
  defaultAssetModel: SANDBOX.assetModels.qualified,
};

export const SANDBOX_V1_HOST: HostConfig = {
  id: SANDBOX_V1_HOST_ID,
  name: "Flip-compatible host (sandbox)",
  apiKey: SANDBOX_V1_API_KEY,
  registeredOrigins: SANDBOX_HOST_ORIGINS,
  branding: SANDBOX_BRANDING,
  requiredScheme: "v1",
  secrets: [{ keyId: SANDBOX_V1_KEY_ID, secret: SANDBOX_V1_SECRET, active: true }],
  defaultAssetModel: SANDBOX.assetModels.qualified,
};

/**
 * A supplier whose portal connects a device (Kraken SmartFlex's journey: device selection,
 * sign-in at the maker…). Same sandbox origins; its own key, secret and households.
 */
export const SANDBOX_DEVICE_HOST_ID = "host_gridwise";
export const SANDBOX_DEVICE_SITE_ID = "site_gridwise_demo";
export const SANDBOX_DEVICE_API_KEY = "onflex_sandbox_gridwise_api_key";
export const SANDBOX_DEVICE_KEY_ID = "g2026";
export const SANDBOX_DEVICE_SECRET = "onflex-sandbox-gridwise-secret-g2026";

export const SANDBOX_DEVICE_HOST: HostConfig = {
  id: SANDBOX_DEVICE_HOST_ID,
  name: "Gridwise Energy (sandbox)",
  apiKey: SANDBOX_DEVICE_API_KEY,
  registeredOrigins: SANDBOX_HOST_ORIGINS,
  branding: { name: "Gridwise Energy", primaryColor: "#4b3fb3", fontFamily: SANDBOX_BRANDING.fontFamily },
  requiredScheme: "v2",
  secrets: [{ keyId: SANDBOX_DEVICE_KEY_ID, secret: SANDBOX_DEVICE_SECRET, active: true }],
  journey: "krakenSmartFlex",
};

/**
 * A virtual power plant operator (Flip's integration): its portal is the programme home, where
 * a household joins a programme and manages its enrolment. Same sandbox origins; its own key,
 * secret and households (commissioned by its backend, or created by its first site token).
 */
export const SANDBOX_VPP_HOST_ID = "host_sunbank";
export const SANDBOX_VPP_SITE_ID = "site_sunbank_demo";
export const SANDBOX_VPP_API_KEY = "onflex_sandbox_sunbank_api_key";
export const SANDBOX_VPP_KEY_ID = "s2026";
export const SANDBOX_VPP_SECRET = "onflex-sandbox-sunbank-secret-s2026";

export const SANDBOX_VPP_HOST: HostConfig = {
  id: SANDBOX_VPP_HOST_ID,
  name: "Sunbank VPP (sandbox)",
  apiKey: SANDBOX_VPP_API_KEY,
  registeredOrigins: SANDBOX_HOST_ORIGINS,
  branding: { name: "Sunbank", primaryColor: "#9a4a00", fontFamily: SANDBOX_BRANDING.fontFamily },
  requiredScheme: "v2",
  secrets: [{ keyId: SANDBOX_VPP_KEY_ID, secret: SANDBOX_VPP_SECRET, active: true }],
  journey: "flipEnrollment",
};

export const SANDBOX_HOSTS: readonly HostConfig[] = [SANDBOX_DEMO_HOST, SANDBOX_V1_HOST, SANDBOX_DEVICE_HOST, SANDBOX_VPP_HOST];

/** The household sites seeded with the sandbox hosts, so each id is its host's from the start. */
export const SANDBOX_HOUSEHOLDS: ReadonlyArray<{ hostId: string; siteId: string }> = [
  { hostId: SANDBOX_DEMO_HOST_ID, siteId: SANDBOX_DEMO_SITE_ID },
  { hostId: SANDBOX_V1_HOST_ID, siteId: SANDBOX_V1_SITE_ID },
  { hostId: SANDBOX_DEVICE_HOST_ID, siteId: SANDBOX_DEVICE_SITE_ID },
  { hostId: SANDBOX_VPP_HOST_ID, siteId: SANDBOX_VPP_SITE_ID },
];
