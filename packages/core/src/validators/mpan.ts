/**
 * MPANs (Meter Point Administration Numbers). The 13-digit core names the meter point:
 * distributor id (2), unique id (10), check digit (1). The full 21-digit MPAN printed on a
 * bill adds a top line: profile class (2), meter time-switch code (3), line loss factor
 * class (3).
 */
export type MpanInvalidReason =
  | "empty"
  | "not_digits"
  | "wrong_length"
  | "bad_profile_class"
  | "unknown_distributor"
  | "bad_check_digit";

export interface ParsedMpan {
  ok: true;
  format: "core" | "full";
  /** The 13-digit core, which is what every API call takes. */
  core: string;
  distributorId: number;
  uniqueId: string;
  checkDigit: number;
  /** Only on a full MPAN: 00 is half-hourly metered, 01–08 are the profiled classes. */
  profileClass?: string;
  meterTimeSwitchCode?: string;
  lineLossFactorClass?: string;
}

export interface InvalidMpan {
  ok: false;
  reason: MpanInvalidReason;
  message: string;
}

export type MpanParseResult = ParsedMpan | InvalidMpan;

/** The 14 distribution network areas of Great Britain, by distributor id. */
export const MPAN_DISTRIBUTOR_REGIONS: Readonly<Record<number, string>> = {
  10: "Eastern England",
  11: "East Midlands",
  12: "London",
  13: "Merseyside and North Wales",
  14: "West Midlands",
  15: "North East England",
  16: "North West England",
  17: "North Scotland",
  18: "South Scotland",
  19: "South East England",
  20: "Southern England",
  21: "South Wales",
  22: "South West England",
  23: "Yorkshire",
};

const PRIMES = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43] as const;

/** The check digit for the first 12 digits of a core: Σ digit×prime, mod 11, mod 10. */
export function mpanCheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError("mpanCheckDigit takes exactly 12 digits.");
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (PRIMES[i] ?? 0);
  return (sum % 11) % 10;
}

const MESSAGES: Record<MpanInvalidReason, string> = {
  empty: "Enter your MPAN.",
  not_digits: "An MPAN has only numbers.",
  wrong_length: "An MPAN is 13 digits (or 21 with the top line from your bill).",
  bad_profile_class: "The profile class (the first two digits of a full MPAN) must be 00 to 08.",
  unknown_distributor: "An MPAN starts with a distributor number from 10 to 23.",
  bad_check_digit: "That MPAN has a typo: its last digit does not match the others.",
};

function invalid(reason: MpanInvalidReason): InvalidMpan {
  return { ok: false, reason, message: MESSAGES[reason] };
}

export function parseMpan(input: unknown): MpanParseResult {
  if (typeof input !== "string") return invalid("empty");
  // Bills print the MPAN in boxes; people copy it with spaces, dashes or slashes between them.
  const digits = input.replace(/[\s\-/]+/g, "");
  if (digits === "") return invalid("empty");
  if (!/^\d+$/.test(digits)) return invalid("not_digits");
  if (digits.length !== 13 && digits.length !== 21) return invalid("wrong_length");
  const full = digits.length === 21;
  const top = full ? digits.slice(0, 8) : "";
  const core = full ? digits.slice(8) : digits;
  if (full && Number(top.slice(0, 2)) > 8) return invalid("bad_profile_class");
  const distributorId = Number(core.slice(0, 2));
  if (!(distributorId in MPAN_DISTRIBUTOR_REGIONS)) return invalid("unknown_distributor");
  const checkDigit = Number(core[12]);
  if (mpanCheckDigit(core.slice(0, 12)) !== checkDigit) return invalid("bad_check_digit");
  const parsed: ParsedMpan = { ok: true, format: full ? "full" : "core", core, distributorId, uniqueId: core.slice(2, 12), checkDigit };
  if (full) {
    parsed.profileClass = top.slice(0, 2);
    parsed.meterTimeSwitchCode = top.slice(2, 5);
    parsed.lineLossFactorClass = top.slice(5, 8);
  }
  return parsed;
}

export function isValidMpan(input: unknown): boolean {
  return parseMpan(input).ok;
}
