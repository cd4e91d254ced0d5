import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";
import { DeviceStatus } from "./device.js";

/**
 * Proving control of a car (Kraken SmartFlex's TestCharge step): with the car plugged in at
 * home and its battery not full, the platform charges it for about seven minutes. While the
 * test runs the device is ONBOARDING_TEST_IN_PROGRESS; a passed test makes it PENDING_LIVE,
 * then LIVE; a failed one FAILED_ONBOARDING_TEST, and another test may be started.
 */

/** How long the platform charges the car to prove it can control it. */
export const TEST_CHARGE_SECONDS = 7 * 60;

/**
 * Why the platform would not start a test charge. Kraken's refusal reasons (TC_DEVICE_*), its
 * "vehicle not ready" error (`KT-CT-4379`) as VEHICLE_NOT_READY, and its
 * UNABLE_TO_INITIATE_TEST_CHARGE for any other failure to start.
 */
export const TEST_CHARGE_REFUSALS = [
  "TC_DEVICE_LIVE",
  "TC_DEVICE_ONBOARDING_IN_PROGRESS",
  "TC_DEVICE_RETIRED",
  "TC_DEVICE_SUSPENDED",
  "TC_DEVICE_DISCONNECTED",
  "TC_DEVICE_ALREADY_CHARGING",
  "TC_DEVICE_AWAY_FROM_HOME",
  "TC_DEVICE_NO_LOCATION_CONFIGURED",
  "TC_DEVICE_LOCATION_UNABLE_TO_IDENTIFY",
  "TC_DEVICE_LOCATION_MISSING",
  "VEHICLE_NOT_READY",
  "UNABLE_TO_INITIATE_TEST_CHARGE",
] as const;
export const TestChargeRefusal = z.enum(TEST_CHARGE_REFUSALS);
export type TestChargeRefusal = z.infer<typeof TestChargeRefusal>;

/** Kraken's error code for a vehicle that is not ready for a test charge. */
export const VEHICLE_NOT_READY_ERROR_CODE = "KT-CT-4379";

/**
 * Why a test charge that started did not pass (Kraken answers UNABLE_TO_COMPLETE_TEST_CHARGE;
 * these are its reasons as Onflex names them).
 */
export const TEST_CHARGE_FAILURES = ["not_at_home", "unable_to_communicate", "disconnected", "charge_limit_reached", "assessments_failed", "unknown"] as const;
export const TestChargeFailure = z.enum(TEST_CHARGE_FAILURES);
export type TestChargeFailure = z.infer<typeof TestChargeFailure>;

/** What the user confirmed before the test starts; each must be true, so the server sees the user agreed. */
export const TestChargePreconditions = z.object({
  /** The car is plugged in at home. */
  pluggedInAtHome: z.literal(true),
  /** The battery is not full, so the car can take a charge. */
  batteryNotFull: z.literal(true),
  /** The user agrees to about seven minutes of charging now. */
  agreedToCharge: z.literal(true),
});
export type TestChargePreconditions = z.infer<typeof TestChargePreconditions>;

export const DeviceStatusInput = z.object({ deviceId: NonEmptyString });
export type DeviceStatusInput = z.infer<typeof DeviceStatusInput>;

/** A device's lifecycle status as the platform reports it, and the platform's time of the answer. */
export const DeviceStatusResult = z.object({ deviceId: NonEmptyString, status: DeviceStatus, checkedAt: IsoUtcTimestamp });
export type DeviceStatusResult = z.infer<typeof DeviceStatusResult>;

export const TestChargeStartInput = z.object({ deviceId: NonEmptyString, preconditions: TestChargePreconditions });
export type TestChargeStartInput = z.infer<typeof TestChargeStartInput>;

export const TestChargeGetInput = z.object({ deviceId: NonEmptyString });
export type TestChargeGetInput = z.infer<typeof TestChargeGetInput>;

/** The latest reading from the car or charger during the test; the state of charge is null when the device does not report it. */
export const TestChargeReading = z.object({
  powerKw: z.number().check(z.gte(0), z.lte(1000)),
  stateOfChargePercent: z.nullable(z.number().check(z.gte(0), z.lte(100))),
  readAt: IsoUtcTimestamp,
});
export type TestChargeReading = z.infer<typeof TestChargeReading>;

const Started = {
  deviceId: NonEmptyString,
  testId: NonEmptyString,
  /** The platform's time the charge started: time left is counted from it, never from a browser timer. */
  startedAt: IsoUtcTimestamp,
  /** How long the test takes from `startedAt` (about seven minutes; a SIMULATED backend may run faster). */
  durationSeconds: z.number().check(z.int(), z.gt(0), z.lte(24 * 60 * 60)),
  /** The platform's time of this answer, so a client can allow for its own clock being off. */
  checkedAt: IsoUtcTimestamp,
};

/**
 * A test charge as it stands: refused before it started (with Kraken's reason and, for a
 * vehicle that is not ready, its error code), running (with the latest reading when there is
 * one), passed, or failed with why. A refusal or failure is an answer, not an error.
 */
export const TestCharge = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("refused"),
    deviceId: NonEmptyString,
    reason: TestChargeRefusal,
    errorCode: z.nullable(z.string().check(z.maxLength(40))),
    checkedAt: IsoUtcTimestamp,
  }),
  z.object({ status: z.literal("in_progress"), ...Started, reading: z.nullable(TestChargeReading) }),
  z.object({ status: z.literal("passed"), ...Started, completedAt: IsoUtcTimestamp, deviceStatus: DeviceStatus }),
  z.object({ status: z.literal("failed"), ...Started, failedAt: IsoUtcTimestamp, reason: TestChargeFailure }),
]);
export type TestCharge = z.infer<typeof TestCharge>;
