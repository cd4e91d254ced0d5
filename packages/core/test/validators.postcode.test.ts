import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SANDBOX, UkPostcode, isValidUkPostcode, normaliseUkPostcode, parseUkPostcode } from "@onflex/core";

const AREA1 = "ABCDEFGHIJKLMNOPRSTUWYZ"; // first letter: never Q, V, X
const AREA2 = "ABCDEFGHKLMNOPQRSTUVWXY"; // second letter: never I, J, Z
const A9A = "ABCDEFGHJKPSTUW";
const AA9A = "ABEHMNPRVWXY";
const UNIT = "ABDEFGHJLNPQRSTUWXYZ"; // never C, I, K, M, O, V
const letter = (set: string) => fc.constantFrom(...set.split(""));
const digit = fc.integer({ min: 0, max: 9 }).map(String);

const outward = fc.oneof(
  fc.tuple(letter(AREA1), digit).map((p) => p.join("")),
  fc.tuple(letter(AREA1), digit, digit).map((p) => p.join("")),
  fc.tuple(letter(AREA1), letter(AREA2), digit).map((p) => p.join("")),
  fc.tuple(letter(AREA1), letter(AREA2), digit, digit).map((p) => p.join("")),
  fc.tuple(letter(AREA1), digit, letter(A9A)).map((p) => p.join("")),
  fc.tuple(letter(AREA1), letter(AREA2), digit, letter(AA9A)).map((p) => p.join("")),
);
const postcode = fc.tuple(outward, digit, letter(UNIT), letter(UNIT)).map(([o, s, u1, u2]) => `${o} ${s}${u1}${u2}`);

describe("parseUkPostcode (known answers)", () => {
  it.each([
    ["sw1a1aa", "SW1A 1AA", "SW1A", "1AA", "SW"],
    ["  m1 1ae ", "M1 1AE", "M1", "1AE", "M"],
    ["CF101EP", "CF10 1EP", "CF10", "1EP", "CF"],
    ["ec2v   7hh", "EC2V 7HH", "EC2V", "7HH", "EC"],
    ["W1A 0AX", "W1A 0AX", "W1A", "0AX", "W"],
    ["gir 0aa", "GIR 0AA", "GIR", "0AA", "GIR"],
  ])("%j → %s", (input, normalised, out, inward, area) => {
    expect(parseUkPostcode(input)).toEqual({ ok: true, postcode: normalised, outward: out, inward, area });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["SW1A-1AA", "invalid_characters"],
    ["SW1A 1AÅ", "invalid_characters"],
    ["SW1", "too_short"],
    ["M1 1A", "too_short"],
    ["SW1A 1AAA", "too_long"],
    ["QW1 1AA", "bad_outward_code"], // Q never starts a postcode
    ["SZ1 1AA", "bad_outward_code"], // Z never comes second
    ["1W1 1AA", "bad_outward_code"],
    ["SW1I 1AA", "bad_outward_code"], // I is not a valid AA9A suffix
    ["SW1A AAA", "bad_inward_code"],
    ["SW1A 1CA", "bad_inward_code"], // C is never in the unit
  ])("%j is invalid: %s", (input, reason) => {
    const result = parseUkPostcode(input);
    expect(result).toMatchObject({ ok: false, reason });
    expect(isValidUkPostcode(input)).toBe(false);
    expect(normaliseUkPostcode(input)).toBeUndefined();
  });

  it("accepts every sandbox postcode", () => {
    for (const value of Object.values(SANDBOX.postcodes)) expect(normaliseUkPostcode(value)).toBe(value);
  });
});

describe("postcode properties", () => {
  it("every well-formed postcode parses, in any case and spacing, to the same normal form", () => {
    fc.assert(
      fc.property(postcode, fc.boolean(), fc.constantFrom("", " ", "  "), (value, lower, gap) => {
        const typed = (lower ? value.toLowerCase() : value).replace(" ", gap);
        expect(normaliseUkPostcode(typed)).toBe(value);
        expect(normaliseUkPostcode(value)).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });

  it("random input never throws, and whatever parses is in normal form", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("A", "Q", "1", "9", " ", "z", "-") }), fc.anything()), (input) => {
        const result = parseUkPostcode(input);
        if (result.ok) expect(result.postcode).toMatch(/^[A-Z][A-Z0-9]{1,3} \d[A-Z]{2}$/);
        else expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("UkPostcode schema", () => {
  it("uses the validator and carries its reason", () => {
    expect(UkPostcode.safeParse(" sw1a 1aa ").success).toBe(true);
    const result = UkPostcode.safeParse("SW1A 1CA");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: "custom", params: { reason: "bad_inward_code" } });
  });
});
