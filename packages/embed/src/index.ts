export {
  PORTAL_MESSAGE_SOURCE,
  PORTAL_PROTOCOL_VERSION,
  PortalMessage,
  ReadyPayload,
  ResizePayload,
  StepPayload,
  CompletedPayload,
  JourneyOutputPayload,
  ExitPayload,
  ErrorPayload,
  parsePortalMessage,
  createPortalMessage,
} from "./protocol.js";
export type { PortalMessageType, PortalMessageInput, PortalEventOf } from "./protocol.js";
export { mountPortal } from "./mount.js";
export type { MountPortalOptions, PortalHandle, RejectedPortalMessage } from "./mount.js";
export { createPortalBridge } from "./bridge.js";
export type { PortalBridge, PortalBridgeOptions, PortalBridgeWindow, PortalTransport } from "./bridge.js";
