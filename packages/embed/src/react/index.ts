"use client";
export { OnflexPortal } from "./OnflexPortal.js";
export type { OnflexPortalHandle, OnflexPortalProps } from "./OnflexPortal.js";
export { parsePortalMessage } from "../protocol.js";
export type { PortalMessage } from "../protocol.js";
export type { PortalCallbacks } from "../host.callbacks.js";
export type { PortalCompletion, PortalExit, PortalHostEvent, PortalStepEvent } from "../protocol.types.js";
