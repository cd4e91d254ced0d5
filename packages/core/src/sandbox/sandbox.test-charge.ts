import { OnflexError } from "../errors.js";
import type {
  DeviceStatus,
  DeviceStatusInput,
  DeviceStatusResult,
  RegisteredDevice,
  TestCharge,
  TestChargeFailure,
  TestChargeGetInput,
  TestChargeReading,
  TestChargeRefusal,
  TestChargeStartInput,
} from "../schemas/index.js";
import { TEST_CHARGE_SECONDS, VEHICLE_NOT_READY_ERROR_CODE } from "../schemas/test-charge.js";
import { SANDBOX } from "./sandbox.fixtures.js";
import { hashString, seededRandom } from "./sandbox.random.js";

/**
 * A SIMULATED test charge, in memory, on the sandbox's injectable clock: nothing charges. A
 * test's whole course is fixed when it starts (by the outcome a test or the demo named with
 * `SANDBOX.testCharge.*`, else it passes) and every answer is computed from the clock, so a
 * test or story moves time instead of waiting seven minutes. `speed` runs it faster than real
 * time (the demo's option; say so on screen).
 *
 * The test moves the registered device's `status` on its record, as the platform does:
 * ONBOARDING → ONBOARDING_TEST_IN_PROGRESS → PENDING_LIVE → LIVE, or FAILED_ONBOARDING_TEST.
 * The record is brought up to date (`sync`) whenever the sandbox reads it.
 */

export type SandboxTestChargeOutcome = (typeof SANDBOX.testCharge)[keyof typeof SANDBOX.testCharge];

/** After a pass, the platform takes about a minute to make the device LIVE (PENDING_LIVE until then). */
const PENDING_LIVE_SECONDS = 60;
/** The first reading arrives this long after the start. */
const FIRST_READING_SECONDS = 20;

const REFUSALS: ReadonlyMap<string, TestChargeRefusal> = new Map([
  [SANDBOX.testCharge.awayFromHome, "TC_DEVICE_AWAY_FROM_HOME"],
  [SANDBOX.testCharge.noLocationConfigured, "TC_DEVICE_NO_LOCATION_CONFIGURED"],
  [SANDBOX.testCharge.locationUnableToIdentify, "TC_DEVICE_LOCATION_UNABLE_TO_IDENTIFY"],
  [SANDBOX.testCharge.locationMissing, "TC_DEVICE_LOCATION_MISSING"],
  [SANDBOX.testCharge.deviceDisconnected, "TC_DEVICE_DISCONNECTED"],
  [SANDBOX.testCharge.alreadyCharging, "TC_DEVICE_ALREADY_CHARGING"],
  [SANDBOX.testCharge.suspended, "TC_DEVICE_SUSPENDED"],
  [SANDBOX.testCharge.retired, "TC_DEVICE_RETIRED"],
  [SANDBOX.testCharge.onboardingInProgress, "TC_DEVICE_ONBOARDING_IN_PROGRESS"],
  [SANDBOX.testCharge.vehicleNotReady, "VEHICLE_NOT_READY"],
  [SANDBOX.testCharge.unableToInitiate, "UNABLE_TO_INITIATE_TEST_CHARGE"],
]);

/** Each failure and how far into the test it happens (a fraction of its duration). */
const FAILURES: ReadonlyMap<string, { reason: TestChargeFailure; at: number }> = new Map([
  [SANDBOX.testCharge.notAtHome, { reason: "not_at_home", at: 0.2 }],
  [SANDBOX.testCharge.unableToCommunicate, { reason: "unable_to_communicate", at: 0.4 }],
  [SANDBOX.testCharge.disconnected, { reason: "disconnected", at: 0.5 }],
  [SANDBOX.testCharge.chargeLimitReached, { reason: "charge_limit_reached", at: 0.6 }],
  [SANDBOX.testCharge.assessmentsFailed, { reason: "assessments_failed", at: 1 }],
  [SANDBOX.testCharge.unknown, { reason: "unknown", at: 0.3 }],
] as const);

interface TestRun {
  testId: string;
  deviceId: string;
  startedAt: number;
  durationMs: number;
  failure: { reason: TestChargeFailure; at: number } | null;
  /** The battery's charge level at the start, null for a device that does not report it. */
  stateOfChargeAtStart: number | null;
}

export interface TestChargeSimulation {
  start(input: TestChargeStartInput): TestCharge;
  get(input: TestChargeGetInput): TestCharge;
  status(input: DeviceStatusInput): DeviceStatusResult;
  /** Brings a device record's `status` up to the clock's now. */
  sync(device: RegisteredDevice): RegisteredDevice;
  /** What the device's next start does (once; then starts pass again). */
  simulateTestCharge(deviceId: string, outcome: SandboxTestChargeOutcome): void;
}

export function createTestChargeSimulation(deps: {
  clock: () => Date;
  deviceById: (deviceId: string) => RegisteredDevice | undefined;
  /** How many times faster than real time a test runs (default 1). */
  speed?: number;
  /** Outcomes for successive starts of any device, before they pass by default. */
  outcomes?: readonly SandboxTestChargeOutcome[];
}): TestChargeSimulation {
  const speed = deps.speed !== undefined && Number.isFinite(deps.speed) && deps.speed > 0 ? deps.speed : 1;
  const queued = [...(deps.outcomes ?? [])];
  const nextByDevice = new Map<string, SandboxTestChargeOutcome>();
  const latest = new Map<string, TestRun>();
  let counter = 0;
  const now = () => deps.clock().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const durationMs = (TEST_CHARGE_SECONDS * 1000) / speed;

  function statusAt(run: TestRun, at: number): DeviceStatus {
    const end = run.startedAt + run.durationMs;
    if (run.failure) return at < run.startedAt + run.durationMs * run.failure.at ? "ONBOARDING_TEST_IN_PROGRESS" : "FAILED_ONBOARDING_TEST";
    if (at < end) return "ONBOARDING_TEST_IN_PROGRESS";
    return at < end + (PENDING_LIVE_SECONDS * 1000) / speed ? "PENDING_LIVE" : "LIVE";
  }

  function sync(device: RegisteredDevice): RegisteredDevice {
    const run = latest.get(device.deviceId);
    if (run && device.status !== "RETIRED") device.status = statusAt(run, now());
    return device;
  }

  function deviceFor(deviceId: string): RegisteredDevice {
    const device = deps.deviceById(deviceId);
    if (!device) throw new OnflexError("not_found", "No device with that id is registered (sandbox).", { retryable: false, details: { deviceId } });
    return sync(device);
  }

  function readingAt(run: TestRun, at: number): TestChargeReading | null {
    const elapsed = at - run.startedAt;
    if (elapsed < (FIRST_READING_SECONDS * 1000) / speed) return null;
    // One reading every 10 s of the test's own time, as a car's telematics report.
    const step = (10 * 1000) / speed;
    const readAt = run.startedAt + Math.floor(elapsed / step) * step;
    const realMinutes = ((readAt - run.startedAt) * speed) / 60_000;
    const wobble = seededRandom(hashString(`${run.testId}:${readAt}`))();
    return {
      powerKw: Math.round((7 + wobble * 0.4) * 10) / 10,
      // About 7 kW into a 60 kWh battery: 0.2 percentage points a minute.
      stateOfChargePercent: run.stateOfChargeAtStart === null ? null : Math.min(100, Math.round((run.stateOfChargeAtStart + realMinutes * 0.2) * 10) / 10),
      readAt: iso(readAt),
    };
  }

  function answer(run: TestRun): TestCharge {
    const at = now();
    const started = { deviceId: run.deviceId, testId: run.testId, startedAt: iso(run.startedAt), durationSeconds: Math.max(1, Math.round(run.durationMs / 1000)), checkedAt: iso(at) };
    const status = statusAt(run, at);
    if (status === "ONBOARDING_TEST_IN_PROGRESS") {
      const reading = readingAt(run, at);
      return { status: "in_progress", ...started, reading };
    }
    if (run.failure) return { status: "failed", ...started, failedAt: iso(run.startedAt + run.durationMs * run.failure.at), reason: run.failure.reason };
    return { status: "passed", ...started, completedAt: iso(run.startedAt + run.durationMs), deviceStatus: status };
  }

  function refused(deviceId: string, reason: TestChargeRefusal): TestCharge {
    return { status: "refused", deviceId, reason, errorCode: reason === "VEHICLE_NOT_READY" ? VEHICLE_NOT_READY_ERROR_CODE : null, checkedAt: iso(now()) };
  }

  return {
    start({ deviceId }) {
      const device = deviceFor(deviceId);
      const current = latest.get(deviceId);
      // A repeat while a test runs (or after it passed) answers that test: one test per request.
      if (device.status === "ONBOARDING_TEST_IN_PROGRESS" && current) return answer(current);
      if (device.status === "PENDING_LIVE" && current) return answer(current);
      if (device.status === "LIVE") return refused(deviceId, "TC_DEVICE_LIVE");
      if (device.status === "RETIRED") return refused(deviceId, "TC_DEVICE_RETIRED");
      const outcome = nextByDevice.get(deviceId) ?? queued.shift() ?? SANDBOX.testCharge.pass;
      nextByDevice.delete(deviceId);
      const refusal = REFUSALS.get(outcome);
      if (refusal) {
        if (refusal === "TC_DEVICE_RETIRED") device.status = "RETIRED";
        return refused(deviceId, refusal);
      }
      counter += 1;
      const run: TestRun = {
        testId: `sbx-test-charge-${counter}`,
        deviceId,
        startedAt: now(),
        durationMs,
        failure: FAILURES.get(outcome) ?? null,
        stateOfChargeAtStart: device.supportsStateOfCharge ? 40 + Math.floor(seededRandom(hashString(deviceId))() * 30) : null,
      };
      latest.set(deviceId, run);
      sync(device);
      return answer(run);
    },
    get({ deviceId }) {
      deviceFor(deviceId);
      const run = latest.get(deviceId);
      if (!run) throw new OnflexError("not_found", "This device has no test charge yet (sandbox).", { retryable: false, details: { deviceId } });
      return answer(run);
    },
    status({ deviceId }) {
      const device = deviceFor(deviceId);
      return { deviceId, status: device.status, checkedAt: iso(now()) };
    },
    sync,
    simulateTestCharge(deviceId, outcome) {
      deviceFor(deviceId);
      nextByDevice.set(deviceId, outcome);
    },
  };
}
