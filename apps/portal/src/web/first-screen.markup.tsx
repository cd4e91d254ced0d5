import { renderToStaticMarkup } from "react-dom/server";
import type { SiteBranding } from "../server/site.types.js";
import { PortalFrame } from "./first-screen.frame.js";
import { createHandoff, PRERENDERED_ATTRIBUTE } from "./first-screen.js";
import { FirstScreenShell } from "./first-screen.shell.js";

/**
 * The first screen's shell as HTML, for the server to put in the page itself: the postcode
 * field is on screen, and takes typing, with the page's first paint, before any script has
 * run. The app takes over what was typed there (capturePrerendered in first-screen.ts). Rendered once per
 * host (branding) by the server, never per request; server-only (react-dom/server is not in
 * the web app's chunks).
 */
export function renderFirstScreenMarkup(branding: SiteBranding): string {
  const shell = renderToStaticMarkup(
    <PortalFrame branding={branding}>
      <FirstScreenShell branding={branding} handoff={createHandoff({ postcode: "" })} inert />
    </PortalFrame>,
  );
  return `<div ${PRERENDERED_ATTRIBUTE}="">${shell}</div>`;
}
