import { http, HttpResponse, delay } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AXLE_PROPOSITIONS, OnflexError, SANDBOX, createHttpApi, createSandboxApi } from "@onflex/core";
import { createSandboxHandlers } from "@onflex/core/msw";

const baseUrl = "https://api.onflex.test/onflex";
let sandbox = createSandboxApi({ clock: () => new Date("2026-11-21T09:30:00.000Z") });
// The handlers call through this indirection so each test can start from a fresh sandbox.
const server = setupServer(
  ...createSandboxHandlers(
    {
      addresses: { search: (i, o) => sandbox.addresses.search(i, o) },
      meters: { byAddress: (i, o) => sandbox.meters.byAddress(i, o), byMpan: (i, o) => sandbox.meters.byMpan(i, o) },
      eligibility: { check: (i, o) => sandbox.eligibility.check(i, o) },
      consents: { terms: (i, o) => sandbox.consents.terms(i, o), record: (i, o) => sandbox.consents.record(i, o) },
      wizard: {
        start: (i, o) => sandbox.wizard.start(i, o),
        get: (i, o) => sandbox.wizard.get(i, o),
        answer: (i, o) => sandbox.wizard.answer(i, o),
        rewind: (i, o) => sandbox.wizard.rewind(i, o),
      },
      devices: {
        eligibleTypes: (i, o) => sandbox.devices.eligibleTypes(i, o),
        makes: (i, o) => sandbox.devices.makes(i, o),
        models: (i, o) => sandbox.devices.models(i, o),
        register: (i, o) => sandbox.devices.register(i, o),
        status: (i, o) => sandbox.devices.status(i, o),
      },
      site: { get: (i, o) => sandbox.site.get(i, o), update: (i, o) => sandbox.site.update(i, o) },
      programs: { list: (i, o) => sandbox.programs.list(i, o) },
      enrollments: {
        list: (i, o) => sandbox.enrollments.list(i, o),
        create: (i, o) => sandbox.enrollments.create(i, o),
        cancel: (i, o) => sandbox.enrollments.cancel(i, o),
        unenroll: (i, o) => sandbox.enrollments.unenroll(i, o),
      },
      events: { list: (i, o) => sandbox.events.list(i, o), update: (i, o) => sandbox.events.update(i, o) },
      deviceAuth: {
        start: (i, o) => sandbox.deviceAuth.start(i, o),
        complete: (i, o) => sandbox.deviceAuth.complete(i, o),
        status: (i, o) => sandbox.deviceAuth.status(i, o),
        guide: (i, o) => sandbox.deviceAuth.guide(i, o),
        submitCode: (i, o) => sandbox.deviceAuth.submitCode(i, o),
        guidedStatus: (i, o) => sandbox.deviceAuth.guidedStatus(i, o),
      },
      tariffs: {
        offer: (i, o) => sandbox.tariffs.offer(i, o),
        accept: (i, o) => sandbox.tariffs.accept(i, o),
        decline: (i, o) => sandbox.tariffs.decline(i, o),
        switchStatus: (i, o) => sandbox.tariffs.switchStatus(i, o),
      },
      testCharge: { start: (i, o) => sandbox.testCharge.start(i, o), get: (i, o) => sandbox.testCharge.get(i, o) },
      virtualKey: { details: (i, o) => sandbox.virtualKey.details(i, o), status: (i, o) => sandbox.virtualKey.status(i, o) },
    },
    { baseUrl },
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  sandbox = createSandboxApi({ clock: () => new Date("2026-11-21T09:30:00.000Z") });
});
afterAll(() => server.close());

const client = (options: { timeoutMs?: number; retries?: number } = {}) => createHttpApi({ baseUrl, backoff: { baseMs: 1, maxMs: 5 }, ...options });

describe("sandbox over HTTP (MSW + createHttpApi)", () => {
  it("walks the whole address → meter → eligibility → terms → consent path", async () => {
    const api = client();
    const { addresses } = await api.addresses.search({ postcode: "m11ae" });
    const { meters } = await api.meters.byAddress({ addressId: addresses[0]?.id ?? "" });
    expect(meters.map((m) => m.direction)).toEqual(["import", "export"]);
    const mpan = meters[0]?.mpan ?? "";
    const eligibility = await api.eligibility.check({ mpan, assetModel: SANDBOX.assetModels.qualified });
    expect(eligibility.propositions.every((p) => p.isEligible)).toBe(true);
    const terms = await api.consents.terms({ proposition: AXLE_PROPOSITIONS.smartCharging });
    const record = await api.consents.record({ mpan, proposition: terms.proposition, termsVersion: terms.version, givenAt: "2026-11-21T09:29:00.000Z" });
    expect(record).toMatchObject({ mpan, termsVersion: "smart-charging-2026-09", recordedAt: "2026-11-21T09:30:00.000Z" });
    expect(sandbox.simulation.consentRecords()).toEqual([record]);
  });

  it("selects and registers a device over the wire, the make list's one failure retried by the adapter", async () => {
    sandbox = createSandboxApi({ failOnce: ["devices.makes"] });
    const api = client();
    const { deviceTypes } = await api.devices.eligibleTypes({ mpan: SANDBOX.mpans.domestic });
    expect(deviceTypes).toContain("ELECTRIC_VEHICLES");
    expect((await api.devices.makes({ deviceType: "CHARGE_POINTS" })).makes).toContain("Pod Point");
    const { models } = await api.devices.models({ deviceType: "CHARGE_POINTS", make: "Pod Point" });
    const solo = models.find((model) => model.isIntegrationLive)!;
    const device = await api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "CHARGE_POINTS", make: solo.make, model: solo.model, provider: solo.provider! });
    expect(device).toMatchObject({ make: "Pod Point", status: "ONBOARDING", provider: "ENODE" });
    expect(sandbox.simulation.registeredDevices()).toEqual([device]);
  });

  it("reads a device's status and runs a test charge over the wire: a refusal is an answer, a retried start never starts a second test", async () => {
    const api = client();
    const device = await api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: "Tesla", model: "Model 3", provider: "TESLA" });
    expect(await api.devices.status({ deviceId: device.deviceId })).toMatchObject({ status: "ONBOARDING" });
    const preconditions = { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true } as const;
    sandbox.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge.vehicleNotReady);
    expect(await api.testCharge.start({ deviceId: device.deviceId, preconditions })).toMatchObject({ status: "refused", reason: "VEHICLE_NOT_READY", errorCode: "KT-CT-4379" });
    const started = await api.testCharge.start({ deviceId: device.deviceId, preconditions });
    expect(await api.testCharge.start({ deviceId: device.deviceId, preconditions })).toEqual(started);
    expect(await api.testCharge.get({ deviceId: device.deviceId })).toEqual(started);
    expect(await api.devices.status({ deviceId: device.deviceId })).toMatchObject({ status: "ONBOARDING_TEST_IN_PROGRESS" });
    await expect(api.testCharge.start({ deviceId: device.deviceId, preconditions: { ...preconditions, agreedToCharge: false } as never })).rejects.toMatchObject({ code: "validation" });
  });

  it("failsOnce: the adapter's retry gets through", async () => {
    const result = await client().addresses.search({ postcode: SANDBOX.postcodes.failsOnce });
    expect(result.addresses.length).toBeGreaterThan(2);
  });

  it("failsOnce without retries: upstream (502) reaches the caller as retryable", async () => {
    await expect(client({ retries: 0 }).addresses.search({ postcode: SANDBOX.postcodes.failsOnce })).rejects.toMatchObject({
      code: "upstream",
      retryable: true,
      details: { status: 502 },
    });
  });

  it("malformed: a garbled body becomes invalid_response, and the next call works", async () => {
    const api = client();
    await expect(api.addresses.search({ postcode: SANDBOX.postcodes.malformed })).rejects.toMatchObject({ code: "invalid_response" });
    expect((await api.addresses.search({ postcode: SANDBOX.postcodes.happy })).addresses.length).toBeGreaterThan(2);
  });

  it("errors keep their code over the wire", async () => {
    const api = client();
    await expect(api.meters.byMpan({ mpan: SANDBOX.mpans.unknown })).rejects.toMatchObject({ code: "not_found" });
    await expect(
      api.consents.record({ mpan: SANDBOX.mpans.domestic, proposition: "limited_pause", termsVersion: "old", givenAt: "2026-11-21T09:29:00.000Z" }),
    ).rejects.toMatchObject({ code: "conflict", details: { currentVersion: "flex-lite-2026-06" } });
  });

  it("the server validates too: a request the client would never send gets 422 validation", async () => {
    const response = await fetch(`${baseUrl}/v1/addresses?postcode=XX`);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: "validation", details: { issues: [{ path: "postcode", reason: "too_short" }] } } });
  });

  it("a consent whose answer was lost is retried with the same key and recorded once", async () => {
    const keys: (string | null)[] = [];
    let lost = false;
    server.use(
      http.post(`${baseUrl}/v1/consents`, async ({ request }) => {
        keys.push(request.headers.get("Idempotency-Key"));
        if (lost) return undefined; // fall through to the sandbox handler
        lost = true;
        // The sandbox stores the consent, but the answer never reaches the client.
        await sandbox.consents.record((await request.clone().json()) as never, { idempotencyKey: request.headers.get("Idempotency-Key") ?? "" });
        return HttpResponse.json({ error: { code: "upstream", message: "gateway lost the answer" } }, { status: 503 });
      }),
    );
    const record = await client().consents.record({
      mpan: SANDBOX.mpans.domestic,
      proposition: "limited_pause",
      termsVersion: SANDBOX.terms.limited_pause,
      givenAt: "2026-11-21T09:29:00.000Z",
    });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(sandbox.simulation.consentRecords()).toEqual([record]);
  });

  it("a slow server times out", async () => {
    server.use(
      http.get(`${baseUrl}/v1/addresses`, async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const started = performance.now();
    const error = await client({ timeoutMs: 50, retries: 1 }).addresses.search({ postcode: SANDBOX.postcodes.happy }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnflexError);
    expect(error).toMatchObject({ code: "timeout" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("the caller's abort rejects promptly", async () => {
    server.use(
      http.get(`${baseUrl}/v1/addresses`, async () => {
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const started = performance.now();
    const pending = client().addresses.search({ postcode: SANDBOX.postcodes.happy }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ details: { aborted: true } });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
