/**
 * UK postcodes (BS 7666 shapes): an outward code (area letters + district) and an inward
 * code (sector digit + two unit letters). Letters that Royal Mail never uses in a given
 * position are rejected, so "QW1 1AA" fails the way a real lookup would.
 */
export type PostcodeInvalidReason =
  | "empty"
  | "invalid_characters"
  | "too_short"
  | "too_long"
  | "bad_outward_code"
  | "bad_inward_code";

export interface ParsedPostcode {
  ok: true;
  /** Normalised: upper case, one space before the inward code ("SW1A 1AA"). */
  postcode: string;
  outward: string;
  inward: string;
  /** The leading letters of the outward code ("SW"). */
  area: string;
}

export interface InvalidPostcode {
  ok: false;
  reason: PostcodeInvalidReason;
  message: string;
}

export type PostcodeParseResult = ParsedPostcode | InvalidPostcode;

const OUTWARD = /^(?:[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY]))$/;
const INWARD = /^\d[ABD-HJLNP-UW-Z]{2}$/;

const MESSAGES: Record<PostcodeInvalidReason, string> = {
  empty: "Enter a postcode.",
  invalid_characters: "A postcode has only letters, numbers and a space.",
  too_short: "That postcode is too short; a full postcode looks like SW1A 1AA.",
  too_long: "That postcode is too long; a full postcode looks like SW1A 1AA.",
  bad_outward_code: "The first part of that postcode is not a UK postcode area and district.",
  bad_inward_code: "The last part of a postcode is a number and two letters, like 1AA.",
};

function invalid(reason: PostcodeInvalidReason): InvalidPostcode {
  return { ok: false, reason, message: MESSAGES[reason] };
}

export function parseUkPostcode(input: unknown): PostcodeParseResult {
  if (typeof input !== "string") return invalid("empty");
  const upper = input.trim().toUpperCase();
  if (upper === "") return invalid("empty");
  if (/[^A-Z0-9\s]/.test(upper)) return invalid("invalid_characters");
  // People type postcodes with no space or several; the inward code is always the last three.
  const compact = upper.replace(/\s+/g, "");
  if (compact.length < 5) return invalid("too_short");
  if (compact.length > 7) return invalid("too_long");
  const outward = compact.slice(0, -3);
  const inward = compact.slice(-3);
  // GIR 0AA (Girobank) predates the scheme but is still delivered to.
  if (compact !== "GIR0AA") {
    if (!OUTWARD.test(outward)) return invalid("bad_outward_code");
    if (!INWARD.test(inward)) return invalid("bad_inward_code");
  }
  return { ok: true, postcode: `${outward} ${inward}`, outward, inward, area: /^[A-Z]+/.exec(outward)?.[0] ?? "" };
}

export function isValidUkPostcode(input: unknown): boolean {
  return parseUkPostcode(input).ok;
}

/** The normalised form ("sw1a1aa" → "SW1A 1AA"), or undefined when it is not a postcode. */
export function normaliseUkPostcode(input: unknown): string | undefined {
  const parsed = parseUkPostcode(input);
  return parsed.ok ? parsed.postcode : undefined;
}
