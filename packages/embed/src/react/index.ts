"use client";
export { OnflexPortal } from "./OnflexPortal.js";
export type { OnflexPortalProps } from "./OnflexPortal.js";
export { parsePortalMessage } from "../protocol.js";
export type { PortalMessage } from "../protocol.js";
