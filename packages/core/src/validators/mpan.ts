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
  /** The network the meter is on, named for the user: a DNO's licence area or an IDNO's name. */
  network: MpanNetwork;
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

/**
 * `dno`: one of the 14 regional distribution network operators; `idno`: an independent
 * distribution network operator, whose networks (mostly new-build estates) sit inside the
 * DNO areas.
 */
export type MpanNetworkKind = "dno" | "idno";

export interface MpanNetwork {
  kind: MpanNetworkKind;
  /** A DNO's licence area ("London") or an IDNO's operator ("Indigo Power"). */
  name: string;
}

export interface MpanDistributor extends MpanNetwork {
  /** The distributor id: the first two digits of every MPAN core on this network. */
  id: number;
  /** The distributor's market participant id in Market Domain Data ("LOND", "INDI"). */
  mpid: string;
}

/**
 * Every distributor id issued in Great Britain, which is every value the first two digits
 * of a real MPAN core can take. 10–23 are the 14 DNO licence areas; 24 upwards are the
 * IDNOs, issued one by one as Elexon registers each new operator as a distributor in
 * Market Domain Data. An id missing here is refused (`unknown_distributor`) until it is
 * added; the README says where the list comes from.
 */
export const MPAN_DISTRIBUTORS: readonly MpanDistributor[] = Object.freeze(
  (
    [
      [10, "dno", "EELC", "Eastern England"],
      [11, "dno", "EMEB", "East Midlands"],
      [12, "dno", "LOND", "London"],
      [13, "dno", "MANW", "Merseyside and North Wales"],
      [14, "dno", "MIDE", "West Midlands"],
      [15, "dno", "NEEB", "North East England"],
      [16, "dno", "NORW", "North West England"],
      [17, "dno", "HYDE", "North Scotland"],
      [18, "dno", "SPOW", "South Scotland"],
      [19, "dno", "SEEB", "South East England"],
      [20, "dno", "SOUT", "Southern England"],
      [21, "dno", "SWAE", "South Wales"],
      [22, "dno", "SWEB", "South West England"],
      [23, "dno", "YELG", "Yorkshire"],
      [24, "idno", "IPNL", "Independent Power Networks"],
      [25, "idno", "LENG", "ESP Electricity"],
      [26, "idno", "GUCL", "Energetics Electricity (Last Mile)"],
      [27, "idno", "ETCL", "The Electricity Network Company"],
      [28, "idno", "EDFI", "UK Power Networks (IDNO)"],
      [29, "idno", "HARL", "Harlaxton Energy Networks"],
      [30, "idno", "PENL", "Leep Electricity Networks"],
      [31, "idno", "UKPD", "UK Power Distribution"],
      [32, "idno", "UDNL", "Energy Assets Networks"],
      [33, "idno", "GGEN", "Eclipse Power Networks"],
      [34, "idno", "MPDL", "Murphy Power Distribution"],
      [35, "idno", "FEAL", "Fulcrum Electricity Assets"],
      [36, "idno", "VATT", "Vattenfall Networks"],
      [37, "idno", "FORB", "Optimal Power Networks"],
      [38, "idno", "INDI", "Indigo Power"],
    ] as const
  ).map(([id, kind, mpid, name]) => Object.freeze({ id, kind, mpid, name })),
);

const DISTRIBUTORS_BY_ID: ReadonlyMap<number, MpanDistributor> = new Map(MPAN_DISTRIBUTORS.map((d) => [d.id, d]));

/** The distributor with this id, or undefined when no such id has been issued. */
export function mpanDistributor(id: number): MpanDistributor | undefined {
  return DISTRIBUTORS_BY_ID.get(id);
}

/** The 14 DNO licence areas of Great Britain, by distributor id (IDNOs are in MPAN_DISTRIBUTORS). */
export const MPAN_DISTRIBUTOR_REGIONS: Readonly<Record<number, string>> = Object.freeze(
  Object.fromEntries(MPAN_DISTRIBUTORS.filter((d) => d.kind === "dno").map((d) => [d.id, d.name])),
);

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
  unknown_distributor: "An MPAN starts with the number of the network it is on, and no network in Great Britain has that number.",
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
  const distributor = DISTRIBUTORS_BY_ID.get(distributorId);
  if (!distributor) return invalid("unknown_distributor");
  const checkDigit = Number(core[12]);
  if (mpanCheckDigit(core.slice(0, 12)) !== checkDigit) return invalid("bad_check_digit");
  const parsed: ParsedMpan = {
    ok: true,
    format: full ? "full" : "core",
    core,
    distributorId,
    network: { kind: distributor.kind, name: distributor.name },
    uniqueId: core.slice(2, 12),
    checkDigit,
  };
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
