import { AXLE_PROPOSITIONS, createHttpApi, SANDBOX, type OnboardingApi } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DEMO_SITE_ID } from "../src/server/sandbox-sites.js";
import { readBoot, rejection, startTestPortal, type TestPortal } from "./portal.fixture.js";

// The page holds its session id, so the person using it can call the REST API directly with
// anything they like. These tests are that person: they must not get a programme the signed
// link does not allow.

describe("portal session policy: the signed charger model decides eligibility", () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => {
    await portal?.dispose();
  });

  async function sessionApi(assetModel: string): Promise<OnboardingApi> {
    const response = await fetch(await portal.signedV2({ assetModel }));
    expect(response.status).toBe(200);
    const { sessionId } = readBoot(await response.text());
    return createHttpApi({ baseUrl: portal.url, getToken: () => sessionId, retries: 0 });
  }

  async function firstMeter(api: OnboardingApi) {
    const { addresses } = await api.addresses.search({ postcode: SANDBOX.postcodes.happy });
    const { meters } = await api.meters.byAddress({ addressId: addresses[0]!.id });
    return meters[0]!;
  }

  it("refuses an eligibility check that names a model other than the signed one", async () => {
    const api = await sessionApi(SANDBOX.assetModels.notQualified);
    const meter = await firstMeter(api);
    const error = await rejection(api.eligibility.check({ mpan: meter.mpan, assetModel: SANDBOX.assetModels.qualified }));
    expect(error.code).toBe("validation");
    expect(error.message).toMatch(/charger model/);
  });

  it("answers a check that names no model for the signed model", async () => {
    const api = await sessionApi(SANDBOX.assetModels.notQualified);
    const meter = await firstMeter(api);
    const result = await api.eligibility.check({ mpan: meter.mpan });
    const smart = result.propositions.find((item) => item.proposition === AXLE_PROPOSITIONS.smartCharging);
    expect(smart).toMatchObject({ isEligible: false, issues: [{ code: "asset_model_not_cop11_qualified" }] });
  });

  it("refuses to record consent for a programme the home is not eligible for, and stores nothing", async () => {
    const api = await sessionApi(SANDBOX.assetModels.notQualified);
    const meter = await firstMeter(api);
    const before = (await portal.server.store.listConsents(SANDBOX_DEMO_SITE_ID)).length;
    const terms = await api.consents.terms({ proposition: AXLE_PROPOSITIONS.smartCharging });
    const error = await rejection(
      api.consents.record({ mpan: meter.mpan, proposition: terms.proposition, termsVersion: terms.version, givenAt: portal.now().toISOString() }),
    );
    expect(error.code).toBe("conflict");
    expect(error.details).toMatchObject({ proposition: AXLE_PROPOSITIONS.smartCharging, issues: [{ code: "asset_model_not_cop11_qualified" }] });
    expect(await portal.server.store.listConsents(SANDBOX_DEMO_SITE_ID)).toHaveLength(before);
  });

  it("still records consent for a programme the same home is eligible for", async () => {
    const api = await sessionApi(SANDBOX.assetModels.notQualified);
    const meter = await firstMeter(api);
    const terms = await api.consents.terms({ proposition: AXLE_PROPOSITIONS.flexLite });
    const record = await api.consents.record({
      mpan: meter.mpan,
      proposition: terms.proposition,
      termsVersion: terms.version,
      givenAt: portal.now().toISOString(),
    });
    expect(record).toMatchObject({ mpan: meter.mpan, proposition: AXLE_PROPOSITIONS.flexLite });
  });
});
