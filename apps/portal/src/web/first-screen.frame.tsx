import type { ReactNode, Ref } from "react";
import type { SiteBranding } from "../server/site.types.js";

/**
 * The portal's page around the journey: the branded header, then the main region. The app
 * (portal.app.tsx) and the server's first screen (first-screen.markup.tsx) both use it, so
 * what the server sends and what the app paints have the same frame.
 */
export function PortalFrame({ branding, mainRef, children }: { branding: SiteBranding; mainRef?: Ref<HTMLElement>; children: ReactNode }) {
  return (
    // The header sits outside the flow's themed root, so it takes the site's font here.
    <div className="portal" style={branding.fontFamily ? { fontFamily: branding.fontFamily } : undefined}>
      <header className="portal-header">
        {branding.logoUrl ? <img src={branding.logoUrl} alt="" width={32} height={32} /> : null}
        <span>{branding.name}</span>
      </header>
      <main ref={mainRef}>{children}</main>
    </div>
  );
}
