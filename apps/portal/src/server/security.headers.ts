/**
 * Response headers for everything the portal serves. The portal lives inside other
 * people's pages, so framing is allowed only by the site's registered origins (CSP
 * frame-ancestors) and never by X-Frame-Options, which cannot name an allow-list.
 */

/** `'none'` for an empty list, so an unknown site's page cannot be framed at all. */
export function frameAncestors(origins: readonly string[]): string {
  const valid = origins.filter(isSerialisedOrigin);
  return valid.length === 0 ? "'none'" : valid.join(" ");
}

/** Only exact scheme://host[:port] origins go into a CSP source list (no paths, no wildcards). */
export function isSerialisedOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}

/**
 * `scriptSources`: inline scripts the document carries, each allowed by its hash
 * (`'sha256-…'`), never `'unsafe-inline'`.
 */
export function contentSecurityPolicy(origins: readonly string[], options: { scriptSources?: readonly string[] } = {}): string {
  const inline = (options.scriptSources ?? []).filter((source) => /^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$/.test(source));
  return [
    "default-src 'self'",
    ["script-src 'self'", ...inline].join(" "),
    // React and the theme set CSS custom properties through style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors(origins)}`,
  ].join("; ");
}

/** Headers for HTML documents (the app and the rejection pages). */
export function documentHeaders(frameOrigins: readonly string[], options: { scriptSources?: readonly string[] } = {}): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(frameOrigins, options),
    ...commonHeaders(),
    // Documents are made to be framed cross-origin; frame-ancestors is what restricts them.
    "Cross-Origin-Resource-Policy": "cross-origin",
    // Signed URLs and session ids are in these pages: nothing may cache them.
    "Cache-Control": "no-store",
  };
}

/** Headers every response carries, API and static assets included. */
export function commonHeaders(): Record<string, string> {
  return {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    // Popups (a maker's OAuth page) keep their opener; other windows get none.
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "X-Permitted-Cross-Domain-Policies": "none",
  };
}
