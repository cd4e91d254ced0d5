import { describe, expect, it } from "vitest";
import { CATALOGUE_DEVICE_TYPES, DEVICE_PROVIDERS, SANDBOX, createHttpApi, createSandboxApi, operations } from "@onflex/core";
import type { DeviceModel, OnboardingApi } from "@onflex/core";
import { rejection } from "./rejection.js";

async function modelOf(api: OnboardingApi, deviceType: "ELECTRIC_VEHICLES" | "CHARGE_POINTS", pick: { make: string; model: string }): Promise<DeviceModel> {
  const { models } = await api.devices.models({ deviceType, make: pick.make });
  const found = models.find((item) => item.model === pick.model);
  if (!found) throw new Error(`${pick.make} ${pick.model} is not in the catalogue`);
  return found;
}

describe("sandbox device catalogue", () => {
  it("lists dozens of makes of cars and of chargers, with the real makers the fixtures name", async () => {
    const api = createSandboxApi();
    const cars = await api.devices.makes({ deviceType: "ELECTRIC_VEHICLES" });
    const chargers = await api.devices.makes({ deviceType: "CHARGE_POINTS" });
    expect(cars.makes.length).toBeGreaterThanOrEqual(24);
    expect(chargers.makes.length).toBeGreaterThanOrEqual(12);
    expect(cars.makes).toEqual(expect.arrayContaining(["Tesla", "Volkswagen", "Kia", "Nissan", "BMW", "Hyundai", "Renault", "MG", "Audi", "Polestar"]));
    expect(chargers.makes).toEqual(expect.arrayContaining(["myenergi", "Ohme", "Wallbox", "Hypervolt", "Easee", "Pod Point", "Andersen"]));
    expect(new Set(cars.makes).size).toBe(cars.makes.length);
  });

  it("every model names its make and type, has a unique id, and a live one always has a provider", async () => {
    const api = createSandboxApi();
    const ids = new Set<string>();
    const providers = new Set<string>();
    for (const deviceType of CATALOGUE_DEVICE_TYPES) {
      for (const make of (await api.devices.makes({ deviceType })).makes) {
        const answer = await api.devices.models({ deviceType, make });
        expect(answer.make).toBe(make);
        expect(answer.models.length).toBeGreaterThan(0);
        for (const model of answer.models) {
          expect(model).toMatchObject({ deviceType, make });
          expect(ids.has(model.id)).toBe(false);
          ids.add(model.id);
          if (model.isIntegrationLive) expect(model.provider).not.toBeNull();
          if (model.provider) providers.add(model.provider);
          // Cars report their state of charge, chargers do not.
          expect(model.supportsStateOfCharge).toBe(deviceType === "ELECTRIC_VEHICLES");
        }
      }
    }
    expect([...providers].sort()).toEqual([...DEVICE_PROVIDERS].sort());
  });

  it("gives each provider's OAuth use: Tesla, Enode and Smartcar sign in; myenergi and Jedlix do not", async () => {
    const api = createSandboxApi();
    const tesla = await modelOf(api, "ELECTRIC_VEHICLES", SANDBOX.devices.carPreferred.vehicle);
    const zappi = await modelOf(api, "CHARGE_POINTS", SANDBOX.devices.chargerOnly.charger);
    const zoe = await modelOf(api, "ELECTRIC_VEHICLES", SANDBOX.devices.noOAuth.vehicle);
    const ohme = await modelOf(api, "CHARGE_POINTS", SANDBOX.devices.carPreferred.charger);
    expect([tesla.provider, tesla.providerUsesOAuth]).toEqual(["TESLA", true]);
    expect([zappi.provider, zappi.providerUsesOAuth]).toEqual(["MYENERGI", false]);
    expect([zoe.provider, zoe.providerUsesOAuth]).toEqual(["JEDLIX", false]);
    expect([ohme.provider, ohme.providerUsesOAuth]).toEqual(["ENODE", true]);
  });

  it("the named pairs behave as documented", async () => {
    const api = createSandboxApi();
    const live = async (pair: { vehicle: { make: string; model: string }; charger: { make: string; model: string } }) => [
      (await modelOf(api, "ELECTRIC_VEHICLES", pair.vehicle)).isIntegrationLive,
      (await modelOf(api, "CHARGE_POINTS", pair.charger)).isIntegrationLive,
    ];
    expect(await live(SANDBOX.devices.carPreferred)).toEqual([true, true]);
    expect(await live(SANDBOX.devices.chargerOnly)).toEqual([false, true]);
    expect(await live(SANDBOX.devices.noOAuth)).toEqual([true, false]);
    expect(await live(SANDBOX.devices.unsupportedCombination)).toEqual([false, false]);
    const [mg, andersen] = [
      await modelOf(api, "ELECTRIC_VEHICLES", SANDBOX.devices.unsupportedCombination.vehicle),
      await modelOf(api, "CHARGE_POINTS", SANDBOX.devices.unsupportedCombination.charger),
    ];
    expect([mg.provider, andersen.provider]).toEqual([null, null]);
  });

  it("finds a make whatever its case, and answers not_found for one it does not have", async () => {
    const api = createSandboxApi();
    expect((await api.devices.models({ deviceType: "CHARGE_POINTS", make: "POD POINT" })).make).toBe("Pod Point");
    expect(await rejection(api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: "constructor" }))).toMatchObject({ code: "not_found" });
    expect(await rejection(api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: "Ohme" }))).toMatchObject({ code: "not_found" });
  });

  it("refuses a device type without a catalogue", async () => {
    const api = createSandboxApi();
    expect(await rejection(api.devices.makes({ deviceType: "HEAT_PUMPS" as never }))).toMatchObject({ code: "validation" });
  });

  it("failOnce: the make list fails once (upstream, retryable), then answers", async () => {
    const api = createSandboxApi({ failOnce: ["devices.makes"] });
    expect(await rejection(api.devices.makes({ deviceType: "ELECTRIC_VEHICLES" }))).toMatchObject({ code: "upstream", retryable: true });
    expect((await api.devices.makes({ deviceType: "ELECTRIC_VEHICLES" })).makes).toContain("Tesla");
    expect((await api.devices.makes({ deviceType: "CHARGE_POINTS" })).makes).toContain("Ohme");
  });
});

describe("sandbox eligible device types", () => {
  it("a domestic import meter may register cars, chargers, batteries and heat pumps", async () => {
    const answer = await createSandboxApi().devices.eligibleTypes({ mpan: SANDBOX.mpans.domestic });
    expect(answer).toEqual({ mpan: SANDBOX.mpans.domestic, deviceTypes: ["ELECTRIC_VEHICLES", "CHARGE_POINTS", "BATTERIES", "HEAT_PUMPS"] });
  });

  it("a non-domestic or export meter may register nothing; an unknown one is not_found", async () => {
    const api = createSandboxApi();
    expect((await api.devices.eligibleTypes({ mpan: SANDBOX.mpans.nonDomestic })).deviceTypes).toEqual([]);
    expect((await api.devices.eligibleTypes({ mpan: SANDBOX.mpans.export })).deviceTypes).toEqual([]);
    expect(await rejection(api.devices.eligibleTypes({ mpan: SANDBOX.mpans.unknown }))).toMatchObject({ code: "not_found" });
  });
});

const tesla = { mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: "Tesla", model: "Model 3", provider: "TESLA" } as const;

describe("sandbox device registration", () => {
  it("registers a live device as ONBOARDING with a new id, and remembers it", async () => {
    const api = createSandboxApi();
    const device = await api.devices.register(tesla);
    expect(device).toEqual({
      deviceId: "sbx-device-1",
      deviceType: "ELECTRIC_VEHICLES",
      make: "Tesla",
      model: "Model 3",
      provider: "TESLA",
      providerUsesOAuth: true,
      isIntegrationLive: true,
      supportsStateOfCharge: true,
      status: "ONBOARDING",
    });
    expect(api.simulation.registeredDevices()).toEqual([device]);
  });

  it("a retry with the same idempotency key answers the same device; the key on another device is a conflict", async () => {
    const api = createSandboxApi();
    const first = await api.devices.register(tesla, { idempotencyKey: "k1" });
    expect(await api.devices.register(tesla, { idempotencyKey: "k1" })).toEqual(first);
    expect(api.simulation.registeredDevices()).toHaveLength(1);
    expect(await rejection(api.devices.register({ ...tesla, model: "Model Y" }, { idempotencyKey: "k1" }))).toMatchObject({ code: "conflict" });
  });

  it("refuses a device whose integration is not live, a wrong provider and an unknown model", async () => {
    const api = createSandboxApi();
    const mg = { ...tesla, make: "MG", model: "ZS EV", provider: "ENODE" } as const;
    expect(await rejection(api.devices.register(mg))).toMatchObject({ code: "conflict", retryable: false });
    expect(await rejection(api.devices.register({ ...tesla, provider: "ENODE" }))).toMatchObject({ code: "conflict" });
    expect(await rejection(api.devices.register({ ...tesla, model: "Model T" }))).toMatchObject({ code: "not_found" });
    expect(await rejection(api.devices.register({ ...tesla, mpan: SANDBOX.mpans.unknown }))).toMatchObject({ code: "not_found" });
    expect(api.simulation.registeredDevices()).toEqual([]);
  });
});

describe("device operations over HTTP", () => {
  it("are in the operations table: reads are safe, registering creates (Idempotency-Key)", () => {
    expect(operations["devices.eligibleTypes"]).toMatchObject({ method: "GET", safe: true, creates: false });
    expect(operations["devices.makes"]).toMatchObject({ method: "GET", safe: true, creates: false });
    expect(operations["devices.models"]).toMatchObject({ method: "GET", safe: true, creates: false });
    expect(operations["devices.register"]).toMatchObject({ method: "POST", path: "/v1/devices", safe: false, creates: true });
  });

  it("a garbled model list is invalid_response, never a crash", async () => {
    const fetch = async () => new Response(JSON.stringify({ deviceType: "ELECTRIC_VEHICLES", make: "Tesla", models: [{ id: 7, isIntegrationLive: "yes" }] }), { status: 200, headers: { "Content-Type": "application/json" } });
    const api = createHttpApi({ baseUrl: "https://api.onflex.test", fetch, retries: 0 });
    expect(await rejection(api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: "Tesla" }))).toMatchObject({
      code: "invalid_response",
      details: { operation: "devices.models" },
    });
  });

  it("a registration answer with an unknown status is invalid_response", async () => {
    const body = { deviceId: "d1", deviceType: "ELECTRIC_VEHICLES", make: "Tesla", model: "Model 3", provider: "TESLA", providerUsesOAuth: true, isIntegrationLive: true, supportsStateOfCharge: true, status: "HAPPY" };
    const fetch = async () => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    const api = createHttpApi({ baseUrl: "https://api.onflex.test", fetch, retries: 0 });
    expect(await rejection(api.devices.register(tesla))).toMatchObject({ code: "invalid_response" });
  });

  it("sends the make in the query string, encoded", async () => {
    const urls: string[] = [];
    const fetch = async (url: string | URL | Request) => {
      urls.push(String(url));
      return new Response(JSON.stringify({ deviceType: "CHARGE_POINTS", make: "Pod Point", models: [] }), { status: 200, headers: { "Content-Type": "application/json" } });
    };
    await createHttpApi({ baseUrl: "https://api.onflex.test", fetch }).devices.models({ deviceType: "CHARGE_POINTS", make: "Pod Point" });
    expect(urls).toEqual(["https://api.onflex.test/v1/device-catalogue/CHARGE_POINTS/models?make=Pod+Point"]);
  });
});
