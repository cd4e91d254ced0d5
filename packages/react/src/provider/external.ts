import type { ExternalOpener, ExternalOpenRequest, ExternalOpenResult } from "@onflex/machines";

/** A sign-in window: big enough for a maker's login page, small enough to show it is a popup. */
const SIGN_IN_WIDTH = 500;
const SIGN_IN_HEIGHT = 720;

/**
 * The window features for a page opened for `purpose`: a sign-in opens as a sized popup over
 * the page (centred on the browser window), anything else as a new tab.
 */
export function windowFeatures(purpose: string, screenOf: Pick<Window, "screenX" | "screenY" | "outerWidth" | "outerHeight">): string | undefined {
  if (purpose !== "device_auth") return undefined;
  const left = Math.max(0, Math.round(screenOf.screenX + (screenOf.outerWidth - SIGN_IN_WIDTH) / 2));
  const top = Math.max(0, Math.round(screenOf.screenY + (screenOf.outerHeight - SIGN_IN_HEIGHT) / 2));
  return `popup,width=${SIGN_IN_WIDTH},height=${SIGN_IN_HEIGHT},left=${left},top=${top}`;
}

/**
 * The browser's way to open another site's page when the host gives no `openExternal`: a
 * sized popup for a sign-in, a new tab otherwise, opened inside the user's click. `opened:
 * false` when the browser blocked it, so the flow can show a link instead. The opened page
 * gets no handle back to this one.
 */
export const openInBrowser: ExternalOpener = ({ url, purpose }: ExternalOpenRequest): ExternalOpenResult => {
  if (typeof window === "undefined") return { opened: false, mode: "popup" };
  const opened = window.open(url, "_blank", windowFeatures(purpose, window));
  if (opened) opened.opener = null;
  return { opened: opened !== null, mode: "popup" };
};
