import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalServer } from "../src/server/portal.server.js";
import {
  SANDBOX_DEMO_HOST,
  SANDBOX_DEVICE_API_KEY,
  SANDBOX_DEVICE_KEY_ID,
  SANDBOX_DEVICE_SECRET,
  SANDBOX_DEVICE_SITE_ID,
} from "../src/server/sandbox-sites.js";
import { JOURNEY_NAME_PATTERN } from "../src/server/site.types.js";
import { readBoot, startTestPortal, type TestPortal } from "./portal.fixture.js";

// A host registers the journey its portal runs (a preset's name); the page learns it from the
// boot data. Hosts that register none keep the proposition's journey.

describe("portal: the journey a host registers", () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => {
    await portal?.dispose();
  });

  it("a device host's household boots with its journey; the demo host's with none", async () => {
    const token = await portal.siteToken(SANDBOX_DEVICE_SITE_ID, SANDBOX_DEVICE_API_KEY);
    const url = await portal.signedV2({ siteId: SANDBOX_DEVICE_SITE_ID, token, secret: SANDBOX_DEVICE_SECRET, keyId: SANDBOX_DEVICE_KEY_ID });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(readBoot(await response.text())).toMatchObject({ journey: "krakenSmartFlex", site: { id: SANDBOX_DEVICE_SITE_ID, name: "Gridwise Energy (sandbox)" } });
    expect((await portal.openSession()).journey).toBeNull();
  });

  it("a journey name is a preset's identifier, and a host registered with anything else does not start", async () => {
    for (const journey of ["krakenSmartFlex", "flipEnrollment", "a1"]) expect(JOURNEY_NAME_PATTERN.test(journey), journey).toBe(true);
    for (const journey of ["", "Kraken", "kraken-smart-flex", "a".repeat(65), "x;DROP TABLE hosts", "constructor\u0000"]) {
      expect(JOURNEY_NAME_PATTERN.test(journey), journey).toBe(false);
    }
    await expect(createPortalServer({ inMemory: true, hosts: [{ ...SANDBOX_DEMO_HOST, journey: "kraken-smart-flex" }] })).rejects.toThrow(/journey must be a preset's name/);
  });
});
