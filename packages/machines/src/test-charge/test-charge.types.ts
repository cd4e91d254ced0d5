import type { DeviceStatus, RegisteredDevice, TestChargeFailure, TestChargeReading, TestChargeRefusal } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

export interface TestChargeInput {
  /** The registered device (the `device` fact): the car or charger to test. */
  device: RegisteredDevice;
}

/** The three things the user confirms before the test starts. */
export const TEST_CHARGE_PRECONDITIONS = ["pluggedInAtHome", "batteryNotFull", "agreedToCharge"] as const;
export type TestChargePrecondition = (typeof TEST_CHARGE_PRECONDITIONS)[number];
export type TestChargeConfirmation = Record<TestChargePrecondition, boolean>;

/** The test that is running, as the platform last reported it. */
export interface RunningTestCharge {
  testId: string;
  /** The platform's start time: time left is counted from it. */
  startedAt: string;
  durationSeconds: number;
  reading: TestChargeReading | null;
}

export interface TestChargeContext {
  device: RegisteredDevice;
  /** The device's lifecycle status as last read (null before the first answer). */
  deviceStatus: DeviceStatus | null;
  /** What the user ticked, kept through a refusal, a failure and a reload. */
  confirmed: TestChargeConfirmation;
  /** Preconditions the user tried to start without (shown as errors); empty otherwise. */
  unconfirmed: TestChargePrecondition[];
  test: RunningTestCharge | null;
  /** The device's clock at the last tick (ms since the epoch). */
  now: number;
  /** How far the platform's clock is ahead of the device's (ms), from the last answer. */
  skewMs: number;
  refusal: TestChargeRefusal | null;
  /** Kraken's error code with a refusal (KT-CT-4379 for a vehicle that is not ready), else null. */
  refusalCode: string | null;
  failure: TestChargeFailure | null;
  /** When the test passed (or when the device was found LIVE already). */
  completedAt: string | null;
  /** Checks made while waiting, for the backoff. */
  polls: number;
  error: FlowError | null;
}

export type TestChargeEvent =
  /** "Start the test charge", with what the user ticked. */
  | { type: "TC.START"; pluggedInAtHome: boolean; batteryNotFull: boolean; agreedToCharge: boolean }
  | { type: "TC.RETRY" }
  | { type: "TC.EXIT" }
  /** Carry on while the platform finishes making the device LIVE. */
  | { type: "TC.CONTINUE" }
  /** The page was hidden or shown again: checks pause while nobody is looking, and run at once on return. */
  | { type: "TC.PAGE_HIDDEN" }
  | { type: "TC.PAGE_VISIBLE" };

/** How the flow ended; `null` when the user left. */
export type TestChargeOutput = { deviceId: string; status: "LIVE" | "PENDING_LIVE"; completedAt: string } | null;

export type TestChargeStep =
  | "loading"
  | "loadFailed"
  | "preconditions"
  | "starting"
  | "startFailed"
  | "refused"
  | "running"
  | "failed"
  | "awaitingLive"
  | "live"
  | "continued"
  | "exited";

/** The testCharge fact: the device passed its test charge and is LIVE, or about to be. */
export interface TestChargeResult {
  deviceId: string;
  result: "PASSED";
  status: "LIVE" | "PENDING_LIVE";
  completedAt: string;
}
