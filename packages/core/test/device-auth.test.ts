import { describe, expect, it } from "vitest";
import { SANDBOX, createSandboxApi, serveOperation } from "@onflex/core";
import type { RegisteredDevice, SandboxApi } from "@onflex/core";
import { rejection } from "./rejection.js";

const MPAN = SANDBOX.mpans.domestic;

async function registered(api: SandboxApi, pick: { make: string; model: string } = SANDBOX.devices.carPreferred.vehicle): Promise<RegisteredDevice> {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: pick.make });
  const model = models.find((item) => item.model === pick.model);
  if (!model?.provider) throw new Error("fixture model missing");
  return api.devices.register({ mpan: MPAN, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider });
}

function sandboxAt(start = Date.parse("2026-11-21T09:30:00.000Z")) {
  let now = start;
  const api = createSandboxApi({ clock: () => new Date(now) });
  return { api, advance: (ms: number) => (now += ms) };
}

describe("deviceAuth against the sandbox's simulated maker", () => {
  it("start gives a maker authorisation URI with PKCE S256 and a one-time state, valid for ten minutes; the verifier never leaves", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const started = await api.deviceAuth.start({ deviceId: device.deviceId });
    const uri = new URL(started.authorizationUri);
    expect(uri.protocol).toBe("https:");
    expect(uri.searchParams.get("response_type")).toBe("code");
    expect(uri.searchParams.get("code_challenge_method")).toBe("S256");
    expect(uri.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(uri.searchParams.get("state")).toBe(started.state);
    expect(uri.searchParams.has("code_verifier")).toBe(false);
    expect(JSON.stringify(started)).not.toMatch(/verifier/i);
    expect(started.expiresAt).toBe("2026-11-21T09:40:00.000Z");
    // Two starts (a widget mounted twice) are two independent sign-ins, each answered on its own.
    const again = await api.deviceAuth.start({ deviceId: device.deviceId });
    expect(again.state).not.toBe(started.state);
    await api.simulation.simulateSignIn(started.state, SANDBOX.deviceAuth.approve);
    expect(await api.deviceAuth.status({ deviceId: device.deviceId, state: started.state })).toMatchObject({ status: "complete" });
    expect(await api.deviceAuth.status({ deviceId: device.deviceId, state: again.state })).toEqual({ status: "pending", deviceId: device.deviceId });
  });

  it("approve: the platform's callback exchanges the code, status answers the device AUTHENTICATION_COMPLETE, and no token is in any answer", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const { state } = await api.deviceAuth.start({ deviceId: device.deviceId });
    const { continuationUri } = await api.simulation.simulateSignIn(state, SANDBOX.deviceAuth.approve);
    const status = await api.deviceAuth.status({ deviceId: device.deviceId, state });
    expect(status).toMatchObject({ status: "complete", device: { deviceId: device.deviceId, authState: "AUTHENTICATION_COMPLETE", make: "Tesla" } });
    expect(JSON.stringify(status)).not.toMatch(/token/i);
    // The same answer again (a retried request, the popup's message after the callback) gets the recorded result, not a second exchange.
    expect(await api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: continuationUri ?? "" })).toEqual(status);
  });

  it("a redirect return: complete exchanges the code once; another code for the finished sign-in is a replay", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const { state } = await api.deviceAuth.start({ deviceId: device.deviceId });
    const { continuationUri } = await api.simulation.simulateSignIn(state, SANDBOX.deviceAuth.approve, { callback: false });
    expect(await api.deviceAuth.status({ deviceId: device.deviceId, state })).toMatchObject({ status: "pending" });
    const [first, second] = await Promise.all([
      api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: continuationUri ?? "" }),
      api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: continuationUri ?? "" }),
    ]);
    expect(first).toMatchObject({ status: "complete" });
    expect(second).toEqual(first);
    const forged = new URL(continuationUri ?? "");
    forged.searchParams.set("code", "another-code-for-the-same-state");
    expect(await api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: forged.href })).toMatchObject({ status: "failed", reason: "code_reused_or_expired" });
  });

  it.each([
    [SANDBOX.deviceAuth.deny, "access_denied"],
    [SANDBOX.deviceAuth.stateMismatch, "state_mismatch"],
    [SANDBOX.deviceAuth.codeReused, "code_reused_or_expired"],
    [SANDBOX.deviceAuth.providerFailing, "provider_unavailable"],
  ] as const)("%s → failed %s, by complete and by status", async (outcome, reason) => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const { state } = await api.deviceAuth.start({ deviceId: device.deviceId });
    const { continuationUri } = await api.simulation.simulateSignIn(state, outcome, { callback: false });
    expect(await api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: continuationUri ?? "" })).toEqual({ status: "failed", deviceId: device.deviceId, reason });
    if (outcome !== SANDBOX.deviceAuth.stateMismatch) {
      expect(await api.deviceAuth.status({ deviceId: device.deviceId, state })).toMatchObject({ status: "failed", reason });
    }
    // Retry: a new sign-in works; the old one keeps its own result.
    const retry = await api.deviceAuth.start({ deviceId: device.deviceId });
    await api.simulation.simulateSignIn(retry.state, SANDBOX.deviceAuth.approve);
    expect(await api.deviceAuth.status({ deviceId: device.deviceId, state: retry.state })).toMatchObject({ status: "complete" });
    if (outcome !== SANDBOX.deviceAuth.stateMismatch) expect(await api.deviceAuth.status({ deviceId: device.deviceId, state })).toMatchObject({ status: "failed", reason });
  });

  it("close: the maker answers nothing and the sign-in stays pending until it expires on the clock", async () => {
    const { api, advance } = sandboxAt();
    const device = await registered(api);
    const { state } = await api.deviceAuth.start({ deviceId: device.deviceId });
    expect(await api.simulation.simulateSignIn(state, SANDBOX.deviceAuth.close)).toEqual({ continuationUri: null });
    expect(await api.deviceAuth.status({ deviceId: device.deviceId, state })).toMatchObject({ status: "pending" });
    advance(10 * 60 * 1000 + 1);
    expect(await api.deviceAuth.status({ deviceId: device.deviceId, state })).toMatchObject({ status: "failed", reason: "code_reused_or_expired" });
  });

  it("a code that comes back after the sign-in expired is not exchanged", async () => {
    const { api, advance } = sandboxAt();
    const device = await registered(api);
    const { state } = await api.deviceAuth.start({ deviceId: device.deviceId });
    const { continuationUri } = await api.simulation.simulateSignIn(state, SANDBOX.deviceAuth.approve, { callback: false });
    advance(11 * 60 * 1000);
    expect(await api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: continuationUri ?? "" })).toMatchObject({ status: "failed", reason: "code_reused_or_expired" });
  });

  it("hostile answers: garbage is a validation error; no state, another device's state or an unknown state is a state_mismatch", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const other = await registered(api, { make: "Kia", model: "EV6" });
    const { state } = await api.deviceAuth.start({ deviceId: device.deviceId });
    expect((await rejection(api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: "not a url %%" }))).code).toBe("validation");
    expect((await rejection(api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: "x".repeat(5000) }))).code).toBe("validation");
    expect((await rejection(api.deviceAuth.status({ deviceId: device.deviceId, state: "short" }))).code).toBe("validation");
    for (const continuationUri of ["https://example.com/back?code=abc", `https://example.com/back?code=abc&state=${"A".repeat(43)}`, "javascript:alert(1)"]) {
      expect(await api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri })).toMatchObject({ status: "failed", reason: "state_mismatch" });
    }
    const { continuationUri } = await api.simulation.simulateSignIn(state, SANDBOX.deviceAuth.approve, { callback: false });
    expect(await api.deviceAuth.complete({ deviceId: other.deviceId, continuationUri: continuationUri ?? "" })).toMatchObject({ status: "failed", reason: "state_mismatch" });
    // The hostile attempts did not spend the real answer.
    expect(await api.deviceAuth.complete({ deviceId: device.deviceId, continuationUri: continuationUri ?? "" })).toMatchObject({ status: "complete" });
  });

  it("start refuses an unknown device (not_found) and a provider without OAuth (conflict)", async () => {
    const { api } = sandboxAt();
    expect((await rejection(api.deviceAuth.start({ deviceId: "nope" }))).code).toBe("not_found");
    const jedlix = await registered(api, SANDBOX.devices.noOAuth.vehicle);
    expect((await rejection(api.deviceAuth.start({ deviceId: jedlix.deviceId }))).code).toBe("conflict");
  });

  it("over the REST contract: the three operations route and answer, and hostile input is a 4xx", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const serve = (method: string, pathname: string, query: string, readJson: () => Promise<unknown>) => serveOperation(api, { method, pathname, query: new URLSearchParams(query), readJson });
    const started = await serve("POST", `/v1/devices/${device.deviceId}/auth`, "", async () => ({}));
    expect(started.status).toBe(200);
    const { state } = started.body as { state: string };
    expect(await serve("GET", `/v1/devices/${device.deviceId}/auth`, `state=${state}`, async () => undefined)).toMatchObject({ status: 200, body: { status: "pending" } });
    const { continuationUri } = await api.simulation.simulateSignIn(state, SANDBOX.deviceAuth.approve, { callback: false });
    expect(await serve("POST", `/v1/devices/${device.deviceId}/auth/complete`, "", async () => ({ continuationUri }))).toMatchObject({ status: 200, body: { status: "complete" } });
    const hostile: (() => Promise<unknown>)[] = [() => Promise.reject(new SyntaxError("bad json")), async () => ({ continuationUri: 42 }), async () => ({ continuationUri: "::" }), async () => [1]];
    for (const readJson of hostile) {
      const answer = await serve("POST", `/v1/devices/${device.deviceId}/auth/complete`, "", readJson);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect((await serve("GET", `/v1/devices/${device.deviceId}/auth`, "state=%00", async () => undefined)).status).toBe(422);
  });
});
