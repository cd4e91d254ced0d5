import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPortal, type TestPortal } from "./portal.fixture.js";

// A name that comes from a request is never a key of a plain object: `constructor`,
// `__proto__` and the other members of Object.prototype name no proposition, so their terms
// are not found and no consent can be recorded for them. The portal serves the sandbox
// behind its REST API, so this is checked where a household would reach it.

const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__"];

let portal: TestPortal;
let sessionId: string;
beforeAll(async () => {
  portal = await startTestPortal();
  sessionId = (await portal.openSession()).sessionId;
});
afterAll(() => portal.dispose());

describe("propositions named like Object.prototype members", () => {
  it.each(PROTOTYPE_NAMES)("GET /v1/propositions/%s/terms is 404 not_found", async (name) => {
    const response = await fetch(`${portal.url}/v1/propositions/${encodeURIComponent(name)}/terms`, { headers: { Authorization: `Bearer ${sessionId}` } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it.each(PROTOTYPE_NAMES)("POST /v1/consents for proposition %s records nothing", async (name) => {
    const before = (await portal.server.store.listConsents("site_demo")).length;
    const response = await fetch(`${portal.url}/v1/consents`, {
      method: "POST",
      headers: { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json" },
      body: JSON.stringify({ mpan: SANDBOX.mpans.domestic, proposition: name, termsVersion: "1", givenAt: new Date().toISOString() }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await portal.server.store.listConsents("site_demo")).length).toBe(before);
  });

  it("still answers a real proposition (the check above is not a blanket refusal)", async () => {
    const response = await fetch(`${portal.url}/v1/propositions/${AXLE_PROPOSITIONS.smartCharging}/terms`, { headers: { Authorization: `Bearer ${sessionId}` } });
    expect(response.status).toBe(200);
  });
});
