import type { PortalUrlRejectionReason } from "@onflex/embed/server";
import type { SiteBranding } from "../site.types.js";
import { escapeHtml } from "./html.js";

/**
 * Why the portal refused to open. The verifier's reasons plus the portal's own checks
 * after a valid signature (the site token, the host origin).
 */
export type RejectionReason =
  | PortalUrlRejectionReason
  | "invalid_site_token"
  | "host_origin_not_registered"
  | "app_unavailable"
  | "rate_limited";

interface RejectionCopy {
  title: string;
  body: string;
}

/** One heading and one sentence per reason: what happened and what the person can do. */
const COPY: Record<RejectionReason, RejectionCopy> = {
  malformed_parameter: { title: "This link is not valid", body: "Part of the link is in the wrong format. Go back to the app and open this page again." },
  repeated_parameter: { title: "This link is not valid", body: "The link repeats one of its parts. Go back to the app and open this page again." },
  missing_parameter: { title: "This link is incomplete", body: "The link is missing part of its sign-in details. Go back to the app and open this page again." },
  malformed_signature: { title: "This link is not valid", body: "The link's signature is damaged. Go back to the app and open this page again." },
  scheme_not_allowed: { title: "This link uses an old format", body: "This service only accepts links in its current signed format. The app that sent you here needs to be updated." },
  unknown_site: { title: "We don't recognise this service", body: "The link names a service that is not registered with us." },
  unknown_key: { title: "This link was signed with an unknown key", body: "The key that signed this link is not active. The app that sent you here may need to be updated." },
  lookup_failed: { title: "We couldn't check this link", body: "Something went wrong on our side while checking the link. Please try again in a minute." },
  bad_signature: { title: "This link has been changed", body: "The link does not match its signature, so it may have been altered. Go back to the app and open this page again." },
  expired: { title: "This link has expired", body: "Links to this page only work for a few minutes. Go back to the app and open this page again." },
  too_far_in_future: { title: "This link is not valid yet", body: "The link's expiry is further away than we allow. Check the clock of the service that made it." },
  replayed: { title: "This link has already been used", body: "Each link opens the page once. Go back to the app and open this page again to get a fresh one." },
  invalid_site_token: { title: "Your sign-in has expired", body: "The sign-in behind this link is no longer valid. Go back to the app and open this page again." },
  host_origin_not_registered: { title: "This page can't be shown here", body: "The link was made for a website that is not registered for this service." },
  app_unavailable: { title: "This page is not available right now", body: "The portal is starting up or being updated. Please try again in a minute." },
  rate_limited: { title: "Too many attempts", body: "This page was opened too many times in a short while. Wait a minute, then go back to the app and open it again." },
};

export function rejectionCopy(reason: RejectionReason): RejectionCopy {
  return Object.hasOwn(COPY, reason) ? COPY[reason] : COPY.malformed_parameter;
}

/**
 * A complete, self-contained page (no scripts, one inline style block) so it renders even
 * when the web app's assets are what failed. The reason code is in a data attribute for
 * support and tests; nothing from the request is echoed back.
 */
export function renderRejectionPage(reason: RejectionReason, branding?: SiteBranding): string {
  const copy = rejectionCopy(reason);
  const brand = branding?.primaryColor && /^#[0-9a-fA-F]{3,8}$/.test(branding.primaryColor) ? branding.primaryColor : "#3d4451";
  const name = branding?.name ?? "Onflex";
  const logo =
    branding?.logoUrl && /^(https:|data:image\/)/.test(branding.logoUrl)
      ? `<img src="${escapeHtml(branding.logoUrl)}" alt="" width="32" height="32">`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(copy.title)} · ${escapeHtml(name)}</title>
<style>
  :root { color-scheme: light dark; --brand: ${brand}; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 32rem; margin: 0 auto; padding: 2rem 1.25rem; }
  header { display: flex; align-items: center; gap: .75rem; margin-bottom: 1.5rem; font-weight: 600; }
  h1 { font-size: 1.375rem; margin: 0 0 .5rem; border-left: 4px solid var(--brand); padding-left: .75rem; }
  p { margin: 0 0 1rem; }
  small { opacity: .75; }
</style>
</head>
<body>
<main data-rejection="${reason}">
<header>${logo}<span>${escapeHtml(name)}</span></header>
<h1>${escapeHtml(copy.title)}</h1>
<p>${escapeHtml(copy.body)}</p>
<p><small>Reference: ${reason}</small></p>
</main>
</body>
</html>
`;
}
