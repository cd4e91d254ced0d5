import { Address, ConsentRecord, EligibilityResult, ManualAddress, Meter, ONFLEX_ERROR_CODES } from "@onflex/core";
import * as z from "zod/mini";
import { isExternalUrl, plainJsonIssue } from "./protocol.send.js";
import {
  EXIT_REASONS,
  FACT_NAME,
  MAX_FACTS,
  MAX_MESSAGE_JSON_LENGTH,
  PORTAL_MESSAGE_SOURCE,
  PORTAL_PROTOCOL_VERSION,
} from "./protocol.types.js";
import type { JsonObject, JsonValue, PortalMessage as PortalMessageValue } from "./protocol.types.js";

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
/** `<OnboardingFlow onExit>`'s `JourneyExit`. A session that expired is `failed` with code `unauthorized`. */
export const ExitPayload = z.object({
  reason: z.enum(EXIT_REASONS),
  stepId: z.nullable(Text(200)),
  flow: z.nullable(Text(200)),
  blocked: z.optional(z.object({ reason: Text(200), details: JsonRecord })),
  error: z.optional(z.object({ code: ErrorCode, message: Text(2000), retryable: z.boolean(), details: JsonRecord })),
});
/** `code` is an OnflexError code; `message` is safe to show. */
export const ErrorPayload = z.object({ code: ErrorCode, message: Text(2000), stepId: z.nullable(Text(200)) });
/** The portal asks the host to open `url` (https, or http on loopback) in the system browser. */
export const OpenExternalPayload = z.object({
  url: z.string().check(z.refine(isExternalUrl, { message: "must be https (http only on a loopback host)" })),
  purpose: Text(200),
});

const Id = Text(200);
/** What happened to the household's enrolment; `eventId` for a change to one event, `percentage` for a reserve. */
export const EnrollmentPayload = z.union([
  z.object({ change: z.enum(["enrolled", "cancelled", "unenrolled"]), enrollmentId: Id, programId: Id, stepId: z.nullable(Id) }),
  z.object({ change: z.enum(["opted_out", "opted_in"]), enrollmentId: Id, programId: Id, eventId: Id, stepId: z.nullable(Id) }),
  z.object({
    change: z.literal("reserve_set"),
    enrollmentId: Id,
    programId: Id,
    eventId: Id,
    percentage: z.nullable(z.number().check(z.int(), z.gte(0), z.lte(100))),
    stepId: z.nullable(Id),
  }),
]);

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
  envelope("enrollment", EnrollmentPayload),
]);
export type PortalMessage = PortalMessageValue;

// The schema and the hand-written types in protocol.types.ts must describe the same messages.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<z.infer<typeof PortalMessage>["type"], PortalMessageValue["type"]> = true;
void schemaMatchesTypes;
const parsedFitsTypes = (message: z.infer<typeof PortalMessage>): PortalMessageValue => message;
void parsedFitsTypes;

/** Why a message was refused: `version` when it is a portal message of another protocol version. */
export type PortalMessageRefusal = "schema" | "version";

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

/**
 * The message in `data`, or why it is not one. `version` means it came from a portal that
 * speaks another protocol version: an old portal (1) or a newer one.
 */
export function readPortalMessage(data: unknown): { ok: true; message: PortalMessage } | { ok: false; reason: PortalMessageRefusal } {
  const decoded = decode(data);
  if (!decoded.ok) return { ok: false, reason: "schema" };
  try {
    const result = PortalMessage.safeParse(decoded.value);
    if (result.success) return { ok: true, message: result.data as PortalMessage };
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
