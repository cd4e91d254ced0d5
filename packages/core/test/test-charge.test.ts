import { describe, expect, it } from "vitest";
import { SANDBOX, TEST_CHARGE_FAILURES, TEST_CHARGE_REFUSALS, TestCharge, createSandboxApi, serveOperation } from "@onflex/core";
import type { RegisteredDevice, SandboxApi, SandboxOptions, TestChargeRefusal } from "@onflex/core";
import { rejection } from "./rejection.js";

const MPAN = SANDBOX.mpans.domestic;
const confirmed = { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true } as const;
const MINUTE = 60_000;

async function registered(api: SandboxApi, pick: { make: string; model: string } = SANDBOX.devices.carPreferred.vehicle, deviceType: "ELECTRIC_VEHICLES" | "CHARGE_POINTS" = "ELECTRIC_VEHICLES"): Promise<RegisteredDevice> {
  const { models } = await api.devices.models({ deviceType, make: pick.make });
  const model = models.find((item) => item.model === pick.model);
  if (!model?.provider) throw new Error("fixture model missing");
  return api.devices.register({ mpan: MPAN, deviceType, make: model.make, model: model.model, provider: model.provider });
}

function sandboxAt(options: SandboxOptions = {}, start = Date.parse("2026-11-21T09:30:00.000Z")) {
  let now = start;
  const api = createSandboxApi({ ...options, clock: () => new Date(now) });
  return { api, advance: (ms: number) => (now += ms), now: () => now };
}

const REFUSAL_FIXTURES: [keyof typeof SANDBOX.testCharge, TestChargeRefusal][] = [
  ["awayFromHome", "TC_DEVICE_AWAY_FROM_HOME"],
  ["noLocationConfigured", "TC_DEVICE_NO_LOCATION_CONFIGURED"],
  ["locationUnableToIdentify", "TC_DEVICE_LOCATION_UNABLE_TO_IDENTIFY"],
  ["locationMissing", "TC_DEVICE_LOCATION_MISSING"],
  ["deviceDisconnected", "TC_DEVICE_DISCONNECTED"],
  ["alreadyCharging", "TC_DEVICE_ALREADY_CHARGING"],
  ["suspended", "TC_DEVICE_SUSPENDED"],
  ["retired", "TC_DEVICE_RETIRED"],
  ["onboardingInProgress", "TC_DEVICE_ONBOARDING_IN_PROGRESS"],
  ["vehicleNotReady", "VEHICLE_NOT_READY"],
  ["unableToInitiate", "UNABLE_TO_INITIATE_TEST_CHARGE"],
];

const FAILURE_FIXTURES = [
  ["notAtHome", "not_at_home", 0.2],
  ["unableToCommunicate", "unable_to_communicate", 0.4],
  ["disconnected", "disconnected", 0.5],
  ["chargeLimitReached", "charge_limit_reached", 0.6],
  ["assessmentsFailed", "assessments_failed", 1],
  ["unknown", "unknown", 0.3],
] as const;

describe("device status and test charges against the SIMULATED platform", () => {
  it("a registered device is ONBOARDING; a passing test makes it ONBOARDING_TEST_IN_PROGRESS, PENDING_LIVE, then LIVE, on the clock", async () => {
    const { api, advance } = sandboxAt();
    const device = await registered(api);
    expect(await api.devices.status({ deviceId: device.deviceId })).toEqual({ deviceId: device.deviceId, status: "ONBOARDING", checkedAt: "2026-11-21T09:30:00.000Z" });
    const started = await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed });
    expect(started).toMatchObject({ status: "in_progress", startedAt: "2026-11-21T09:30:00.000Z", durationSeconds: 420, reading: null });
    expect((await api.devices.status({ deviceId: device.deviceId })).status).toBe("ONBOARDING_TEST_IN_PROGRESS");
    expect(api.simulation.registeredDevices()[0]?.status).toBe("ONBOARDING_TEST_IN_PROGRESS");
    advance(MINUTE);
    const running = await api.testCharge.get({ deviceId: device.deviceId });
    expect(running.status).toBe("in_progress");
    if (running.status !== "in_progress") return;
    expect(running.reading?.powerKw).toBeGreaterThanOrEqual(7);
    expect(running.reading?.powerKw).toBeLessThanOrEqual(7.4);
    expect(running.reading?.stateOfChargePercent).toBeGreaterThan(0);
    expect(running.reading?.readAt).toBe("2026-11-21T09:31:00.000Z");
    advance(6 * MINUTE);
    expect(await api.testCharge.get({ deviceId: device.deviceId })).toMatchObject({ status: "passed", completedAt: "2026-11-21T09:37:00.000Z", deviceStatus: "PENDING_LIVE" });
    expect((await api.devices.status({ deviceId: device.deviceId })).status).toBe("PENDING_LIVE");
    advance(MINUTE);
    expect((await api.devices.status({ deviceId: device.deviceId })).status).toBe("LIVE");
    expect(api.simulation.registeredDevices()[0]?.status).toBe("LIVE");
    // Another test on a LIVE device is refused with Kraken's reason.
    expect(await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed })).toMatchObject({ status: "refused", reason: "TC_DEVICE_LIVE", errorCode: null });
  });

  it("a start while a test runs answers that test, never a second one", async () => {
    const { api, advance } = sandboxAt();
    const device = await registered(api);
    const first = await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed });
    advance(2 * MINUTE);
    const again = await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed });
    expect(again).toMatchObject({ status: "in_progress", testId: first.status === "in_progress" ? first.testId : "?", startedAt: "2026-11-21T09:30:00.000Z" });
  });

  it.each(REFUSAL_FIXTURES)("SANDBOX.testCharge.%s refuses the next start with %s; the start after it passes", async (fixture, reason) => {
    const { api } = sandboxAt();
    const device = await registered(api);
    api.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge[fixture]);
    const refused = await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed });
    expect(refused).toMatchObject({ status: "refused", reason, errorCode: reason === "VEHICLE_NOT_READY" ? "KT-CT-4379" : null });
    const next = await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed });
    if (reason === "TC_DEVICE_RETIRED") {
      expect(next).toMatchObject({ status: "refused", reason: "TC_DEVICE_RETIRED" });
      expect((await api.devices.status({ deviceId: device.deviceId })).status).toBe("RETIRED");
    } else {
      expect(next.status).toBe("in_progress");
    }
  });

  it.each(FAILURE_FIXTURES)("SANDBOX.testCharge.%s starts, then fails with %s at %s of the way, and a new test may start", async (fixture, reason, at) => {
    const { api, advance } = sandboxAt();
    const device = await registered(api);
    api.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge[fixture]);
    expect((await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed })).status).toBe("in_progress");
    advance(420_000 * at - 1);
    expect((await api.testCharge.get({ deviceId: device.deviceId })).status).toBe("in_progress");
    advance(1);
    expect(await api.testCharge.get({ deviceId: device.deviceId })).toMatchObject({ status: "failed", reason });
    expect((await api.devices.status({ deviceId: device.deviceId })).status).toBe("FAILED_ONBOARDING_TEST");
    expect(await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed })).toMatchObject({ status: "in_progress", testId: "sbx-test-charge-2" });
  });

  it("covers every refusal and failure the schema names, except TC_DEVICE_LIVE, which needs no fixture", () => {
    expect(REFUSAL_FIXTURES.map(([, reason]) => reason).sort()).toEqual(TEST_CHARGE_REFUSALS.filter((reason) => reason !== "TC_DEVICE_LIVE").sort());
    expect(FAILURE_FIXTURES.map(([, reason]) => reason).sort()).toEqual([...TEST_CHARGE_FAILURES].sort());
  });

  it("testChargeOutcomes queue outcomes for successive starts; testChargeSpeed runs the test faster", async () => {
    const { api, advance } = sandboxAt({ testChargeOutcomes: [SANDBOX.testCharge.alreadyCharging], testChargeSpeed: 10 });
    const device = await registered(api);
    expect(await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed })).toMatchObject({ status: "refused", reason: "TC_DEVICE_ALREADY_CHARGING" });
    expect(await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed })).toMatchObject({ status: "in_progress", durationSeconds: 42 });
    advance(42_000);
    expect(await api.testCharge.get({ deviceId: device.deviceId })).toMatchObject({ status: "passed", deviceStatus: "PENDING_LIVE" });
    advance(6_000);
    expect((await api.devices.status({ deviceId: device.deviceId })).status).toBe("LIVE");
  });

  it("a charger reports power but no state of charge", async () => {
    const { api, advance } = sandboxAt();
    const device = await registered(api, SANDBOX.devices.chargerOnly.charger, "CHARGE_POINTS");
    await api.testCharge.start({ deviceId: device.deviceId, preconditions: confirmed });
    advance(MINUTE);
    const answer = await api.testCharge.get({ deviceId: device.deviceId });
    expect(answer).toMatchObject({ status: "in_progress", reading: { stateOfChargePercent: null } });
  });

  it("refuses unconfirmed preconditions (validation), an unknown device and a device never tested (not_found)", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    for (const preconditions of [{ ...confirmed, batteryNotFull: false }, { pluggedInAtHome: true }, null]) {
      expect((await rejection(api.testCharge.start({ deviceId: device.deviceId, preconditions } as never))).code).toBe("validation");
    }
    expect((await api.devices.status({ deviceId: device.deviceId })).status).toBe("ONBOARDING");
    expect((await rejection(api.testCharge.start({ deviceId: "nope", preconditions: confirmed }))).code).toBe("not_found");
    expect((await rejection(api.devices.status({ deviceId: "nope" }))).code).toBe("not_found");
    expect((await rejection(api.testCharge.get({ deviceId: device.deviceId }))).code).toBe("not_found");
  });

  it("the answer schema refuses a malformed test charge", () => {
    expect(TestCharge.safeParse({ status: "in_progress", deviceId: "d", testId: "t", startedAt: "yesterday", durationSeconds: 420, checkedAt: "2026-11-21T09:30:00.000Z", reading: null }).success).toBe(false);
    expect(TestCharge.safeParse({ status: "refused", deviceId: "d", reason: "TC_SOMETHING_ELSE", errorCode: null, checkedAt: "2026-11-21T09:30:00.000Z" }).success).toBe(false);
  });

  it("over the REST contract: the three operations route and answer, and hostile input is a 4xx", async () => {
    const { api } = sandboxAt();
    const device = await registered(api);
    const serve = (method: string, pathname: string, readJson: () => Promise<unknown> = async () => undefined) =>
      serveOperation(api, { method, pathname, query: new URLSearchParams(), readJson });
    expect(await serve("GET", `/v1/devices/${device.deviceId}/status`)).toMatchObject({ status: 200, body: { status: "ONBOARDING" } });
    expect(await serve("POST", `/v1/devices/${device.deviceId}/test-charge`, async () => ({ preconditions: confirmed }))).toMatchObject({ status: 200, body: { status: "in_progress" } });
    expect(await serve("GET", `/v1/devices/${device.deviceId}/test-charge`)).toMatchObject({ status: 200, body: { status: "in_progress" } });
    const hostile: (() => Promise<unknown>)[] = [() => Promise.reject(new SyntaxError("bad json")), async () => ({ preconditions: "yes" }), async () => ({}), async () => [1]];
    for (const readJson of hostile) {
      const answer = await serve("POST", `/v1/devices/${device.deviceId}/test-charge`, readJson);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect((await serve("GET", "/v1/devices/nope/status")).status).toBe(404);
  });
});
