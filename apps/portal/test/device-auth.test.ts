import { createHttpApi, SANDBOX, type OnboardingApi } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBoot, rejection, startTestPortal, type TestPortal } from "./portal.fixture.js";

// The portal's REST API answers device authorisation from the session's sandbox, whose maker
// is simulated: the sign-in starts and is checked like any other call, and whatever the page
// (or anyone holding its session id) sends back is judged by the server, 4xx never 5xx.

describe("portal: device authorisation over the REST API", () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => {
    await portal?.dispose();
  });

  /** A new session of a household (the demo host's `site_demo` unless named). */
  async function sessionApi(siteId?: string): Promise<OnboardingApi> {
    const response = await fetch(await portal.signedV2({ assetModel: SANDBOX.assetModels.qualified, ...(siteId ? { siteId } : {}) }));
    expect(response.status).toBe(200);
    const { sessionId } = readBoot(await response.text());
    return createHttpApi({ baseUrl: portal.url, getToken: () => sessionId, retries: 0 });
  }

  async function registerCar(api: OnboardingApi) {
    const { addresses } = await api.addresses.search({ postcode: SANDBOX.postcodes.happy });
    const { meters } = await api.meters.byAddress({ addressId: addresses[0]!.id });
    const { vehicle } = SANDBOX.devices.carPreferred;
    return api.devices.register({ mpan: meters[0]!.mpan, deviceType: "ELECTRIC_VEHICLES", make: vehicle.make, model: vehicle.model, provider: "TESLA" });
  }

  it("starts a sign-in at the simulated maker, pending until the maker answers", async () => {
    const api = await sessionApi();
    const device = await registerCar(api);
    const started = await api.deviceAuth.start({ deviceId: device.deviceId });
    const uri = new URL(started.authorizationUri);
    expect(uri.hostname).toBe("maker.sandbox.onflex.invalid");
    expect(uri.searchParams.get("code_challenge_method")).toBe("S256");
    expect(uri.searchParams.has("code_verifier")).toBe(false);
    expect(await api.deviceAuth.status({ deviceId: device.deviceId, state: started.state })).toEqual({ status: "pending", deviceId: device.deviceId });
  });

  it("hostile answers: a garbled URI is a 4xx, a forged one a state_mismatch result, and the sign-in still works", async () => {
    const api = await sessionApi();
    const device = await registerCar(api);
    const { state } = await api.deviceAuth.start({ deviceId: device.deviceId });
    const garbled = await rejection(api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: "not a url %%" }));
    expect(garbled.code).toBe("validation");
    const forged = await api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: `https://platform.example/cb?code=x&state=${"A".repeat(43)}` });
    expect(forged).toEqual({ status: "failed", deviceId: device.deviceId, reason: "state_mismatch" });
    expect((await rejection(api.deviceAuth.status({ deviceId: device.deviceId, state: "<script>" }))).code).toBe("validation");
    expect(await api.deviceAuth.status({ deviceId: device.deviceId, state })).toMatchObject({ status: "pending" });
  });

  it("another household cannot start or read this household's sign-in; this household's next session can (a reload)", async () => {
    const mine = await sessionApi("hh-device-mine");
    const theirs = await sessionApi("hh-device-theirs");
    const device = await registerCar(mine);
    const { state } = await mine.deviceAuth.start({ deviceId: device.deviceId });
    expect((await rejection(theirs.deviceAuth.start({ deviceId: device.deviceId }))).code).toBe("not_found");
    expect(await theirs.deviceAuth.status({ deviceId: device.deviceId, state })).toMatchObject({ status: "failed", reason: "state_mismatch" });
    // A reload opens a new session of the same household: the device and the sign-in are still there.
    const reloaded = await sessionApi("hh-device-mine");
    expect(await reloaded.deviceAuth.status({ deviceId: device.deviceId, state })).toEqual({ status: "pending", deviceId: device.deviceId });
  });
});
