import { Address, ConsentRecord, EligibilityResult, ManualAddress, Meter, ONFLEX_ERROR_CODES } from "@onflex/core";
import * as z from "zod/mini";
import { isExternalUrl, noticeIssue, plainJsonIssue } from "./protocol.send.js";
import {
  EXIT_REASONS,
  FACT_NAME,
  MAX_FACTS,
  MAX_MESSAGE_JSON_LENGTH,
  PORTAL_MESSAGE_SOURCE,
  PORTAL_MESSAGE_TYPES,
  PORTAL_PROTOCOL_VERSION,
  PROTOCOL_NAME,
} from "./protocol.types.js";
import type { ExitReason, JsonObject, JsonValue, PortalExit, PortalMessage as PortalMessageValue, UnknownPortalMessage } from "./protocol.types.js";

/*
 * The host's parser: every portal message checked with zod, every fact Onflex knows checked
 * with core's own schema. Hosts import this; the portal, which only sends, does not (its
 * guards are in `protocol.send.ts`), so zod stays out of the portal's first chunk.
 */

const Text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const Count = z.number().check(z.int(), z.gte(0), z.lte(1000));
const ErrorCode = z.enum(ONFLEX_ERROR_CODES);

const Json = z.custom<JsonValue>((value) => plainJsonIssue(value) === null, { message: "must be bounded plain JSON" });
const JsonRecord = z.custom<JsonObject>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value) && plainJsonIssue(value) === null,
  { message: "must be a bounded plain JSON object" },
);

export const ReadyPayload = z.object({ siteId: Text(4096) });
/** Content height in CSS pixels; the host clamps it to its own bounds. */
export const ResizePayload = z.object({ height: z.number().check(z.gte(0), z.lte(100_000)) });
/** `total` is null when the number of steps is not known (a server-driven journey). */
export const StepPayload = z
  .object({ stepId: Text(200), flow: Text(200), index: Count, total: z.nullable(Count) })
  .check(z.refine((value) => value.total === null || value.index < value.total, { message: "index must be below total" }));

/** The facts Onflex's flows give, each with core's schema. */
const KnownFacts = {
  address: z.optional(z.union([Address, ManualAddress])),
  meter: z.optional(Meter),
  eligibility: z.optional(EligibilityResult),
  consent: z.optional(ConsentRecord),
  assetModel: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
};
/**
 * The journey's facts: the known ones validated, any other one (a host's own step) kept only
 * when its name matches `FACT_NAME` and its value is plain JSON within `PLAIN_JSON_LIMITS`.
 */
export const CompletionFacts = z.pipe(
  // Names are checked on the object as it arrived: an object schema would drop a `__proto__` key silently.
  z.custom<Record<string, unknown>>(
    (value) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
      const names = Object.keys(value);
      return names.length <= MAX_FACTS && names.every((name) => FACT_NAME.test(name));
    },
    { message: `at most ${MAX_FACTS} facts, each named like FACT_NAME` },
  ),
  z.catchall(z.object(KnownFacts), Json),
);
/** `<OnboardingFlow onComplete>`'s `JourneyCompletion`, as the portal reports it. */
export const CompletionPayload = z.object({ journeyId: Text(200), facts: CompletionFacts, steps: z.array(Text(200)).check(z.maxLength(100)) });
export const CompletedPayload = z.object({ output: CompletionPayload });
const KNOWN_EXIT_REASONS: ReadonlySet<string> = new Set(EXIT_REASONS);
const isKnownExitReason = (reason: string): reason is ExitReason => KNOWN_EXIT_REASONS.has(reason);
/**
 * `<OnboardingFlow onExit>`'s `JourneyExit`. A session that expired is `failed` with code
 * `unauthorized`. A reason this version does not list (spelled like `PROTOCOL_NAME`) is read
 * as `unknown`, with the reason sent in `unknownReason`, so a later portal's reason is not a refusal.
 */
export const ExitPayload = z.pipe(
  z.object({
    reason: z.string().check(z.regex(PROTOCOL_NAME)),
    stepId: z.nullable(Text(200)),
    flow: z.nullable(Text(200)),
    blocked: z.optional(z.object({ reason: Text(200), details: JsonRecord })),
    error: z.optional(z.object({ code: ErrorCode, message: Text(2000), retryable: z.boolean(), details: JsonRecord })),
  }),
  z.transform(({ reason, ...exit }): PortalExit => (isKnownExitReason(reason) ? { reason, ...exit } : { reason: "unknown", unknownReason: reason, ...exit })),
);
/** `code` is an OnflexError code; `message` is safe to show. */
export const ErrorPayload = z.object({ code: ErrorCode, message: Text(2000), stepId: z.nullable(Text(200)) });
/** The portal asks the host to open `url` (https, or http on loopback) in the system browser. */
export const OpenExternalPayload = z.object({
  url: z.string().check(z.refine(isExternalUrl, { message: "must be https (http only on a loopback host)" })),
  purpose: Text(200),
});

/**
 * A flow's notice for its host: the flow's id, its step, and the notice as bounded JSON
 * (`NOTICE_LIMITS`: depth, keys and length; no `__proto__`, `constructor` or `prototype` key).
 */
export const NoticePayload = z.object({
  flow: Text(200),
  stepId: z.nullable(Text(200)),
  notice: z.custom<JsonObject>((value) => noticeIssue(value) === null, { message: "must be a notice within NOTICE_LIMITS" }),
});

const envelope = <T extends string, P extends z.ZodMiniType>(type: T, payload: P) =>
  z.object({
    source: z.literal(PORTAL_MESSAGE_SOURCE),
    version: z.literal(PORTAL_PROTOCOL_VERSION),
    type: z.literal(type),
    payload,
  });

export const PortalMessage = z.discriminatedUnion("type", [
  envelope("ready", ReadyPayload),
  envelope("resize", ResizePayload),
  envelope("step", StepPayload),
  envelope("completed", CompletedPayload),
  envelope("exit", ExitPayload),
  envelope("error", ErrorPayload),
  envelope("open_external", OpenExternalPayload),
  envelope("notice", NoticePayload),
]);
export type PortalMessage = PortalMessageValue;

// The schema and the hand-written types in protocol.types.ts must describe the same messages.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<z.infer<typeof PortalMessage>["type"], PortalMessageValue["type"]> = true;
void schemaMatchesTypes;
const typeListMatchesTypes: Same<(typeof PORTAL_MESSAGE_TYPES)[number], PortalMessageValue["type"]> = true;
void typeListMatchesTypes;
const parsedFitsTypes = (message: z.infer<typeof PortalMessage>): PortalMessageValue => message;
void parsedFitsTypes;

/**
 * Why a message was not taken: `version` when it is a portal message of another protocol
 * version; `unknown_type` when its envelope is this version's but its type is one this host
 * does not know (a later portal's): not an error, ignore it.
 */
export type PortalMessageRefusal = "schema" | "version" | "unknown_type";

const KNOWN_TYPES: ReadonlySet<string> = new Set(PORTAL_MESSAGE_TYPES);

/** This version's envelope around a type this host does not know, or null. */
function unknownMessageOf(value: unknown): UnknownPortalMessage | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { source, version, type, payload } = value as Record<string, unknown>;
  if (source !== PORTAL_MESSAGE_SOURCE || version !== PORTAL_PROTOCOL_VERSION) return null;
  if (typeof type !== "string" || !PROTOCOL_NAME.test(type) || KNOWN_TYPES.has(type)) return null;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
  return { source, version, type };
}

/** A WebView can hand over huge strings; nothing legitimate comes close to this. */
const MAX_JSON_LENGTH = MAX_MESSAGE_JSON_LENGTH;

function decode(data: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof data !== "string") return { ok: true, value: data };
  if (data.length > MAX_JSON_LENGTH) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(data) as unknown };
  } catch {
    return { ok: false };
  }
}

export type PortalMessageRead =
  | { ok: true; message: PortalMessage }
  | { ok: false; reason: "schema" | "version" }
  | { ok: false; reason: "unknown_type"; message: UnknownPortalMessage };

/**
 * The message in `data`, or why it is not one. `version` means it came from a portal that
 * speaks another protocol version: an older portal (1, 2) or a newer one. `unknown_type`: a
 * message of this version whose type this host does not know (a later addition), to ignore.
 */
export function readPortalMessage(data: unknown): PortalMessageRead {
  const decoded = decode(data);
  if (!decoded.ok) return { ok: false, reason: "schema" };
  try {
    const result = PortalMessage.safeParse(decoded.value);
    if (result.success) return { ok: true, message: result.data as PortalMessage };
    const unknown = unknownMessageOf(decoded.value);
    if (unknown) return { ok: false, reason: "unknown_type", message: unknown };
    const value = decoded.value as { source?: unknown; version?: unknown } | null;
    const otherVersion = typeof value === "object" && value !== null && value.source === PORTAL_MESSAGE_SOURCE && value.version !== PORTAL_PROTOCOL_VERSION;
    return { ok: false, reason: otherVersion ? "version" : "schema" };
  } catch {
    // A value whose getters throw (not something postMessage can deliver, but a caller might).
    return { ok: false, reason: "schema" };
  }
}

/**
 * Returns the message if `data` is a valid Onflex portal message (an object, or its JSON text as
 * WebView bridges deliver it), otherwise null. Never throws.
 */
export function parsePortalMessage(data: unknown): PortalMessage | null {
  const read = readPortalMessage(data);
  return read.ok ? read.message : null;
}
