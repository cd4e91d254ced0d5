import { createHash } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import type { SiteBranding } from "../server/site.types.js";
import { PortalFrame } from "./first-screen.frame.js";
import { ARMED_ATTRIBUTE, createHandoff, PRERENDERED_ATTRIBUTE, SUBMITTED_ATTRIBUTE } from "./first-screen.js";
import { FirstScreenShell } from "./first-screen.shell.js";

/**
 * Arms the first screen's form as the page is parsed, right after the form, before the app's
 * code has even been fetched: a press of Find address (or Enter) is kept for the real step,
 * marked on the form (SUBMITTED_ATTRIBUTE, read by capturePrerendered when the app takes
 * over), and the section and button show they are busy. Nothing is validated here; the real
 * step does that when it runs the kept press. It is the only code that does this: the app
 * reads what it marked. Plain ES5 (it runs before anything else on the page), and constant,
 * so the page's Content-Security-Policy allows exactly this script by its hash.
 */
export const FIRST_SCREEN_SCRIPT =
  `(function(){var f=document.querySelector("[${PRERENDERED_ATTRIBUTE}] form");` +
  `if(!f||f.hasAttribute("${ARMED_ATTRIBUTE}"))return;` +
  `f.addEventListener("submit",function(e){e.preventDefault();` +
  `if(f.hasAttribute("${SUBMITTED_ATTRIBUTE}"))return;f.setAttribute("${SUBMITTED_ATTRIBUTE}","");` +
  `var s=f.closest("section");if(s)s.setAttribute("aria-busy","true");` +
  `var b=f.querySelector("button[type=submit]");if(b){b.setAttribute("aria-busy","true");b.setAttribute("data-busy","true")}});` +
  `f.setAttribute("${ARMED_ATTRIBUTE}","")})();`;

/** FIRST_SCREEN_SCRIPT's CSP source (`'sha256-…'`), for the script-src of pages that carry it. */
export const FIRST_SCREEN_SCRIPT_SOURCE = `'sha256-${createHash("sha256").update(FIRST_SCREEN_SCRIPT).digest("base64")}'`;

/**
 * The first screen's shell as HTML, for the server to put in the page itself: the postcode
 * field is on screen, and takes typing, with the page's first paint, before any script has
 * run; the inline FIRST_SCREEN_SCRIPT after it keeps a press of Find address from then on.
 * The app takes over what was typed and pressed there (capturePrerendered in first-screen.ts).
 * Rendered once per host (branding) by the server, never per request; server-only
 * (react-dom/server is not in the web app's chunks). A page that carries it needs
 * FIRST_SCREEN_SCRIPT_SOURCE in its CSP's script-src.
 */
export function renderFirstScreenMarkup(branding: SiteBranding): string {
  const shell = renderToStaticMarkup(
    <PortalFrame branding={branding}>
      <FirstScreenShell branding={branding} handoff={createHandoff({ postcode: "" })} inert />
    </PortalFrame>,
  );
  return `<div ${PRERENDERED_ATTRIBUTE}="">${shell}<script>${FIRST_SCREEN_SCRIPT}</script></div>`;
}

/** The first screen as the portal's entry takes it (EntryOptions.firstScreen). */
export const firstScreenMarkup = { render: renderFirstScreenMarkup, scriptSources: [FIRST_SCREEN_SCRIPT_SOURCE] } as const;
