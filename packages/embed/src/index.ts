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
  NoticePayload,
  parsePortalMessage,
  readPortalMessage,
} from "./protocol.js";
export type { PortalMessageRead, PortalMessageRefusal } from "./protocol.js";
export { dispatchPortalMessage } from "./host.callbacks.js";
export type { PortalCallbacks } from "./host.callbacks.js";
export { mountPortal } from "./mount.js";
export type { MountPortalOptions, PortalHandle, RejectedPortalMessage } from "./mount.js";

// Portal side (and host → portal messages): no zod at run time.
export { createPortalMessage, createHostMessage, parseHostMessage, portalReceiveScript, plainJsonIssue, noticeIssue, isExternalUrl, PORTAL_RECEIVER } from "./protocol.send.js";
export { createPortalBridge } from "./bridge.js";
export type { PortalBridge, PortalBridgeOptions, PortalBridgeWindow, PortalReceiver, PortalTransport } from "./bridge.js";

export {
  PORTAL_MESSAGE_SOURCE,
  HOST_MESSAGE_SOURCE,
  PORTAL_PROTOCOL_VERSION,
  PORTAL_MESSAGE_TYPES,
  PROTOCOL_NAME,
  EXIT_REASONS,
  NOTICE_LIMITS,
  RESERVED_NOTICE_KEYS,
  PLAIN_JSON_LIMITS,
  MAX_MESSAGE_JSON_LENGTH,
  MAX_RESUME_URL_LENGTH,
  FACT_NAME,
  MAX_FACTS,
} from "./protocol.types.js";
export type {
  PortalNoticeEvent,
  UnknownPortalMessage,
  ExitReason,
  ReceivedExitReason,
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
