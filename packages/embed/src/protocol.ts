import { ConsentRecord } from "@onflex/core";
import * as z from "zod/mini";

/**
 * Portal → host messages. Every message is `{ source: "onflex-portal", version: 1, type, payload }`.
 * A host accepts only what `parsePortalMessage` returns; a future version 2 will be a new
 * `version` value, so an old host ignores it rather than misreading it.
 */
export const PORTAL_MESSAGE_SOURCE = "onflex-portal";
export const PORTAL_PROTOCOL_VERSION = 1;

const Text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const Count = z.number().check(z.int(), z.gte(0), z.lte(1000));

export const ReadyPayload = z.object({ siteId: Text(4096) });
/** Content height in CSS pixels; the host clamps it to its own bounds. */
export const ResizePayload = z.object({ height: z.number().check(z.gte(0), z.lte(100_000)) });
export const StepPayload = z
  .object({ step: Text(200), index: Count, total: Count })
  .check(z.refine((value) => value.index < value.total, { message: "index must be below total" }));
/**
 * What the journey produced. Flows add their own keys; the consent record, when the journey
 * took one, is validated so a host can store it as proof (terms version + timestamps).
 */
export const JourneyOutputPayload = z.looseObject({ consent: z.optional(ConsentRecord) });
export const CompletedPayload = z.object({ output: JourneyOutputPayload });
/** Well-known reasons: "closed", "consent_declined", "not_eligible", "session_expired". */
export const ExitPayload = z.object({ reason: Text(200) });
/** `code` is an OnflexError code or a portal link rejection reason; `message` is safe to show. */
export const ErrorPayload = z.object({ code: Text(200), message: Text(2000) });

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
]);
export type PortalMessage = z.infer<typeof PortalMessage>;
export type PortalMessageType = PortalMessage["type"];
/** A message as the portal writes it; the bridge adds `source` and `version`. */
export type PortalMessageInput = PortalMessage extends infer M ? (M extends PortalMessage ? Pick<M, "type" | "payload"> : never) : never;
export type PortalEventOf<T extends PortalMessageType> = Extract<PortalMessage, { type: T }>;

/** A WebView can hand over huge strings; nothing legitimate comes close to this. */
const MAX_JSON_LENGTH = 256 * 1024;

/**
 * Returns the message if `data` is a valid Onflex portal message (an object, or its JSON text as
 * WebView bridges deliver it), otherwise null. Never throws.
 */
export function parsePortalMessage(data: unknown): PortalMessage | null {
  let value = data;
  if (typeof data === "string") {
    if (data.length > MAX_JSON_LENGTH) return null;
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  const result = PortalMessage.safeParse(value);
  return result.success ? result.data : null;
}

/** Stamps and checks an outgoing message. Throws a TypeError naming the problem, for the portal's own bugs. */
export function createPortalMessage(input: PortalMessageInput): PortalMessage {
  const result = PortalMessage.safeParse({ source: PORTAL_MESSAGE_SOURCE, version: PORTAL_PROTOCOL_VERSION, ...input });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TypeError(`Invalid portal message "${String(input.type)}": ${issue ? `${issue.path.join(".") || "(root)"} ${issue.message}` : "does not match the protocol"}`);
  }
  return result.data;
}
