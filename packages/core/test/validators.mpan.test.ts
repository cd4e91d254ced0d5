import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MPAN_DISTRIBUTORS, MPAN_DISTRIBUTOR_REGIONS, isValidMpan, mpanCheckDigit, mpanDistributor, parseMpan } from "@onflex/core";

const PRIMES = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43];
const remainder = (first12: string) => [...first12].reduce((sum, d, i) => sum + Number(d) * (PRIMES[i] ?? 0), 0) % 11;

const ISSUED = MPAN_DISTRIBUTORS.map((d) => d.id);
const UNISSUED = Array.from({ length: 100 }, (_, id) => id).filter((id) => !ISSUED.includes(id));
const uniqueId = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }).map((digits) => digits.join(""));
const withCheckDigit = (distributor: number, unique: string) => {
  const first12 = `${String(distributor).padStart(2, "0")}${unique}`;
  return first12 + mpanCheckDigit(first12);
};

const validCore = fc.tuple(fc.constantFrom(...ISSUED), uniqueId).map(([distributor, unique]) => withCheckDigit(distributor, unique));

describe("mpanCheckDigit (known answers worked by hand)", () => {
  it("1012345678903: digits × primes sum to 1334; 1334 mod 11 = 3; 3 mod 10 = 3", () => {
    // 1×3 + 0×5 + 1×7 + 2×13 + 3×17 + 4×19 + 5×23 + 6×29 + 7×31 + 8×37 + 9×41 + 0×43
    // = 3 + 0 + 7 + 26 + 51 + 76 + 115 + 174 + 217 + 296 + 369 + 0 = 1334 = 11×121 + 3
    expect(mpanCheckDigit("101234567890")).toBe(3);
    expect(parseMpan("1012345678903")).toMatchObject({
      ok: true,
      core: "1012345678903",
      distributorId: 10,
      network: { kind: "dno", name: "Eastern England" },
      uniqueId: "1234567890",
      checkDigit: 3,
    });
  });

  it("1200000000002: 1×3 + 2×5 = 13; 13 mod 11 = 2", () => {
    expect(mpanCheckDigit("120000000000")).toBe(2);
    expect(isValidMpan("1200000000002")).toBe(true);
  });

  it("2300000000000: 2×3 + 3×5 = 21; 21 mod 11 = 10; 10 mod 10 = 0", () => {
    expect(mpanCheckDigit("230000000000")).toBe(0);
    expect(isValidMpan("2300000000000")).toBe(true);
  });

  it("refuses anything but 12 digits, since that is a programming error", () => {
    expect(() => mpanCheckDigit("12345")).toThrow(RangeError);
    expect(() => mpanCheckDigit("12345678901a")).toThrow(RangeError);
  });
});

describe("parseMpan", () => {
  it("reads a full 21-digit MPAN's top line and core", () => {
    expect(parseMpan("00 801 100 1012345678903")).toEqual({
      ok: true,
      format: "full",
      core: "1012345678903",
      distributorId: 10,
      network: { kind: "dno", name: "Eastern England" },
      uniqueId: "1234567890",
      checkDigit: 3,
      profileClass: "00",
      meterTimeSwitchCode: "801",
      lineLossFactorClass: "100",
    });
  });

  it("accepts the spacing and dashes people copy from a bill", () => {
    expect(parseMpan(" 10 1234 5678 903 ")).toMatchObject({ ok: true, core: "1012345678903" });
    expect(parseMpan("10-1234-5678-903")).toMatchObject({ ok: true, core: "1012345678903" });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["10123456789O3", "not_digits"],
    ["MPAN 1012345678903", "not_digits"],
    ["101234567890", "wrong_length"],
    ["10123456789031", "wrong_length"],
    ["0080110010123456789031", "wrong_length"],
    ["098011001012345678903", "bad_profile_class"],
    ["0900000000002", "unknown_distributor"],
    ["3900000000000", "unknown_distributor"],
    ["9900000000000", "unknown_distributor"],
    ["2400000000000", "bad_check_digit"],
    ["1012345678904", "bad_check_digit"],
    ["008011001012345678904", "bad_check_digit"],
  ])("%j is invalid: %s", (input, reason) => {
    const result = parseMpan(input);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok ? "" : result.message).not.toBe("");
    expect(isValidMpan(input)).toBe(false);
  });

  it("reports empty for values that are not strings", () => {
    expect(parseMpan(undefined)).toMatchObject({ ok: false, reason: "empty" });
    expect(parseMpan(1012345678903)).toMatchObject({ ok: false, reason: "empty" });
  });

  it("knows all fourteen DNO areas, 10 to 23", () => {
    expect(Object.keys(MPAN_DISTRIBUTOR_REGIONS).map(Number)).toEqual(Array.from({ length: 14 }, (_, i) => 10 + i));
  });

  it("IDNO MPANs parse and name their network (new-build estates)", () => {
    // 2×3 + 4×5 = 26; 26 mod 11 = 4
    expect(mpanCheckDigit("240000000000")).toBe(4);
    expect(parseMpan("2400000000004")).toMatchObject({ ok: true, distributorId: 24, network: { kind: "idno", name: "Independent Power Networks" } });
    expect(parseMpan("01 801 100 3812345678905")).toMatchObject({ ok: true, format: "full", core: "3812345678905", network: { kind: "idno", name: "Indigo Power" } });
  });
});

describe("MPAN_DISTRIBUTORS", () => {
  it("lists each id once, in order: the 14 DNOs 10–23, then IDNOs 24–38 with no gaps", () => {
    expect(ISSUED).toEqual(Array.from({ length: 29 }, (_, i) => 10 + i));
    expect(MPAN_DISTRIBUTORS.filter((d) => d.kind === "dno").map((d) => d.id)).toEqual(Array.from({ length: 14 }, (_, i) => 10 + i));
    expect(MPAN_DISTRIBUTORS.filter((d) => d.kind === "idno").map((d) => d.id)).toEqual(Array.from({ length: 15 }, (_, i) => 24 + i));
  });

  it("names every network and gives its four-letter market participant id, each once", () => {
    for (const d of MPAN_DISTRIBUTORS) {
      expect(d.name.trim()).not.toBe("");
      expect(d.mpid).toMatch(/^[A-Z]{4}$/);
    }
    expect(new Set(MPAN_DISTRIBUTORS.map((d) => d.mpid)).size).toBe(MPAN_DISTRIBUTORS.length);
    expect(mpanDistributor(38)).toEqual({ id: 38, kind: "idno", mpid: "INDI", name: "Indigo Power" });
    expect(mpanDistributor(12)).toEqual({ id: 12, kind: "dno", mpid: "LOND", name: "London" });
  });

  it("answers undefined for ids that were never issued", () => {
    for (const id of [0, 9, 39, 99, -1, 10.5, Number.NaN]) expect(mpanDistributor(id)).toBeUndefined();
  });

  it("is frozen, so no caller can add a distributor at runtime", () => {
    expect(Object.isFrozen(MPAN_DISTRIBUTORS)).toBe(true);
    expect(MPAN_DISTRIBUTORS.every((d) => Object.isFrozen(d))).toBe(true);
    expect(Object.isFrozen(MPAN_DISTRIBUTOR_REGIONS)).toBe(true);
  });
});

describe("MPAN properties", () => {
  it("any core with its computed check digit is valid", () => {
    fc.assert(
      fc.property(validCore, (core) => {
        const parsed = parseMpan(core);
        expect(parsed).toMatchObject({ ok: true, core, format: "core" });
      }),
    );
  });

  it("every issued distributor id with a correct check digit parses, naming its network", () => {
    fc.assert(
      fc.property(fc.constantFrom(...MPAN_DISTRIBUTORS), uniqueId, (distributor, unique) => {
        const core = withCheckDigit(distributor.id, unique);
        expect(parseMpan(core)).toMatchObject({ ok: true, distributorId: distributor.id, network: { kind: distributor.kind, name: distributor.name } });
      }),
      { numRuns: 500 },
    );
  });

  it("every unissued distributor id fails with unknown_distributor, even with a correct check digit", () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNISSUED), uniqueId, (id, unique) => {
        expect(parseMpan(withCheckDigit(id, unique))).toMatchObject({ ok: false, reason: "unknown_distributor" });
      }),
      { numRuns: 500 },
    );
    // Every unissued id, not only the ones a random run happens to draw.
    for (const id of UNISSUED) expect(parseMpan(withCheckDigit(id, "0000000000"))).toMatchObject({ reason: "unknown_distributor" });
  });

  it("any single-digit change is caught, except a remainder moving between 0 and 10 (both give check digit 0)", () => {
    fc.assert(
      fc.property(validCore, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (core, position, delta) => {
        const digit = (Number(core[position]) + delta) % 10;
        const changed = core.slice(0, position) + digit + core.slice(position + 1);
        const before = remainder(core.slice(0, 12));
        const after = remainder(changed.slice(0, 12));
        const blindSpot = position < 12 && [0, 10].includes(before) && [0, 10].includes(after) && mpanDistributor(Number(changed.slice(0, 2))) !== undefined;
        expect(isValidMpan(changed)).toBe(blindSpot);
      }),
      { numRuns: 2000 },
    );
  });

  it("the blind spot is real: 1000000000030 and 1000000000040 differ in one digit and are both valid", () => {
    // 1×3 + 3×43 = 132 = 12×11 + 0  → 0 mod 10 = 0
    // 1×3 + 4×43 = 175 = 15×11 + 10 → 10 mod 10 = 0
    expect(mpanCheckDigit("100000000003")).toBe(0);
    expect(mpanCheckDigit("100000000004")).toBe(0);
    expect(isValidMpan("1000000000030")).toBe(true);
    expect(isValidMpan("1000000000040")).toBe(true);
  });

  it("random input never throws and always answers ok or a reason", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("0", "1", "2", "9", " ", "-", "a") }), fc.anything()), (input) => {
        const result = parseMpan(input);
        expect(result.ok || typeof result.reason === "string").toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
