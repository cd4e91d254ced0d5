/**
 * Which endpoint URLs a host may register. https only; plain http only to a loopback address
 * and only when `allowLoopbackHttp` is on (development and tests). Where loopback http is not
 * allowed (production), an https URL naming a loopback, private or link-local address by its
 * literal IP (or `localhost`) is refused too, so a host cannot point the portal's requests at
 * the portal's own network. No credentials in the URL, no fragment, at most 2048 characters.
 */
export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; reason: "malformed_webhook_url" | "webhook_url_not_https" | "webhook_url_not_public"; message: string };

export const MAX_WEBHOOK_URL_LENGTH = 2048;

function ipv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1") return true;
  return ipv4(host)?.[0] === 127;
}

function isPrivateLiteral(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isLoopbackHost(host)) return true;
  const v4 = ipv4(host);
  if (v4) {
    const [a = 0, b = 0] = v4;
    return a === 0 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (host.includes(":")) return host === "::" || host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80") || host.startsWith("::ffff:");
  return false;
}

export function checkWebhookUrl(raw: unknown, options: { allowLoopbackHttp: boolean }): WebhookUrlCheck {
  const malformed: WebhookUrlCheck = { ok: false, reason: "malformed_webhook_url", message: "The webhook URL must be an absolute https URL of at most 2048 characters, without credentials or a fragment." };
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_WEBHOOK_URL_LENGTH) return malformed;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return malformed;
  }
  if (url.username || url.password || url.hash || raw.includes("#") || !url.hostname) return malformed;
  if (url.protocol === "http:") {
    if (options.allowLoopbackHttp && isLoopbackHost(url.hostname)) return { ok: true, url: url.href };
    return { ok: false, reason: "webhook_url_not_https", message: "The webhook URL must use https (plain http is accepted only for a loopback address in development)." };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "webhook_url_not_https", message: "The webhook URL must use https." };
  if (!options.allowLoopbackHttp && isPrivateLiteral(url.hostname)) {
    return { ok: false, reason: "webhook_url_not_public", message: "The webhook URL must name a public host, not a loopback or private address." };
  }
  return { ok: true, url: url.href };
}
