import { describe, expect, it } from "vitest";
import { SANDBOX, SANDBOX_VIRTUAL_KEY, VirtualKeyDetails, createHttpApi, createSandboxApi, serveOperation } from "@onflex/core";
import type { RegisteredDevice, SandboxApi } from "@onflex/core";
import { rejection } from "./rejection.js";

async function registered(api: SandboxApi, pick: { make: string; model: string } = SANDBOX.devices.carPreferred.vehicle): Promise<RegisteredDevice> {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: pick.make });
  const model = models.find((item) => item.model === pick.model);
  if (!model?.provider) throw new Error("fixture model missing");
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider });
}

function sandboxAt(start = Date.parse("2026-11-21T09:30:00.000Z"), options: { virtualKeyAddedAfterMs?: number } = {}) {
  let now = start;
  const api = createSandboxApi({ clock: () => new Date(now), ...options });
  return { api, advance: (ms: number) => (now += ms), now: () => new Date(now).toISOString() };
}

describe("virtualKey against the sandbox's simulated Tesla", () => {
  it("details: the key's name and an https link that adds it, valid by the contract's schema", async () => {
    const { api } = sandboxAt();
    const tesla = await registered(api);
    const details = await api.virtualKey.details({ deviceId: tesla.deviceId });
    expect(details).toEqual({ deviceId: tesla.deviceId, virtualKeyName: SANDBOX_VIRTUAL_KEY.name, virtualKeyUri: SANDBOX_VIRTUAL_KEY.uri });
    expect(VirtualKeyDetails.safeParse(details).success).toBe(true);
    expect(new URL(details.virtualKeyUri).pathname).toMatch(/^\/_ak\//);
    expect(details.virtualKeyName).toMatch(/simulated/i);
  });

  it("a car starts NOT_PAIRED; added → PAIRED stamped on the sandbox clock; removed later → NOT_PAIRED again", async () => {
    const { api, advance, now } = sandboxAt();
    const tesla = await registered(api);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toEqual({ status: "NOT_PAIRED", deviceId: tesla.deviceId });
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.notAdded);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ status: "NOT_PAIRED" });
    advance(60_000);
    const pairedAt = now();
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.added);
    advance(5_000);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toEqual({ status: "PAIRED", deviceId: tesla.deviceId, pairedAt });
    // Adding it again keeps the first pairing time.
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.added);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ pairedAt });
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.removed);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toEqual({ status: "NOT_PAIRED", deviceId: tesla.deviceId });
  });

  it("afterMs: the key appears when the clock gets there, stamped with that time, not before", async () => {
    const { api, advance } = sandboxAt();
    const tesla = await registered(api);
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.added, { afterMs: 30_000 });
    advance(29_999);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ status: "NOT_PAIRED" });
    advance(10_001);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toEqual({ status: "PAIRED", deviceId: tesla.deviceId, pairedAt: "2026-11-21T09:30:30.000Z" });
  });

  it("virtualKeyAddedAfterMs (a server's sandbox): the owner adds the key that long after its link is first shown, once", async () => {
    const { api, advance } = sandboxAt(undefined, { virtualKeyAddedAfterMs: 4_000 });
    const tesla = await registered(api);
    advance(60_000);
    // Nothing happens before the link is shown.
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ status: "NOT_PAIRED" });
    await api.virtualKey.details({ deviceId: tesla.deviceId });
    advance(3_999);
    await api.virtualKey.details({ deviceId: tesla.deviceId });
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ status: "NOT_PAIRED" });
    advance(1);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toEqual({ status: "PAIRED", deviceId: tesla.deviceId, pairedAt: "2026-11-21T09:31:04.000Z" });
    // Removed later, it is not added again by itself.
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.removed);
    await api.virtualKey.details({ deviceId: tesla.deviceId });
    advance(10_000);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ status: "NOT_PAIRED" });
  });

  it("vehicle offline: VEHICLE_OFFLINE until it wakes, and the key it had is still there", async () => {
    const { api } = sandboxAt();
    const tesla = await registered(api);
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.added);
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.vehicleOffline);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toEqual({ status: "VEHICLE_OFFLINE", deviceId: tesla.deviceId });
    // The link does not need the car.
    expect((await api.virtualKey.details({ deviceId: tesla.deviceId })).virtualKeyUri).toBe(SANDBOX_VIRTUAL_KEY.uri);
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.vehicleOnline);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ status: "PAIRED" });
  });

  it("provider failing: details and status reject upstream (retryable) until it recovers", async () => {
    const { api } = sandboxAt();
    const tesla = await registered(api);
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.providerFailing);
    for (const call of [api.virtualKey.details({ deviceId: tesla.deviceId }), api.virtualKey.status({ deviceId: tesla.deviceId })]) {
      const error = await rejection(call);
      expect([error.code, error.retryable]).toEqual(["upstream", true]);
    }
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.providerRecovered);
    expect(await api.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ status: "NOT_PAIRED" });
  });

  it("each car has its own keys", async () => {
    const { api } = sandboxAt();
    const first = await registered(api);
    const second = await registered(api, { make: "Tesla", model: "Model Y" });
    api.simulation.simulateVirtualKey(first.deviceId, SANDBOX.virtualKey.added);
    expect(await api.virtualKey.status({ deviceId: second.deviceId })).toMatchObject({ status: "NOT_PAIRED" });
  });

  it("refuses an unknown device (not_found), a car whose provider needs no key (conflict) and a blank id (validation)", async () => {
    const { api } = sandboxAt();
    const kia = await registered(api, { make: "Kia", model: "EV6" });
    expect((await rejection(api.virtualKey.details({ deviceId: "nope" }))).code).toBe("not_found");
    expect((await rejection(api.virtualKey.status({ deviceId: "nope" }))).code).toBe("not_found");
    const conflict = await rejection(api.virtualKey.status({ deviceId: kia.deviceId }));
    expect([conflict.code, conflict.details]).toEqual(["conflict", { provider: "ENODE" }]);
    expect((await rejection(api.virtualKey.details({ deviceId: "  " }))).code).toBe("validation");
    expect(() => api.simulation.simulateVirtualKey("nope", SANDBOX.virtualKey.added)).toThrow(/no such device/);
  });

  it("over the REST contract: both operations route and answer through createHttpApi, and hostile input is a 4xx", async () => {
    const { api } = sandboxAt();
    const tesla = await registered(api);
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const answer = await serveOperation(api, { method: init?.method ?? "GET", pathname: url.pathname.replace(/^\/api/, ""), query: url.searchParams, readJson: async () => undefined });
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "content-type": "application/json" } });
    };
    const http = createHttpApi({ baseUrl: "https://onflex.test/api", fetch, retries: 0 });
    expect(await http.virtualKey.details({ deviceId: tesla.deviceId })).toMatchObject({ virtualKeyName: SANDBOX_VIRTUAL_KEY.name });
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.added);
    expect(await http.virtualKey.status({ deviceId: tesla.deviceId })).toMatchObject({ status: "PAIRED" });
    api.simulation.simulateVirtualKey(tesla.deviceId, SANDBOX.virtualKey.providerFailing);
    const failing = await rejection(http.virtualKey.status({ deviceId: tesla.deviceId }));
    expect([failing.code, failing.retryable]).toEqual(["upstream", true]);
    for (const pathname of [`/v1/devices/%00/virtual-key`, `/v1/devices/unknown/virtual-key/status`]) {
      const answer = await serveOperation(api, { method: "GET", pathname, query: new URLSearchParams(), readJson: async () => undefined });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
  });
});
