import { BOOT_ELEMENT_ID, type PortalBoot } from "../../shared/boot.types.js";
import { escapeHtml, jsonForScript } from "./html.js";

/**
 * Puts the boot data into the built index.html as an inert JSON element: it is data, not
 * script, so the CSP can stay at script-src 'self' without nonces or hashes.
 */
export function renderAppPage(template: string, boot: PortalBoot): string {
  const data = `<script type="application/json" id="${BOOT_ELEMENT_ID}">${jsonForScript(boot)}</script>`;
  // Function replacements: a string one would expand `$&`, `$'`… found in the (partly
  // user-supplied) boot data into pieces of the template.
  const titled = template.replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(boot.site.branding.name)}</title>`);
  if (!titled.includes("</head>")) throw new Error("The portal's index.html has no </head>.");
  return titled.replace("</head>", () => `${data}\n</head>`);
}
