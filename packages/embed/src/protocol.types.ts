import type { Address, ConsentRecord, EligibilityResult, ManualAddress, Meter, OnflexErrorCode } from "@onflex/core";

/**
 * The portal message protocol, as types and constants only. Nothing here (or in
 * `protocol.send.ts` and `bridge.ts`) imports zod at run time, so the portal, which only
 * sends, does not pay for the host's parser. The zod schemas are in `protocol.ts`.
 *
 * The vocabulary is the one `<OnboardingFlow>` speaks (`@onflex/machines`' `JourneyHostEvent`,
 * `JourneyCompletion`, `JourneyExit`): the same event names, exit reasons and completion output.
 */
export const PORTAL_MESSAGE_SOURCE = "onflex-portal";
/** Host → portal messages carry this source instead, so neither side mistakes one for the other. */
export const HOST_MESSAGE_SOURCE = "onflex-host";
/**
 * The protocol's version; both sides accept only their own (another is refused as `version`).
 *
 * - 3: `notice` (a flow's notice for its host: `{ flow, stepId, notice }`, a bounded JSON
 *   object) replaces version 2's `enrollment` message; `exit` reasons include `cancelled` and
 *   `unenrolled`. Forward compatible within the version: a host ignores a message type it does
 *   not know (`onUnknownMessage`), reads an exit reason it does not know as `unknown`, and
 *   drops fields it does not know, so a later portal may add any of these without a new version.
 * - 2: the journey vocabulary (`step` with `stepId`, `flow` and a `total` that may be unknown,
 *   typed `completed` facts, `exit` reasons, `open_external`, and the host's `resume`).
 * - 1: the first portal messages.
 */
export const PORTAL_PROTOCOL_VERSION = 3;

/** The portal → host message types this version knows; any other with a valid envelope is ignored. */
export const PORTAL_MESSAGE_TYPES = ["ready", "resize", "step", "completed", "exit", "error", "open_external", "notice"] as const;
/** How a message type (and an exit reason) is spelled, today's and any later one's. */
export const PROTOCOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Why the journey ended without completing; the same reasons as `<OnboardingFlow onExit>`. */
export const EXIT_REASONS = ["user_closed", "declined", "blocked", "failed", "cancelled", "unenrolled"] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
/**
 * An exit reason as a host receives it: one of `EXIT_REASONS`, or `unknown` for one a later
 * portal added (the reason it sent is in `PortalExit.unknownReason`). A portal never sends `unknown`.
 */
export type ReceivedExitReason = ExitReason | "unknown";

/** Plain JSON, as `JSON.parse` produces it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Bounds for the parts of a message that are open-ended (facts the protocol does not know,
 * `details`): plain JSON only (no class instances, functions, `undefined`, non-finite
 * numbers, cycles or `__proto__` keys), nested at most `depth` levels, with at most `nodes`
 * values in all, `keys` keys or items per object or array and `string` characters per string.
 * A whole message is at most `MAX_MESSAGE_JSON_LENGTH` characters of JSON.
 */
export const PLAIN_JSON_LIMITS = { depth: 8, nodes: 5_000, keys: 500, string: 10_000 } as const;
export const MAX_MESSAGE_JSON_LENGTH = 256 * 1024;
/** Fact names: what a host step may add to `JourneyFacts`. At most `MAX_FACTS` facts. */
export const FACT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const MAX_FACTS = 64;

/** The facts Onflex's own flows give; each is validated with core's schema by the host's parser. */
export interface KnownPortalFacts {
  address?: Address | ManualAddress;
  meter?: Meter;
  eligibility?: EligibilityResult;
  consent?: ConsentRecord;
  /** The charger (or other asset) model eligibility was checked for. */
  assetModel?: string;
}
/**
 * Every fact the journey gathered. Facts the protocol does not know (a host's own steps)
 * arrive as bounded plain JSON (`JsonValue`) under a name matching `FACT_NAME`; they are
 * typed `unknown` so a host narrows them before use.
 */
export type PortalFacts = KnownPortalFacts & { [name: string]: unknown };

/** `onComplete`'s argument: the same shape as `<OnboardingFlow onComplete>`'s `JourneyCompletion`. */
export interface PortalCompletion {
  journeyId: string;
  facts: PortalFacts;
  /** The steps that ran, in order. */
  steps: string[];
}

/** `onExit`'s argument: the same shape as `<OnboardingFlow onExit>`'s `JourneyExit`. */
export interface PortalExit {
  reason: ReceivedExitReason;
  /** When `reason` is `unknown`: the reason the portal sent (a newer protocol 3 reason). */
  unknownReason?: string;
  /** The step the user was on. */
  stepId: string | null;
  flow: string | null;
  /** For `blocked`: the flow's reason and details (e.g. "ineligible" with the issues). */
  blocked?: { reason: string; details: JsonObject };
  /** For `failed`; a session that expired is `failed` with code `unauthorized`. */
  error?: { code: OnflexErrorCode; message: string; retryable: boolean; details: JsonObject };
}

export interface PortalStepEvent {
  type: "step";
  stepId: string;
  flow: string;
  /** 0-based position among the steps. */
  index: number;
  /** How many steps there are, or null when it is not known (a server-driven journey). */
  total: number | null;
}
export interface PortalErrorEvent {
  type: "error";
  /** An OnflexError code; `message` is safe to show. */
  code: OnflexErrorCode;
  message: string;
  stepId: string | null;
}
/** The portal asks the host to open a page in the system browser (a device's sign-in, say). */
export interface PortalOpenExternalEvent {
  type: "open_external";
  /** https, or http on a loopback host only. */
  url: string;
  /** Why, e.g. "device_auth". */
  purpose: string;
}
/**
 * Bounds for a notice: a plain JSON object nested at most `depth` levels, with at most `keys`
 * keys and items in all and at most `length` characters of JSON; no `__proto__`,
 * `constructor` or `prototype` key at any depth.
 */
export const NOTICE_LIMITS = { depth: 4, keys: 64, length: 4096 } as const;
/** Keys a notice may never have (at any depth): they reach for an object's prototype. */
export const RESERVED_NOTICE_KEYS = ["__proto__", "constructor", "prototype"] as const;
/**
 * A flow told its host something (`<OnboardingFlow onEvent>`'s `notice` event): the flow's
 * id, the step it ran as, and the notice in the shape that flow declares (the enrolment
 * flows: `{ change, enrollmentId, programId, eventId?, percentage? }`). Narrow by `flow`
 * and check the fields a host uses: a notice is bounded JSON, not a promise of a shape.
 */
export interface PortalNoticeEvent {
  type: "notice";
  flow: string;
  stepId: string | null;
  notice: JsonObject;
}
/** `onEvent`'s argument: the same union as `<OnboardingFlow onEvent>`'s `JourneyHostEvent`. */
export type PortalHostEvent = PortalStepEvent | PortalErrorEvent | PortalOpenExternalEvent | PortalNoticeEvent;

type Payload<E> = Omit<E, "type">;

/** Portal → host: `{ source, version, type, payload }`, one per entry. */
export interface PortalPayloads {
  ready: { siteId: string };
  /** Content height in CSS pixels (0–100000); the host clamps it to its own bounds. */
  resize: { height: number };
  step: Payload<PortalStepEvent>;
  completed: { output: PortalCompletion };
  exit: PortalExit;
  error: Payload<PortalErrorEvent>;
  open_external: Payload<PortalOpenExternalEvent>;
  notice: Payload<PortalNoticeEvent>;
}
export type PortalMessageType = keyof PortalPayloads;
export type PortalMessage = {
  [T in PortalMessageType]: { source: typeof PORTAL_MESSAGE_SOURCE; version: typeof PORTAL_PROTOCOL_VERSION; type: T; payload: PortalPayloads[T] };
}[PortalMessageType];
export type PortalEventOf<T extends PortalMessageType> = Extract<PortalMessage, { type: T }>;
/**
 * A message with a valid envelope (this version's source and version) whose type this host
 * does not know: a later portal's. Ignored, and handed to `onUnknownMessage` for debugging.
 */
export interface UnknownPortalMessage {
  source: typeof PORTAL_MESSAGE_SOURCE;
  version: typeof PORTAL_PROTOCOL_VERSION;
  type: string;
}
/** A message as the portal writes it; the bridge adds `source` and `version`. */
export type PortalMessageInput = { [T in PortalMessageType]: { type: T; payload: PortalPayloads[T] } }[PortalMessageType];

/**
 * Host → portal. `resume`: the user is back from the page `open_external` asked for (the app
 * came to the foreground, or its deep link was opened); `url` is the address the user came
 * back on when the host knows it (an OAuth redirect with its `code`, say), for the flow that
 * sent them away to read. Untrusted input to the portal, like any URL.
 */
export interface HostPayloads {
  resume: { url?: string; purpose?: string };
}
export type HostMessageType = keyof HostPayloads;
export type HostMessage = {
  [T in HostMessageType]: { source: typeof HOST_MESSAGE_SOURCE; version: typeof PORTAL_PROTOCOL_VERSION; type: T; payload: HostPayloads[T] };
}[HostMessageType];
export type HostMessageInput = { [T in HostMessageType]: { type: T; payload: HostPayloads[T] } }[HostMessageType];
/** A resume URL is at most this long (an OAuth redirect with state and code fits easily). */
export const MAX_RESUME_URL_LENGTH = 8192;
