export { signPortalUrl } from "./portal-url.sign.js";
export { verifyPortalUrl, PORTAL_URL_REJECTIONS } from "./portal-url.verify.js";
export { createMemoryNonceStore } from "./nonce-store.memory.js";
export type { MemoryNonceStore } from "./nonce-store.memory.js";
export { v2Message as portalUrlV2CanonicalString, V2_DOMAIN as PORTAL_URL_V2_DOMAIN } from "./portal-url.canonical.js";
export type { V2Fields as PortalUrlV2Fields } from "./portal-url.canonical.js";
export type * from "./portal-url.types.js";
