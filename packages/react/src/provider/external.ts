import type { ExternalOpener, ExternalOpenRequest, ExternalOpenResult } from "@onflex/machines";

/**
 * The browser's way to open another site's page when the host gives no `openExternal`: a new
 * tab or popup, opened inside the user's click. `opened: false` when the browser blocked it, so
 * the flow can show a link instead. The opened page gets no handle back to this one.
 */
export const openInBrowser: ExternalOpener = ({ url }: ExternalOpenRequest): ExternalOpenResult => {
  if (typeof window === "undefined") return { opened: false, mode: "popup" };
  const opened = window.open(url, "_blank");
  if (opened) opened.opener = null;
  return { opened: opened !== null, mode: "popup" };
};
