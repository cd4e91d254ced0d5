/** The demo backend's answer to GET /api/portal-url (apps/demo/src/server/demo.server.ts). */
export interface PortalLinkResponse {
  url: string;
  tokenExpiresAt?: string;
}

/**
 * Asks the host's own backend for a freshly signed portal link. The browser never holds the
 * API key or the signing secret; it only receives a short-lived link.
 */
/** Which of the demo's sandbox hosts signs the link: Voltra (address → consent), Gridwise (connect a device) or Sunbank (a VPP programme). */
export type PortalProduct = "device" | "vpp";

export async function fetchPortalLink(signal?: AbortSignal, product?: PortalProduct): Promise<PortalLinkResponse> {
  let response: Response;
  try {
    response = await fetch(product ? `/api/portal-url?product=${product}` : "/api/portal-url", { signal, headers: { accept: "application/json" } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error("The demo host's backend did not answer.");
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = readMessage(body) ?? `The demo host answered HTTP ${response.status}.`;
    throw new Error(message);
  }
  if (typeof body !== "object" || body === null || typeof (body as { url?: unknown }).url !== "string") {
    throw new Error("The demo host answered without a portal link.");
  }
  return body as PortalLinkResponse;
}

function readMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: { message?: unknown } }).error;
  return typeof error?.message === "string" ? error.message : undefined;
}
