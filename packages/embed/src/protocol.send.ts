import {
  EXIT_REASONS,
  FACT_NAME,
  HOST_MESSAGE_SOURCE,
  MAX_FACTS,
  MAX_MESSAGE_JSON_LENGTH,
  MAX_RESUME_URL_LENGTH,
  NOTICE_LIMITS,
  PLAIN_JSON_LIMITS,
  PORTAL_MESSAGE_SOURCE,
  PORTAL_PROTOCOL_VERSION,
  RESERVED_NOTICE_KEYS,
} from "./protocol.types.js";
import type { HostMessage, HostMessageInput, PortalMessage, PortalMessageInput } from "./protocol.types.js";

/*
 * The sending side of the protocol, without zod: the portal only sends portal messages (and
 * reads the host's small `resume`), so it checks them with these cheap guards. The types do
 * most of the work at compile time; the guards catch what types cannot (a cycle, a number
 * out of range, an object that is not plain JSON) before it reaches a host, whose zod parser
 * (`protocol.ts`) would drop it anyway.
 */

/** A problem with a value, as "path message"; null when it is fine. */
type Issue = string | null;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Why `value` is not plain JSON within `PLAIN_JSON_LIMITS`, or null. Never throws and never
 * loops: a cycle runs into the depth limit, and every value visited counts towards `nodes`.
 */
export function plainJsonIssue(value: unknown, path = "value"): Issue {
  let nodes = 0;
  const visit = (current: unknown, at: string, depth: number): Issue => {
    nodes += 1;
    if (nodes > PLAIN_JSON_LIMITS.nodes) return `${path} has more than ${PLAIN_JSON_LIMITS.nodes} values`;
    if (current === null || typeof current === "boolean") return null;
    if (typeof current === "number") return Number.isFinite(current) ? null : `${at} must be a finite number`;
    if (typeof current === "string") return current.length <= PLAIN_JSON_LIMITS.string ? null : `${at} is longer than ${PLAIN_JSON_LIMITS.string} characters`;
    if (typeof current !== "object") return `${at} is not JSON (${typeof current})`;
    if (depth >= PLAIN_JSON_LIMITS.depth) return `${at} is nested deeper than ${PLAIN_JSON_LIMITS.depth} levels`;
    if (Array.isArray(current)) {
      if (current.length > PLAIN_JSON_LIMITS.keys) return `${at} has more than ${PLAIN_JSON_LIMITS.keys} items`;
      for (let i = 0; i < current.length; i += 1) {
        if (!(i in current)) return `${at}[${i}] is a hole`;
        const issue = visit(current[i], `${at}[${i}]`, depth + 1);
        if (issue) return issue;
      }
      return null;
    }
    if (!isPlainObject(current)) return `${at} is not a plain object`;
    const keys = Object.keys(current);
    if (keys.length > PLAIN_JSON_LIMITS.keys) return `${at} has more than ${PLAIN_JSON_LIMITS.keys} keys`;
    if (Object.getOwnPropertySymbols(current).length > 0) return `${at} has symbol keys`;
    for (const key of keys) {
      if (key === "__proto__") return `${at} has a __proto__ key`;
      const issue = visit(current[key], `${at}.${key}`, depth + 1);
      if (issue) return issue;
    }
    return null;
  };
  return visit(value, path, 0);
}

const RESERVED_KEYS: ReadonlySet<string> = new Set(RESERVED_NOTICE_KEYS);

/**
 * Why `value` is not a notice within `NOTICE_LIMITS` (a plain JSON object, nested at most
 * `depth` levels, at most `keys` keys and items in all, no reserved key, at most `length`
 * characters of JSON), or null. Never throws.
 */
export function noticeIssue(value: unknown, path = "notice"): Issue {
  if (!isPlainObject(value)) return `${path} must be a plain JSON object`;
  // Plain JSON now (no cycles, getters aside): walk it for the notice's tighter bounds.
  let keys = 0;
  const visit = (current: unknown, at: string, depth: number): Issue => {
    if (typeof current !== "object" || current === null) return null;
    if (depth >= NOTICE_LIMITS.depth) return `${at} is nested deeper than ${NOTICE_LIMITS.depth} levels`;
    const entries: [string, unknown][] = Array.isArray(current) ? current.map((item, i) => [`[${i}]`, item]) : Object.entries(current);
    keys += entries.length;
    if (keys > NOTICE_LIMITS.keys) return `${path} has more than ${NOTICE_LIMITS.keys} keys and items`;
    for (const [key, item] of entries) {
      if (!Array.isArray(current) && RESERVED_KEYS.has(key)) return `${at} has a reserved key (${key})`;
      const issue = visit(item, Array.isArray(current) ? `${at}${key}` : `${at}.${key}`, depth + 1);
      if (issue) return issue;
    }
    return null;
  };
  try {
    const issue = plainJsonIssue(value, path) ?? visit(value, path, 0);
    if (issue) return issue;
    return JSON.stringify(value).length <= NOTICE_LIMITS.length ? null : `${path} is longer than ${NOTICE_LIMITS.length} characters of JSON`;
  } catch {
    // A getter that throws: not JSON.
    return `${path} could not be read as JSON`;
  }
}

const text = (value: unknown, at: string, max: number): Issue =>
  typeof value === "string" && value.length >= 1 && value.length <= max ? null : `${at} must be a string of 1-${max} characters`;
const nullableText = (value: unknown, at: string, max: number): Issue => (value === null ? null : text(value, at, max));
const count = (value: unknown, at: string): Issue =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 1000 ? null : `${at} must be an integer from 0 to 1000`;
const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const code = (value: unknown, at: string): Issue => (typeof value === "string" && ERROR_CODE.test(value) ? null : `${at} must be an error code`);
const jsonObject = (value: unknown, at: string): Issue => (isPlainObject(value) ? plainJsonIssue(value, at) : `${at} must be a plain object`);
const first = (...issues: Issue[]): Issue => issues.find((issue) => issue !== null) ?? null;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * True for a URL the portal may ask a host to open: an absolute https URL, or http on a
 * loopback host (local development), without credentials. Never throws.
 */
export function isExternalUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length > MAX_RESUME_URL_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

function completionIssue(output: unknown): Issue {
  if (!isPlainObject(output)) return "payload.output must be a plain object";
  const { journeyId, facts, steps } = output;
  const base = first(
    text(journeyId, "payload.output.journeyId", 200),
    Array.isArray(steps) && steps.length <= 100 ? null : "payload.output.steps must be a list of at most 100 step ids",
    isPlainObject(facts) ? null : "payload.output.facts must be a plain object",
  );
  if (base) return base;
  for (const [i, id] of (steps as unknown[]).entries()) {
    const issue = text(id, `payload.output.steps[${i}]`, 200);
    if (issue) return issue;
  }
  const names = Object.keys(facts as object);
  if (names.length > MAX_FACTS) return `payload.output.facts has more than ${MAX_FACTS} facts`;
  for (const name of names) {
    if (!FACT_NAME.test(name)) return `payload.output.facts: "${name.slice(0, 64)}" is not a fact name`;
  }
  return plainJsonIssue(facts, "payload.output.facts");
}

function exitIssue(payload: Record<string, unknown>): Issue {
  const { reason, stepId, flow, blocked, error } = payload;
  return first(
    (EXIT_REASONS as readonly unknown[]).includes(reason) ? null : `payload.reason must be one of ${EXIT_REASONS.join(", ")}`,
    nullableText(stepId, "payload.stepId", 200),
    nullableText(flow, "payload.flow", 200),
    blocked === undefined
      ? null
      : isPlainObject(blocked)
        ? first(text(blocked["reason"], "payload.blocked.reason", 200), jsonObject(blocked["details"], "payload.blocked.details"))
        : "payload.blocked must be an object",
    error === undefined
      ? null
      : isPlainObject(error)
        ? first(
            code(error["code"], "payload.error.code"),
            text(error["message"], "payload.error.message", 2000),
            typeof error["retryable"] === "boolean" ? null : "payload.error.retryable must be a boolean",
            jsonObject(error["details"], "payload.error.details"),
          )
        : "payload.error must be an object",
  );
}

function portalPayloadIssue(type: unknown, payload: unknown): Issue {
  if (!isPlainObject(payload)) return "payload must be a plain object";
  switch (type) {
    case "ready":
      return text(payload["siteId"], "payload.siteId", 4096);
    case "resize": {
      const height = payload["height"];
      return typeof height === "number" && height >= 0 && height <= 100_000 ? null : "payload.height must be a number from 0 to 100000";
    }
    case "step": {
      const { stepId, flow, index, total } = payload;
      return first(
        text(stepId, "payload.stepId", 200),
        text(flow, "payload.flow", 200),
        count(index, "payload.index"),
        total === null ? null : count(total, "payload.total"),
        total !== null && typeof total === "number" && typeof index === "number" && index >= total ? "payload.index must be below total" : null,
      );
    }
    case "completed":
      return completionIssue(payload["output"]);
    case "exit":
      return exitIssue(payload);
    case "error":
      return first(code(payload["code"], "payload.code"), text(payload["message"], "payload.message", 2000), nullableText(payload["stepId"], "payload.stepId", 200));
    case "open_external":
      return first(
        isExternalUrl(payload["url"]) ? null : "payload.url must be an https URL (http only on a loopback host)",
        text(payload["purpose"], "payload.purpose", 200),
      );
    case "notice":
      return first(text(payload["flow"], "payload.flow", 200), nullableText(payload["stepId"], "payload.stepId", 200), noticeIssue(payload["notice"], "payload.notice"));
    default:
      return "type is not a portal message type";
  }
}

/**
 * Stamps and checks an outgoing portal message. Throws a TypeError naming the problem: a
 * message that breaks the protocol is the portal's own bug, and a host would drop it.
 */
export function createPortalMessage(input: PortalMessageInput): PortalMessage {
  const issue = portalPayloadIssue(input.type, input.payload);
  if (issue) throw new TypeError(`Invalid portal message "${String(input.type)}": ${issue}`);
  const message = { source: PORTAL_MESSAGE_SOURCE, version: PORTAL_PROTOCOL_VERSION, type: input.type, payload: input.payload } as PortalMessage;
  if (JSON.stringify(message).length > MAX_MESSAGE_JSON_LENGTH) {
    throw new TypeError(`Invalid portal message "${input.type}": longer than ${MAX_MESSAGE_JSON_LENGTH} characters of JSON`);
  }
  return message;
}

function hostPayloadIssue(type: unknown, payload: unknown): Issue {
  if (!isPlainObject(payload)) return "payload must be a plain object";
  if (type !== "resume") return "type is not a host message type";
  for (const key of Object.keys(payload)) if (key !== "url" && key !== "purpose") return `payload.${key.slice(0, 64)} is not part of resume`;
  const { url, purpose } = payload;
  return first(
    url === undefined || isResumeUrl(url) ? null : `payload.url must be an absolute URL of at most ${MAX_RESUME_URL_LENGTH} characters`,
    purpose === undefined ? null : text(purpose, "payload.purpose", 200),
  );
}

const INERT_SCHEMES = new Set(["javascript:", "data:", "blob:", "file:", "about:"]);

/** The address the user came back on: any absolute URL (an app's deep link scheme too), never a script or data URL. */
function isResumeUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_RESUME_URL_LENGTH) return false;
  try {
    return !INERT_SCHEMES.has(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Stamps and checks a host → portal message (`resume`). Throws a TypeError naming the problem. */
export function createHostMessage(input: HostMessageInput): HostMessage {
  const issue = hostPayloadIssue(input.type, input.payload);
  if (issue) throw new TypeError(`Invalid host message "${String(input.type)}": ${issue}`);
  return { source: HOST_MESSAGE_SOURCE, version: PORTAL_PROTOCOL_VERSION, type: input.type, payload: { ...input.payload } };
}

/**
 * For the portal: the host message in `data` (the object, or its JSON text as a native
 * bridge may hand it over), or null. Checks the source, the version and every field; keeps
 * nothing it does not know. Never throws.
 */
export function parseHostMessage(data: unknown): HostMessage | null {
  let value = data;
  if (typeof data === "string") {
    if (data.length > MAX_RESUME_URL_LENGTH * 2) return null;
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  try {
    if (!isPlainObject(value)) return null;
    const keys = Object.keys(value);
    if (keys.length !== 4 || value["source"] !== HOST_MESSAGE_SOURCE || value["version"] !== PORTAL_PROTOCOL_VERSION) return null;
    const { type, payload } = value;
    if (hostPayloadIssue(type, payload)) return null;
    const { url, purpose } = payload as { url?: string; purpose?: string };
    return {
      source: HOST_MESSAGE_SOURCE,
      version: PORTAL_PROTOCOL_VERSION,
      type: "resume",
      payload: { ...(url === undefined ? {} : { url }), ...(purpose === undefined ? {} : { purpose }) },
    };
  } catch {
    // A getter or proxy that throws: not a message.
    return null;
  }
}

/** The name of the portal's receiver for native hosts: `window.onflexPortal.receive(message)`. */
export const PORTAL_RECEIVER = "onflexPortal";

/**
 * JavaScript a native host evaluates in the portal's WebView to deliver a host message
 * (`evaluateJavaScript` on iOS, `evaluateJavascript` on Android, `injectJavaScript` in
 * React Native). The message is JSON, so the script is a single call with a literal.
 */
export function portalReceiveScript(input: HostMessageInput): string {
  const json = JSON.stringify(createHostMessage(input)).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  return `window.${PORTAL_RECEIVER}&&window.${PORTAL_RECEIVER}.receive(${json});true;`;
}
