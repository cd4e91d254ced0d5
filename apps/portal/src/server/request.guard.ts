import { OnflexError } from "@onflex/core";

/**
 * Checks on what a request carries before any of it reaches a handler, storage or a log:
 * bodies are bounded before they are read, and text that Postgres cannot store or that
 * makes a parser recurse without bound is refused with a 400 and a reason.
 */

/** The largest body any route accepts (journey progress); others are smaller. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Deepest JSON nesting accepted anywhere; a journey snapshot needs far less. */
export const MAX_JSON_DEPTH = 64;

export class RequestRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly reason: string,
    message: string,
    /** More for the client to act on (which fields were wrong); never logged. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const invalid = (reason: string, message: string) => new RequestRefused(400, reason, message);

/**
 * NUL (which Postgres text and jsonb cannot hold) and unpaired UTF-16 surrogates (which are
 * not Unicode text) are refused in every string that reaches the server.
 */
export function badTextReason(value: string): string | null {
  if (value.includes("\u0000")) return "nul_character";
  if (LONE_SURROGATE.test(value)) return "lone_surrogate";
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path and query of a raw request target: each part must percent-decode to well-formed
 * UTF-8 with no NUL. `URLSearchParams` would silently replace bad bytes with U+FFFD, so the
 * check decodes each piece itself.
 */
export function checkRequestTarget(target: string): RequestRefused | null {
  if (target.length > 16_384) return new RequestRefused(400, "url_too_long", "The request URL is too long.");
  if (!target.includes("%")) {
    return target.includes("\u0000") ? invalid("nul_character", "The request URL contains a NUL character.") : null;
  }
  // Decoding the whole target at once checks every escape: separators (& = ? /) are never
  // part of a multi-byte sequence, and decodeURIComponent throws on bytes that are not UTF-8
  // and on encoded surrogates, so the result is always well-formed text.
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return invalid("malformed_url_encoding", "The request URL has percent-encoding that is not valid UTF-8.");
  }
  return decoded.includes("\u0000") ? invalid("nul_character", "The request URL contains a NUL character.") : null;
}

/** Refuses by Content-Length before a byte of the body is read. */
export function checkDeclaredLength(contentLength: string | null | undefined, limit: number): RequestRefused | null {
  if (contentLength === null || contentLength === undefined) return null;
  if (!/^\d{1,15}$/.test(contentLength.trim())) return invalid("bad_content_length", "The Content-Length header is not a number.");
  return Number(contentLength) > limit ? tooLarge(limit) : null;
}

function tooLarge(limit: number): RequestRefused {
  return new RequestRefused(413, "body_too_large", `The request body is larger than ${limit} bytes.`);
}

/**
 * Reads a body up to `limit` bytes and stops (cancelling the stream) at the first byte past
 * it, so a body without Content-Length (chunked) costs at most `limit` bytes of memory.
 * Invalid UTF-8 is refused rather than replaced.
 */
export async function readBodyText(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Buffer.concat(chunks));
  } catch {
    throw invalid("invalid_utf8", "The request body is not valid UTF-8.");
  }
}

/**
 * How deeply a JSON text nests, counted without parsing it (strings skipped), so a
 * 20,000-deep body is refused before JSON.parse or anything recursive sees it.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      if (++depth > maxDepth) return true;
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth--;
  }
  return false;
}

/** Every string (keys included) in a parsed JSON value; depth is already bounded. */
function findBadText(value: unknown): string | null {
  if (typeof value === "string") return badTextReason(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = findBadText(item);
      if (bad) return bad;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const bad = badTextReason(key) ?? findBadText(item);
      if (bad) return bad;
    }
  }
  return null;
}

/** Parses a JSON body already read as text, with the depth and text checks above. */
export function parseJsonBody(text: string): unknown {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw invalid("json_too_deep", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not hostile, just wrong: the contract's own answer (422 validation), as core's router gives it.
    throw new OnflexError("validation", "The request body is not valid JSON.", { retryable: false });
  }
  const bad = findBadText(value);
  if (bad) {
    throw invalid(bad, bad === "nul_character" ? "The request body contains a NUL character." : "The request body contains text that is not valid Unicode.");
  }
  return value;
}

