import { describe, expect, it } from "vitest";
import { PAIRING_CODE_EXAMPLE, PairingCode, SANDBOX, createSandboxApi, normalisePairingCode, serveOperation } from "@onflex/core";
import type { RegisteredDevice, SandboxApi } from "@onflex/core";
import { rejection } from "./rejection.js";

const MPAN = SANDBOX.mpans.domestic;
const START = Date.parse("2026-11-21T09:30:00.000Z");

async function registered(api: SandboxApi, pick: { make: string; model: string } = SANDBOX.devices.noOAuth.vehicle): Promise<RegisteredDevice> {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: pick.make });
  const model = models.find((item) => item.model === pick.model);
  if (!model?.provider) throw new Error("fixture model missing");
  return api.devices.register({ mpan: MPAN, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider });
}

function sandboxAt(options: { guidedAuthorisedAfterMs?: number } = {}) {
  let now = START;
  const api = createSandboxApi({ clock: () => new Date(now), ...options });
  return { api, advance: (ms: number) => (now += ms) };
}

describe("pairing codes", () => {
  it("normalises what a user types: case, spaces and the hyphen do not matter; the letters that read alike are refused", () => {
    for (const typed of ["jdlx 7k4p", "JDLX7K4P", " jdlx-7K4P ", "JDLX - 7K4P"]) expect(normalisePairingCode(typed)).toBe("JDLX-7K4P");
    expect(PairingCode.safeParse(PAIRING_CODE_EXAMPLE).success).toBe(true);
    for (const bad of ["JDLX-7K4", "JDLO-7K4P", "JDL1-7K4P", "JDLX_7K4P", "", "JDLX-7K4PP"]) {
      expect(PairingCode.safeParse(normalisePairingCode(bad)).success, bad).toBe(false);
    }
  });
});

describe("guided authorisation against the sandbox's simulated maker app (JEDLIX)", () => {
  it("guide offers the maker's app (UserActionRequired, an https link and its steps) and a pairing code (UserInputRequired)", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    expect(device.provider).toBe("JEDLIX");
    const guide = await api.deviceAuth.guide({ deviceId: device.deviceId });
    expect(guide).toMatchObject({ deviceId: device.deviceId, provider: "JEDLIX" });
    expect(guide.ways.map((way) => way.type)).toEqual(["UserActionRequired", "UserInputRequired"]);
    const [app, code] = guide.ways;
    expect(app).toMatchObject({ action: "open_app", appName: "Jedlix (simulated)" });
    expect(new URL((app as { appUri: string }).appUri).protocol).toBe("https:");
    expect(code).toMatchObject({ input: "pairing_code", codeValidForMinutes: 10 });
    expect(await api.deviceAuth.guidedStatus({ deviceId: device.deviceId })).toEqual({ status: "pending", deviceId: device.deviceId });
  });

  it("the user finishing in the simulated app: AUTHENTICATION_COMPLETE, stamped with the sandbox's clock when it happened", async () => {
    const { api, advance } = sandboxAt();
    const device = await registered(api);
    await api.deviceAuth.guide({ deviceId: device.deviceId });
    api.simulation.simulateGuidedAuth(device.deviceId, SANDBOX.guidedAuth.app.approve, { afterMs: 30_000 });
    advance(29_000);
    expect(await api.deviceAuth.guidedStatus({ deviceId: device.deviceId })).toMatchObject({ status: "pending" });
    advance(5_000);
    expect(await api.deviceAuth.guidedStatus({ deviceId: device.deviceId })).toMatchObject({
      status: "complete",
      device: { deviceId: device.deviceId, provider: "JEDLIX", authState: "AUTHENTICATION_COMPLETE", authorisedAt: "2026-11-21T09:30:30.000Z" },
    });
  });

  it("a valid code pairs at once; the same code again answers the same", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    await api.deviceAuth.guide({ deviceId: device.deviceId });
    const paired = await api.deviceAuth.submitCode({ deviceId: device.deviceId, code: PAIRING_CODE_EXAMPLE });
    expect(paired).toMatchObject({ status: "complete", device: { authState: "AUTHENTICATION_COMPLETE" } });
    expect(await api.deviceAuth.submitCode({ deviceId: device.deviceId, code: PAIRING_CODE_EXAMPLE })).toEqual(paired);
    expect(await api.deviceAuth.guidedStatus({ deviceId: device.deviceId })).toEqual(paired);
  });

  it("fixture codes: wrong and expired are answers and leave the device pending; a failing maker reports AUTHENTICATION_FAILED until the user starts again", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const deviceId = device.deviceId;
    await api.deviceAuth.guide({ deviceId });
    expect(await api.deviceAuth.submitCode({ deviceId, code: SANDBOX.guidedAuth.codes.wrong })).toEqual({ status: "failed", deviceId, reason: "code_wrong" });
    expect(await api.deviceAuth.submitCode({ deviceId, code: SANDBOX.guidedAuth.codes.expired })).toEqual({ status: "failed", deviceId, reason: "code_expired" });
    expect(await api.deviceAuth.guidedStatus({ deviceId })).toEqual({ status: "pending", deviceId });
    expect(await api.deviceAuth.submitCode({ deviceId, code: SANDBOX.guidedAuth.codes.makerFailing })).toEqual({ status: "pending", deviceId });
    expect(await api.deviceAuth.guidedStatus({ deviceId })).toEqual({ status: "failed", deviceId, reason: "maker_failed" });
    expect(await api.deviceAuth.guidedStatus({ deviceId })).toEqual({ status: "failed", deviceId, reason: "maker_failed" });
    // Starting again forgets the failure; a good code then pairs.
    await api.deviceAuth.guide({ deviceId });
    expect(await api.deviceAuth.guidedStatus({ deviceId })).toEqual({ status: "pending", deviceId });
    expect(await api.deviceAuth.submitCode({ deviceId, code: "ABCD-2345" })).toMatchObject({ status: "complete" });
  });

  it("the simulated app can fail too, and a failure never undoes a device already authorised", async () => {
    const { api } = sandboxAt();
    const deviceId = (await registered(api)).deviceId;
    await api.deviceAuth.guide({ deviceId });
    api.simulation.simulateGuidedAuth(deviceId, SANDBOX.guidedAuth.app.fail);
    expect(await api.deviceAuth.guidedStatus({ deviceId })).toMatchObject({ status: "failed", reason: "maker_failed" });
    api.simulation.simulateGuidedAuth(deviceId, SANDBOX.guidedAuth.app.approve);
    api.simulation.simulateGuidedAuth(deviceId, SANDBOX.guidedAuth.app.fail);
    expect(await api.deviceAuth.guidedStatus({ deviceId })).toMatchObject({ status: "complete" });
  });

  it("guidedAuthorisedAfterMs (a server's sandbox): the user finishes in the app that long after the guide is first shown", async () => {
    const { api, advance } = sandboxAt({ guidedAuthorisedAfterMs: 8_000 });
    const deviceId = (await registered(api)).deviceId;
    await api.deviceAuth.guide({ deviceId });
    advance(7_000);
    expect(await api.deviceAuth.guidedStatus({ deviceId })).toMatchObject({ status: "pending" });
    advance(1_000);
    expect(await api.deviceAuth.guidedStatus({ deviceId })).toMatchObject({ status: "complete" });
  });

  it("refuses an unknown device (not_found), an OAuth device (conflict) and a code not in the format (validation)", async () => {
    const { api } = sandboxAt();
    expect((await rejection(api.deviceAuth.guide({ deviceId: "nope" }))).code).toBe("not_found");
    expect((await rejection(api.deviceAuth.guidedStatus({ deviceId: "nope" }))).code).toBe("not_found");
    const tesla = await registered(api, SANDBOX.devices.carPreferred.vehicle);
    expect((await rejection(api.deviceAuth.guide({ deviceId: tesla.deviceId }))).code).toBe("conflict");
    expect((await rejection(api.deviceAuth.submitCode({ deviceId: tesla.deviceId, code: PAIRING_CODE_EXAMPLE }))).code).toBe("conflict");
    const jedlix = await registered(api);
    for (const code of ["jdlx-7k4p", "JDLO-7K4P", "", "X".repeat(5000)]) {
      expect((await rejection(api.deviceAuth.submitCode({ deviceId: jedlix.deviceId, code }))).code).toBe("validation");
    }
    expect(() => api.simulation.simulateGuidedAuth(tesla.deviceId, SANDBOX.guidedAuth.app.approve)).toThrow();
  });

  it("over the REST contract: the three operations route and answer, and hostile input is a 4xx", async () => {
    const { api } = sandboxAt();
    const { deviceId } = await registered(api);
    const serve = (method: string, pathname: string, query: string, readJson: () => Promise<unknown>) => serveOperation(api, { method, pathname, query: new URLSearchParams(query), readJson });
    expect(await serve("GET", `/v1/devices/${deviceId}/auth/guide`, "", async () => undefined)).toMatchObject({ status: 200, body: { provider: "JEDLIX" } });
    expect(await serve("GET", `/v1/devices/${deviceId}/auth/guided`, "", async () => undefined)).toMatchObject({ status: 200, body: { status: "pending" } });
    expect(await serve("POST", `/v1/devices/${deviceId}/auth/pairing-code`, "", async () => ({ code: SANDBOX.guidedAuth.codes.wrong }))).toMatchObject({ status: 200, body: { status: "failed", reason: "code_wrong" } });
    const hostile: (() => Promise<unknown>)[] = [() => Promise.reject(new SyntaxError("bad json")), async () => ({ code: 42 }), async () => ({ code: "<script>" }), async () => [1], async () => ({ code: "A".repeat(100_000) })];
    for (const readJson of hostile) {
      const answer = await serve("POST", `/v1/devices/${deviceId}/auth/pairing-code`, "", readJson);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect((await serve("GET", `/v1/devices/%00/auth/guide`, "", async () => undefined)).status).toBe(404);
    expect(await serve("POST", `/v1/devices/${deviceId}/auth/pairing-code`, "", async () => ({ code: "ABCD-2345" }))).toMatchObject({ status: 200, body: { status: "complete" } });
  });
});
