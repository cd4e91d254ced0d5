// Host side: mount the portal, parse and dispatch its messages (zod-validated).
export {
  PortalMessage,
  ReadyPayload,
  ResizePayload,
  StepPayload,
  CompletionFacts,
  CompletionPayload,
  CompletedPayload,
  ExitPayload,
  ErrorPayload,
  OpenExternalPayload,
  EnrollmentPayload,
  parsePortalMessage,
  readPortalMessage,
} from "./protocol.js";
export type { PortalMessageRefusal } from "./protocol.js";
export { dispatchPortalMessage } from "./host.callbacks.js";
export type { PortalCallbacks } from "./host.callbacks.js";
export { mountPortal } from "./mount.js";
export type { MountPortalOptions, PortalHandle, RejectedPortalMessage } from "./mount.js";

// Portal side (and host → portal messages): no zod at run time.
export { createPortalMessage, createHostMessage, parseHostMessage, portalReceiveScript, plainJsonIssue, isExternalUrl, PORTAL_RECEIVER } from "./protocol.send.js";
export { createPortalBridge } from "./bridge.js";
export type { PortalBridge, PortalBridgeOptions, PortalBridgeWindow, PortalReceiver, PortalTransport } from "./bridge.js";

export {
  PORTAL_MESSAGE_SOURCE,
  HOST_MESSAGE_SOURCE,
  PORTAL_PROTOCOL_VERSION,
  EXIT_REASONS,
  ENROLLMENT_CHANGES,
  PLAIN_JSON_LIMITS,
  MAX_MESSAGE_JSON_LENGTH,
  MAX_RESUME_URL_LENGTH,
  FACT_NAME,
  MAX_FACTS,
} from "./protocol.types.js";
export type {
  EnrollmentChange,
  PortalEnrollmentEvent,
  ExitReason,
  JsonValue,
  JsonObject,
  KnownPortalFacts,
  PortalFacts,
  PortalCompletion,
  PortalExit,
  PortalHostEvent,
  PortalStepEvent,
  PortalErrorEvent,
  PortalOpenExternalEvent,
  PortalPayloads,
  PortalMessageType,
  PortalEventOf,
  PortalMessageInput,
  HostPayloads,
  HostMessage,
  HostMessageType,
  HostMessageInput,
} from "./protocol.types.js";
