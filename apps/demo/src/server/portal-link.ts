import { createHmac, randomBytes } from "node:crypto";
import { signPortalUrl } from "@onflex/embed/server";
import type { DemoHostConfig } from "./host.config.js";

/** Why the host could not produce a portal link; `status` is what the demo's route answers. */
export class PortalLinkError extends Error {
  override readonly name = "PortalLinkError";
  constructor(
    message: string,
    readonly status: 400 | 502,
  ) {
    super(message);
  }
}

export interface PortalLink {
  url: string;
  /** When the site token behind the link stops working, as the portal reported it. */
  tokenExpiresAt?: string;
}

export interface CreatePortalLinkOptions {
  config: DemoHostConfig;
  /** The household site the link opens (see householdSiteId). */
  siteId: string;
  /** The origin of the page that will frame the portal; must be one the host serves. */
  hostOrigin: string;
  fetch?: typeof fetch;
}

/**
 * What a host backend does for every page view of the portal: exchange its API key for a
 * short-lived site token at the portal, then sign a link for that token with the shared
 * secret. The browser only ever sees the signed link, never the key or the secret.
 */
export async function createPortalLink({ config, siteId, hostOrigin, fetch: doFetch = fetch }: CreatePortalLinkOptions): Promise<PortalLink> {
  if (!config.hostOrigins.includes(hostOrigin)) {
    throw new PortalLinkError(`This page's origin (${hostOrigin}) is not one the demo host is registered for.`, 400);
  }
  const tokenUrl = `${config.portalUrl}/v1/auth/site/${encodeURIComponent(siteId)}`;
  let response: Response;
  try {
    response = await doFetch(tokenUrl, {
      method: "POST",
      headers: { authorization: `Bearer ${config.apiKey}`, accept: "application/json" },
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    throw new PortalLinkError(`The portal at ${config.portalUrl} did not answer. Is it running (npm run demo starts it)?`, 502);
  }
  if (!response.ok) {
    throw new PortalLinkError(`The portal refused a site token (HTTP ${response.status}). Check the site id and API key.`, 502);
  }
  const body: unknown = await response.json().catch(() => undefined);
  const token = readString(body, "site_access_token");
  if (token === undefined) {
    throw new PortalLinkError("The portal answered without a site token.", 502);
  }
  const url = await signPortalUrl({
    baseUrl: `${config.portalUrl}/embed`,
    siteId,
    token,
    secret: config.secret,
    keyId: config.keyId,
    expiresInSeconds: config.linkLifetimeSeconds,
    hostOrigin,
    // From the host's configuration, never from the request: the browser asking for the link
    // is the party that must not be able to choose it.
    ...(config.assetModel === null ? {} : { assetModel: config.assetModel }),
  });
  const tokenExpiresAt = readString(body, "expires_at");
  return tokenExpiresAt === undefined ? { url } : { url, tokenExpiresAt };
}

/** A browser's household: 128 random bits, kept in an HttpOnly cookie of the demo host. */
export const HOUSEHOLD_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newHouseholdId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * The portal site id of a household: the host's prefix and an HMAC of the household id under
 * the host's secret. The portal (and the page, which sees the link) learns a stable id for
 * the household, never the cookie that stands for it, and nobody without the secret can work
 * out another browser's site id from its own.
 */
export function householdSiteId(config: Pick<DemoHostConfig, "sitePrefix" | "secret">, householdId: string): string {
  const digest = createHmac("sha256", config.secret).update(`onflex-demo-household:${householdId}`).digest("base64url");
  return `${config.sitePrefix}${digest.slice(0, 22)}`;
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" && field.length > 0 ? field : undefined;
}
