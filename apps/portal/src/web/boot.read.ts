import { BOOT_ELEMENT_ID, type PortalBoot } from "../shared/boot.types.js";

/**
 * Reads the boot data the server injected, then removes the element and the signed query
 * string: the session id stays only in this page's memory and the signature does not
 * linger in the address bar or in history.
 */
export function takeBoot(doc: Document, history: History): PortalBoot | null {
  const element = doc.getElementById(BOOT_ELEMENT_ID);
  if (!element?.textContent) return null;
  let boot: PortalBoot;
  try {
    boot = JSON.parse(element.textContent) as PortalBoot;
  } catch {
    return null;
  }
  element.remove();
  if (typeof boot.sessionId !== "string" || !boot.site) return null;
  history.replaceState(null, "", boot.cleanPath);
  return boot;
}
