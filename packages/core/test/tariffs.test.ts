import fc from "fast-check";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX, Tariff, TariffOffer, createHttpApi, createSandboxApi, tariffBandsCoverDay } from "@onflex/core";
import type { RegisteredDevice, SandboxApi } from "@onflex/core";
import { createSandboxHandlers } from "@onflex/core/msw";
import { rejection } from "./rejection.js";

const START = Date.parse("2026-11-21T09:30:00.000Z");

function sandboxAt(start = START) {
  let now = start;
  const api = createSandboxApi({ clock: () => new Date(now) });
  return { api, advance: (ms: number) => (now += ms) };
}

async function registered(api: SandboxApi): Promise<RegisteredDevice> {
  const { vehicle } = SANDBOX.devices.carPreferred;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: vehicle.make, model: vehicle.model, provider: "TESLA" });
}

describe("tariff bands", () => {
  it("accept bands that cover the day exactly once, wrapping past midnight", () => {
    expect(tariffBandsCoverDay([{ start: "23:30", end: "05:30" }, { start: "05:30", end: "23:30" }])).toBe(true);
    expect(tariffBandsCoverDay([{ start: "00:00", end: "00:00" }])).toBe(true);
    expect(tariffBandsCoverDay([{ start: "00:00", end: "12:00" }])).toBe(false);
    expect(tariffBandsCoverDay([{ start: "00:00", end: "13:00" }, { start: "12:00", end: "00:00" }])).toBe(false);
  });

  it("any split of the day at sorted distinct minutes covers it; dropping one band never does", () => {
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 2, maxLength: 8 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const bands = sorted.map((start, i) => ({ start: hhmm(start), end: hhmm(sorted[(i + 1) % sorted.length] ?? 0) }));
        expect(tariffBandsCoverDay(bands)).toBe(true);
        expect(tariffBandsCoverDay(bands.slice(1))).toBe(false);
        expect(tariffBandsCoverDay([...bands, bands[0]!])).toBe(false);
      }),
    );
  });

  it("a tariff keeps its amounts as exact decimal strings and refuses floats, negatives and bad bands", () => {
    const tariff = {
      code: "T1",
      displayName: "T",
      supplier: "S",
      currency: "GBP",
      unitRates: [{ kind: "STANDARD", start: "00:00", end: "00:00", unitRate: "24.4965" }],
      standingCharge: "53.35",
      exitFees: [],
      contractMonths: null,
    };
    expect(Tariff.parse(tariff).unitRates[0]?.unitRate).toBe("24.4965");
    expect(Tariff.safeParse({ ...tariff, standingCharge: 53.35 }).success).toBe(false);
    expect(Tariff.safeParse({ ...tariff, standingCharge: "-1" }).success).toBe(false);
    expect(Tariff.safeParse({ ...tariff, standingCharge: "1.23456" }).success).toBe(false);
    expect(Tariff.safeParse({ ...tariff, currency: "pounds" }).success).toBe(false);
    expect(Tariff.safeParse({ ...tariff, unitRates: [{ kind: "STANDARD", start: "00:00", end: "23:00", unitRate: "1" }] }).success).toBe(false);
    expect(Tariff.safeParse({ ...tariff, unitRates: [{ kind: "STANDARD", start: "24:00", end: "00:00", unitRate: "1" }] }).success).toBe(false);
  });
});

describe("tariffs against the sandbox's simulated supplier", () => {
  it("offers the EV overnight tariff by default, for an ONBOARDING device waiting on its test charge", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const offer = await api.tariffs.offer({ deviceId: device.deviceId });
    expect(offer).toMatchObject({ deviceId: device.deviceId, waitsForTestCharge: true, expiresAt: "2026-11-21T10:00:00.000Z" });
    expect(offer.tariff).toMatchObject({ code: SANDBOX.tariffs.evOvernight, currency: "GBP", standingCharge: "48.79", exitFees: [], contractMonths: null });
    expect(offer.tariff.unitRates).toEqual([
      { kind: "OFF_PEAK", start: "23:30", end: "05:30", unitRate: "7.00" },
      { kind: "STANDARD", start: "05:30", end: "23:30", unitRate: "24.50" },
    ]);
  });

  it("a switch accepted before the test charge stays PENDING_TEST_CHARGE, and completes once the device is PENDING_LIVE", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const offer = await api.tariffs.offer({ deviceId: device.deviceId });
    const accepted = await api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId }, { idempotencyKey: "k1" });
    expect(accepted).toMatchObject({ status: "PENDING_TEST_CHARGE", effectiveDate: null, decidedAt: "2026-11-21T09:30:00.000Z", tariff: offer.tariff });
    // A failed test charge leaves it waiting (the user may try the test again).
    api.simulation.setDeviceStatus(device.deviceId, "FAILED_ONBOARDING_TEST");
    expect((await api.tariffs.switchStatus({ deviceId: device.deviceId })).status).toBe("PENDING_TEST_CHARGE");
    api.simulation.setDeviceStatus(device.deviceId, "PENDING_LIVE");
    expect(await api.tariffs.switchStatus({ deviceId: device.deviceId })).toMatchObject({ status: "COMPLETE", effectiveDate: "2026-11-21", switchId: accepted.switchId });
    // A retry with the same key is the same switch, as it stands now.
    expect(await api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId }, { idempotencyKey: "k1" })).toMatchObject({ switchId: accepted.switchId, status: "COMPLETE" });
    expect(api.simulation.tariffSwitches()).toHaveLength(1);
  });

  it("a fixed tariff accepted for a LIVE device is SCHEDULED for the next day and COMPLETE from then; its exit fee is in pence", async () => {
    const { api, advance } = sandboxAt();
    const device = await registered(api);
    api.simulation.setDeviceStatus(device.deviceId, "LIVE");
    const offer = await api.tariffs.offer({ deviceId: device.deviceId, tariffCode: SANDBOX.tariffs.fixedWithExitFees });
    expect(offer.waitsForTestCharge).toBe(false);
    expect(offer.tariff.exitFees).toEqual([{ fuel: "ELECTRICITY", amount: "7500" }]);
    const accepted = await api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId });
    expect(accepted).toMatchObject({ status: "SCHEDULED", effectiveDate: "2026-11-22" });
    advance(24 * 60 * 60_000);
    expect((await api.tariffs.switchStatus({ deviceId: device.deviceId })).status).toBe("COMPLETE");
  });

  it("declines, again the same; accepting a declined offer, or declining an accepted one, is a conflict", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const offer = await api.tariffs.offer({ deviceId: device.deviceId, tariffCode: SANDBOX.tariffs.threeRate });
    const declined = await api.tariffs.decline({ deviceId: device.deviceId, offerId: offer.offerId });
    expect(declined).toMatchObject({ status: "DECLINED", effectiveDate: null });
    expect(await api.tariffs.decline({ deviceId: device.deviceId, offerId: offer.offerId })).toEqual(declined);
    expect(await rejection(api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId }))).toMatchObject({ code: "conflict", details: { reason: "already_decided" } });
    const other = await api.tariffs.offer({ deviceId: device.deviceId });
    await api.tariffs.accept({ deviceId: device.deviceId, offerId: other.offerId });
    expect(await rejection(api.tariffs.decline({ deviceId: device.deviceId, offerId: other.offerId }))).toMatchObject({ code: "conflict", details: { reason: "already_decided" } });
  });

  it("expiresOnce: the first offer has expired when accepted (conflict offer_expired); the next one is accepted", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const first = await api.tariffs.offer({ deviceId: device.deviceId, tariffCode: SANDBOX.tariffs.expiresOnce });
    expect(await rejection(api.tariffs.accept({ deviceId: device.deviceId, offerId: first.offerId }))).toMatchObject({ code: "conflict", retryable: false, details: { reason: "offer_expired" } });
    const second = await api.tariffs.offer({ deviceId: device.deviceId, tariffCode: SANDBOX.tariffs.expiresOnce });
    expect((await api.tariffs.accept({ deviceId: device.deviceId, offerId: second.offerId })).status).toBe("PENDING_TEST_CHARGE");
  });

  it("refuses what it cannot answer, each with a clear code", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    expect((await rejection(api.tariffs.offer({ deviceId: "sbx-device-404" }))).code).toBe("not_found");
    expect((await rejection(api.tariffs.offer({ deviceId: device.deviceId, tariffCode: "NO-SUCH-TARIFF" }))).code).toBe("not_found");
    expect((await rejection(api.tariffs.offer({ deviceId: device.deviceId, tariffCode: "constructor" }))).code).toBe("not_found");
    expect((await rejection(api.tariffs.offer({ deviceId: device.deviceId, tariffCode: "<script>" }))).code).toBe("validation");
    expect((await rejection(api.tariffs.offer({ deviceId: device.deviceId, tariffCode: SANDBOX.tariffs.garbled }))).code).toBe("invalid_response");
    expect((await rejection(api.tariffs.switchStatus({ deviceId: device.deviceId }))).code).toBe("not_found");
    expect((await rejection(api.tariffs.accept({ deviceId: device.deviceId, offerId: "sbx-offer-999" }))).code).toBe("not_found");
    // Another device's offer is not this device's.
    const offer = await api.tariffs.offer({ deviceId: device.deviceId });
    const second = await registered(api);
    expect((await rejection(api.tariffs.accept({ deviceId: second.deviceId, offerId: offer.offerId }))).code).toBe("not_found");
    api.simulation.setDeviceStatus(second.deviceId, "RETIRED");
    expect(await rejection(api.tariffs.offer({ deviceId: second.deviceId }))).toMatchObject({ code: "conflict", details: { reason: "device_retired" } });
    expect(() => api.simulation.setDeviceStatus("sbx-device-404", "LIVE")).toThrow(/no such device/);
  });
});

describe("tariffs over HTTP (MSW + createHttpApi)", () => {
  const baseUrl = "https://api.onflex.test/onflex";
  let sandbox = createSandboxApi({ clock: () => new Date(START) });
  const server = setupServer(...createSandboxHandlers(new Proxy({} as SandboxApi, { get: (_, group) => sandbox[group as keyof SandboxApi] }), { baseUrl }));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    sandbox = createSandboxApi({ clock: () => new Date(START) });
  });
  afterAll(() => server.close());
  const client = () => createHttpApi({ baseUrl, backoff: { baseMs: 1, maxMs: 5 } });

  it("offer → accept (with an Idempotency-Key) → pending → complete, and decline, over the wire", async () => {
    const api = client();
    const device = await registered(sandbox);
    const offer = await api.tariffs.offer({ deviceId: device.deviceId, tariffCode: SANDBOX.tariffs.fixedWithExitFees });
    expect(TariffOffer.parse(offer).tariff.unitRates[1]?.unitRate).toBe("25.6725");
    const accepted = await api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId });
    expect(accepted.status).toBe("PENDING_TEST_CHARGE");
    sandbox.simulation.setDeviceStatus(device.deviceId, "LIVE");
    expect(await api.tariffs.switchStatus({ deviceId: device.deviceId })).toMatchObject({ status: "SCHEDULED", effectiveDate: "2026-11-22" });
    const again = await api.tariffs.offer({ deviceId: device.deviceId });
    expect((await api.tariffs.decline({ deviceId: device.deviceId, offerId: again.offerId })).status).toBe("DECLINED");
    expect((await rejection(api.tariffs.accept({ deviceId: device.deviceId, offerId: again.offerId }))).code).toBe("conflict");
  });

  it("a garbled offer is invalid_response, an unknown device 404 → not_found", async () => {
    const api = client();
    const device = await registered(sandbox);
    expect((await rejection(api.tariffs.offer({ deviceId: device.deviceId, tariffCode: SANDBOX.tariffs.garbled }))).code).toBe("invalid_response");
    expect((await rejection(api.tariffs.switchStatus({ deviceId: "sbx-device-404" }))).code).toBe("not_found");
    server.use(http.get(`${baseUrl}/v1/devices/:id/tariff-offer`, () => HttpResponse.json({ offerId: "x", tariff: { code: "T", unitRates: [{ unitRate: 7.5 }] } })));
    expect((await rejection(api.tariffs.offer({ deviceId: device.deviceId }))).code).toBe("invalid_response");
  });
});
