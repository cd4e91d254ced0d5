import { describe, expect, it } from "vitest";
import { AXLE_PROPOSITIONS, OnflexError, SANDBOX, createSandboxApi, isValidMpan } from "@onflex/core";
import type { EligibilityResult, OnboardingApi } from "@onflex/core";
import { rejection } from "./rejection.js";

const fixedClock = () => new Date("2026-11-21T09:30:00.000Z");

async function firstMeters(api: OnboardingApi, postcode: string) {
  const { addresses } = await api.addresses.search({ postcode });
  const first = addresses[0];
  if (!first) throw new Error(`No addresses at ${postcode}`);
  return (await api.meters.byAddress({ addressId: first.id })).meters;
}

function proposition(result: EligibilityResult, id: string) {
  const found = result.propositions.find((p) => p.proposition === id);
  if (!found) throw new Error(`No ${id} in the result`);
  return { isEligible: found.isEligible, codes: found.issues.map((i) => i.code) };
}

describe("sandbox addresses", () => {
  it("happy: normalises the postcode, returns 3–12 addresses with one import MPAN each", async () => {
    const api = createSandboxApi();
    const result = await api.addresses.search({ postcode: "sw1a1aa" });
    expect(result.postcode).toBe(SANDBOX.postcodes.happy);
    expect(result.addresses.length).toBeGreaterThanOrEqual(3);
    expect(result.addresses.length).toBeLessThanOrEqual(12);
    for (const address of result.addresses) {
      expect(address.postcode).toBe("SW1A 1AA");
      const { meters } = await api.meters.byAddress({ addressId: address.id });
      expect(meters).toHaveLength(1);
      expect(meters[0]).toMatchObject({ direction: "import", halfHourlySettled: true });
      expect(isValidMpan(meters[0]?.mpan)).toBe(true);
    }
  });

  it("is deterministic per postcode and seed, and the seed changes the data", async () => {
    const a = await createSandboxApi({ seed: 7 }).addresses.search({ postcode: "N1 9GU" });
    const b = await createSandboxApi({ seed: 7 }).addresses.search({ postcode: "n19gu" });
    const c = await createSandboxApi({ seed: 8 }).addresses.search({ postcode: "N1 9GU" });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const counts = new Set<number>();
    for (const postcode of ["N1 9GU", "OX1 2JD", "BS1 5TR", "YO1 7HH", "PL1 2AA", "NE1 4ST", "DE1 1AA", "TR1 2HE"]) {
      const { addresses } = await createSandboxApi().addresses.search({ postcode });
      counts.add(addresses.length);
      expect(addresses.length).toBeGreaterThanOrEqual(3);
      expect(addresses.length).toBeLessThanOrEqual(12);
    }
    expect(counts.size).toBeGreaterThan(1);
  });

  it("noAddresses: zero addresses", async () => {
    const result = await createSandboxApi().addresses.search({ postcode: SANDBOX.postcodes.noAddresses });
    expect(result).toEqual({ postcode: "E1 6AN", addresses: [] });
  });

  it("twoMeters: the first address has an import and an export meter, the others one", async () => {
    const api = createSandboxApi();
    const meters = await firstMeters(api, SANDBOX.postcodes.twoMeters);
    expect(meters.map((m) => m.direction)).toEqual(["import", "export"]);
    expect(new Set(meters.map((m) => m.mpan)).size).toBe(2);
    const { addresses } = await api.addresses.search({ postcode: SANDBOX.postcodes.twoMeters });
    expect((await api.meters.byAddress({ addressId: addresses[1]?.id ?? "" })).meters).toHaveLength(1);
    // Looking the export MPAN up directly tells the same story.
    expect((await api.meters.byMpan({ mpan: meters[1]?.mpan ?? "" })).direction).toBe("export");
  });

  it("meterNotFound: the first address has no meters; a typed MPAN then resolves", async () => {
    const api = createSandboxApi();
    expect(await firstMeters(api, SANDBOX.postcodes.meterNotFound)).toEqual([]);
    const meter = await api.meters.byMpan({ mpan: SANDBOX.mpans.domestic });
    expect(meter).toMatchObject({ mpan: SANDBOX.mpans.domestic, direction: "import", halfHourlySettled: true });
  });

  it("failsOnce: fails once per instance with a retryable upstream error, then works", async () => {
    const api = createSandboxApi();
    const error = await rejection(api.addresses.search({ postcode: SANDBOX.postcodes.failsOnce }));
    expect(error).toMatchObject({ code: "upstream", retryable: true });
    expect((await api.addresses.search({ postcode: SANDBOX.postcodes.failsOnce })).addresses.length).toBeGreaterThan(2);
    expect((await api.addresses.search({ postcode: "b11aa" })).postcode).toBe("B1 1AA");
    // A fresh instance fails once again.
    await expect(createSandboxApi().addresses.search({ postcode: SANDBOX.postcodes.failsOnce })).rejects.toMatchObject({ code: "upstream" });
  });

  it("malformed: invalid_response, every time, and the instance stays usable", async () => {
    const api = createSandboxApi();
    for (let i = 0; i < 2; i++) {
      const error = await rejection(api.addresses.search({ postcode: SANDBOX.postcodes.malformed }));
      expect(error.code).toBe("invalid_response");
      expect(error.details["issues"]).toBeInstanceOf(Array);
    }
    expect((await api.addresses.search({ postcode: SANDBOX.postcodes.happy })).addresses.length).toBeGreaterThan(2);
  });

  it("rejects a bad postcode with a validation error naming the reason", async () => {
    const error = await rejection(createSandboxApi().addresses.search({ postcode: "SW1A 1CA" }));
    expect(error.code).toBe("validation");
    expect(error.retryable).toBe(false);
    expect(error.details["issues"]).toEqual([expect.objectContaining({ path: "postcode", reason: "bad_inward_code" })]);
  });

  it("an unknown address id is not_found", async () => {
    const api = createSandboxApi();
    await expect(api.meters.byAddress({ addressId: "nope" })).rejects.toMatchObject({ code: "not_found" });
    await expect(api.meters.byAddress({ addressId: "sbx-SW1A1AA-99" })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("sandbox meters by MPAN", () => {
  it("unknown: not_found", async () => {
    await expect(createSandboxApi().meters.byMpan({ mpan: SANDBOX.mpans.unknown })).rejects.toMatchObject({ code: "not_found" });
  });

  it("any other valid core: a generated import meter; an invalid one: validation", async () => {
    const api = createSandboxApi();
    expect(await api.meters.byMpan({ mpan: "2300000000000" })).toMatchObject({ mpan: "2300000000000", direction: "import" });
    const error = await rejection(api.meters.byMpan({ mpan: "1012345678904" }));
    expect(error).toMatchObject({ code: "validation" });
    expect(error.details["issues"]).toEqual([expect.objectContaining({ reason: "bad_check_digit" })]);
  });

  it("idno: a meter on an independent network resolves and is checked like any other", async () => {
    const api = createSandboxApi();
    expect(await api.meters.byMpan({ mpan: SANDBOX.mpans.idno })).toMatchObject({ mpan: SANDBOX.mpans.idno, direction: "import", halfHourlySettled: true });
    const result = await api.eligibility.check({ mpan: SANDBOX.mpans.idno, assetModel: SANDBOX.assetModels.qualified });
    expect(result.propositions.every((p) => p.isEligible)).toBe(true);
  });

  it("every documented MPAN fixture has a valid check digit", () => {
    for (const mpan of Object.values(SANDBOX.mpans)) expect(isValidMpan(mpan)).toBe(true);
  });
});

describe("sandbox eligibility", () => {
  const api = createSandboxApi({ clock: fixedClock });
  const smart = AXLE_PROPOSITIONS.smartCharging;
  const lite = AXLE_PROPOSITIONS.flexLite;

  it("qualified charger on a domestic HH meter: both eligible, stamped with the clock", async () => {
    const [meter] = await firstMeters(api, SANDBOX.postcodes.happy);
    const result = await api.eligibility.check({ mpan: meter?.mpan ?? "", assetModel: SANDBOX.assetModels.qualified });
    expect(result.checkedAt).toBe("2026-11-21T09:30:00.000Z");
    expect(result.isHalfHourlySettled).toBe(true);
    expect(proposition(result, smart)).toEqual({ isEligible: true, codes: [] });
    expect(proposition(result, lite)).toEqual({ isEligible: true, codes: [] });
  });

  it.each([
    [SANDBOX.assetModels.notQualified, "asset_model_not_cop11_qualified"],
    [SANDBOX.assetModels.unknown, "asset_model_not_found"],
    ["Some Other Charger", "asset_model_not_found"],
    [undefined, "asset_model_not_set"],
  ])("asset model %j: Smart Charging ineligible with %s, Flex Lite unaffected", async (assetModel, code) => {
    const result = await api.eligibility.check({ mpan: SANDBOX.mpans.domestic, ...(assetModel === undefined ? {} : { assetModel }) });
    expect(proposition(result, smart)).toEqual({ isEligible: false, codes: [code] });
    expect(proposition(result, lite)).toEqual({ isEligible: true, codes: [] });
  });

  it("matches the qualified model regardless of case and spacing", async () => {
    const result = await api.eligibility.check({ mpan: SANDBOX.mpans.domestic, assetModel: "  MyEnergi Zappi V2 " });
    expect(proposition(result, smart).isEligible).toBe(true);
  });

  it("nonDomestic: both ineligible with non_domestic_site", async () => {
    const [meter] = await firstMeters(api, SANDBOX.postcodes.nonDomestic);
    const result = await api.eligibility.check({ mpan: meter?.mpan ?? "", assetModel: SANDBOX.assetModels.qualified });
    expect(proposition(result, smart)).toEqual({ isEligible: false, codes: ["non_domestic_site"] });
    expect(proposition(result, lite)).toEqual({ isEligible: false, codes: ["non_domestic_site"] });
    expect(await api.eligibility.check({ mpan: SANDBOX.mpans.nonDomestic })).toMatchObject({ propositions: [{ isEligible: false }, { isEligible: false }] });
  });

  it("notSmart: not half-hourly settled; Smart Charging not_market_qualified, Flex Lite eligible", async () => {
    const [meter] = await firstMeters(api, SANDBOX.postcodes.notSmart);
    expect(meter?.halfHourlySettled).toBe(false);
    const result = await api.eligibility.check({ mpan: meter?.mpan ?? "", assetModel: SANDBOX.assetModels.qualified });
    expect(result.isHalfHourlySettled).toBe(false);
    expect(proposition(result, smart)).toEqual({ isEligible: false, codes: ["not_market_qualified"] });
    expect(proposition(result, lite)).toEqual({ isEligible: true, codes: [] });
  });

  it("unknown MPAN: not_found", async () => {
    await expect(api.eligibility.check({ mpan: SANDBOX.mpans.unknown })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("sandbox terms and consent", () => {
  it("serves terms with the documented versions, not_found for other propositions", async () => {
    const api = createSandboxApi();
    expect(await api.consents.terms({ proposition: AXLE_PROPOSITIONS.smartCharging })).toMatchObject({ version: "smart-charging-2026-09" });
    expect(await api.consents.terms({ proposition: AXLE_PROPOSITIONS.flexLite })).toMatchObject({ version: "flex-lite-2026-06" });
    await expect(api.consents.terms({ proposition: "vpp_limited_control" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("records consent in memory with the server time, and replays a repeat with the same idempotency key", async () => {
    const api = createSandboxApi({ clock: fixedClock });
    const input = {
      mpan: SANDBOX.mpans.domestic,
      proposition: AXLE_PROPOSITIONS.flexLite,
      termsVersion: SANDBOX.terms.limited_pause,
      givenAt: "2026-11-21T09:29:00.000Z",
    };
    const first = await api.consents.record(input, { idempotencyKey: "k1" });
    expect(first).toMatchObject({ ...input, recordedAt: "2026-11-21T09:30:00.000Z" });
    expect(await api.consents.record(input, { idempotencyKey: "k1" })).toEqual(first);
    expect(api.simulation.consentRecords()).toEqual([first]);
    await expect(api.consents.record({ ...input, givenAt: "2026-11-21T09:29:30.000Z" }, { idempotencyKey: "k1" })).rejects.toMatchObject({ code: "conflict" });
    const second = await api.consents.record(input);
    expect(second.id).not.toBe(first.id);
    expect(api.simulation.consentRecords()).toHaveLength(2);
  });

  it("refuses an outdated terms version (conflict, with the current one) and a bad timestamp (validation)", async () => {
    const api = createSandboxApi();
    const input = { mpan: SANDBOX.mpans.domestic, proposition: AXLE_PROPOSITIONS.smartCharging, givenAt: "2026-11-21T09:29:00.000Z" };
    const error = await rejection(api.consents.record({ ...input, termsVersion: "smart-charging-2025-01" }));
    expect(error).toMatchObject({ code: "conflict", details: { currentVersion: "smart-charging-2026-09" } });
    await expect(api.consents.record({ ...input, termsVersion: "smart-charging-2026-09", givenAt: "yesterday" })).rejects.toMatchObject({ code: "validation" });
    expect(api.simulation.consentRecords()).toEqual([]);
  });
});

describe("sandbox lookups never reach Object.prototype", () => {
  const inherited = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];

  it.each(inherited)("terms for %j: not_found", async (proposition) => {
    const error = await rejection(createSandboxApi().consents.terms({ proposition }));
    expect(error).toMatchObject({ code: "not_found", details: { proposition } });
  });

  it.each(inherited)("consent for %j: not_found, nothing recorded", async (proposition) => {
    const api = createSandboxApi();
    const input = { mpan: SANDBOX.mpans.domestic, proposition, termsVersion: "v1", givenAt: "2026-11-21T09:29:00.000Z" };
    await expect(api.consents.record(input)).rejects.toMatchObject({ code: "not_found" });
    expect(api.simulation.consentRecords()).toEqual([]);
  });
});

describe("sandbox latency", () => {
  it("waits the configured latency", async () => {
    const api = createSandboxApi({ latency: 60 });
    const started = performance.now();
    await api.consents.terms({ proposition: AXLE_PROPOSITIONS.flexLite });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("rejects promptly with an OnflexError when the signal aborts, and before starting if already aborted", async () => {
    const api = createSandboxApi({ latency: 5_000 });
    const controller = new AbortController();
    const started = performance.now();
    const pending = api.addresses.search({ postcode: SANDBOX.postcodes.happy }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ code: "network", details: { aborted: true } });
    await expect(createSandboxApi().meters.byMpan({ mpan: SANDBOX.mpans.domestic }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(OnflexError);
  });
});
