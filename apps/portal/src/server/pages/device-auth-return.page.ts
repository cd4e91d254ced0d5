import { createHash } from "node:crypto";
import type { DeviceAuthResult } from "@onflex/core";
import { escapeHtml, jsonForScript } from "./html.js";

/**
 * The page a maker's sign-in sends the user back to (`/device-auth/callback`), shown in the
 * popup or the tab the sign-in ran in. The server has already finished the sign-in from this
 * URL; the page says how it went, tells the widget that opened it (the opener, same origin
 * only: a shortcut, since a maker's Cross-Origin-Opener-Policy may have cut `window.opener`
 * and the widget also learns the result from the server) and closes itself when it can.
 */

/** Same constant as `DEVICE_AUTH_RETURN_MESSAGE` in @onflex/react (the step that listens). */
const RETURN_MESSAGE = "onflex:device-auth-return";

const COPY: Record<"complete" | "failed" | "unknown", { title: string; body: string }> = {
  complete: { title: "You're connected", body: "You've allowed access to your device. You can close this window and go back to the app." },
  failed: { title: "Signing in didn't finish", body: "Go back to the app: it says what happened and lets you try again. You can close this window." },
  unknown: {
    title: "This sign-in has expired",
    body: "It was already used, or it belongs to a session that has ended. Go back to the app and start the sign-in again.",
  },
};

export interface ReturnPage {
  status: 200 | 400;
  html: string;
  headers: Record<string, string>;
}

export function renderDeviceAuthReturnPage(result: DeviceAuthResult | null, returnUrl: string): ReturnPage {
  const copy = COPY[result === null ? "unknown" : result.status === "complete" ? "complete" : "failed"];
  // Only a sign-in this server knows is passed on to the opener, and only to this origin.
  const script =
    result === null
      ? ""
      : `(function(){var m={type:${jsonForScript(RETURN_MESSAGE)},url:${jsonForScript(returnUrl)}};` +
        `try{if(window.opener){window.opener.postMessage(m,window.location.origin);}}catch(e){}` +
        `setTimeout(function(){window.close();},1500);})();`;
  const hash = createHash("sha256").update(script).digest("base64");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(copy.title)}</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 32rem; margin: 0 auto; padding: 2rem 1.25rem; }
  h1 { font-size: 1.375rem; margin: 0 0 .5rem; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(copy.title)}</h1>
<p>${escapeHtml(copy.body)}</p>
</main>
${script ? `<script>${script}</script>` : ""}
</body>
</html>
`;
  return {
    status: result === null ? 400 : 200,
    html,
    headers: {
      "Content-Security-Policy": `default-src 'none'; style-src 'unsafe-inline'; ${script ? `script-src 'sha256-${hash}'; ` : ""}base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
    },
  };
}
