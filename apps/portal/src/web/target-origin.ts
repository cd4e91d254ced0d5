/**
 * The one origin the portal posts its messages to. The CSP's frame-ancestors has already
 * made sure every framing page is a registered origin, so an origin read from the frame
 * itself (ancestorOrigins, referrer) is only used when it is one of those.
 *
 * Order: the signed host_origin (the server checked it is registered), the only registered
 * origin, the direct parent's origin as the browser reports it, the referrer's origin.
 */
export function resolveTargetOrigin(input: {
  hostOrigin: string | null;
  registeredOrigins: readonly string[];
  ancestorOrigins?: ArrayLike<string> | undefined;
  referrer?: string | undefined;
}): string | null {
  const registered = new Set(input.registeredOrigins);
  if (input.hostOrigin && registered.has(input.hostOrigin)) return input.hostOrigin;
  if (input.registeredOrigins.length === 1) return input.registeredOrigins[0] ?? null;
  const parent = input.ancestorOrigins?.[0];
  if (parent && registered.has(parent)) return parent;
  if (input.referrer) {
    try {
      const origin = new URL(input.referrer).origin;
      if (registered.has(origin)) return origin;
    } catch {
      // Not a URL: no origin from it.
    }
  }
  return null;
}
