import type { DeviceStatus, TestChargeFailure, TestChargeReading, TestChargeRefusal } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { TestChargeMachine } from "./test-charge.machine.js";
import type { TestChargeConfirmation, TestChargeEvent, TestChargePrecondition, TestChargeStep } from "./test-charge.types.js";

export type TestChargeSnapshot = SnapshotFrom<TestChargeMachine>;

/** How far the running test has got, on the platform's clock. */
export interface TestChargeProgress {
  /** Whole seconds left (0 once the test should have finished; the platform still has the last word). */
  secondsLeft: number;
  /** Minutes left, rounded up: "3 minutes left" until the last minute, "1 minute left" in it. */
  minutesLeft: number;
  /** 0 to 100. */
  percent: number;
  durationSeconds: number;
}

/** Everything a test charge view renders and every command it may call. */
export interface TestChargeView {
  step: TestChargeStep;
  /** "Tesla Model 3". */
  deviceLabel: string;
  /** The device reports its battery's charge level (cars do, chargers usually don't). */
  reportsStateOfCharge: boolean;
  /** Reading the device's status, or starting the test. */
  isLoading: boolean;
  /** The test is running. */
  isRunning: boolean;
  /** Checks paused because the page is hidden (while the test runs or the device goes live). */
  isPaused: boolean;
  /** The device's status as last read. */
  deviceStatus: DeviceStatus | null;
  /** Passed and waiting for the platform: the device is PENDING_LIVE ("almost there"). */
  isPendingLive: boolean;
  isLive: boolean;
  /** What the user ticked (kept through a refusal, a failure and a reload). */
  confirmed: TestChargeConfirmation;
  /** Preconditions the user tried to start without. */
  unconfirmed: TestChargePrecondition[];
  progress: TestChargeProgress | null;
  /** The latest reading from the device, when the platform has one. */
  reading: TestChargeReading | null;
  refusal: TestChargeRefusal | null;
  /** Kraken's error code with a refusal (KT-CT-4379: the vehicle is not ready). */
  refusalCode: string | null;
  failure: TestChargeFailure | null;
  error: FlowError | null;
  canStart: boolean;
  canRetry: boolean;
  canContinue: boolean;
  canExit: boolean;
  start(confirmation: TestChargeConfirmation): void;
  retry(): void;
  continue(): void;
  exit(): void;
  /** The page was hidden or shown again (document.visibilitychange). */
  pageHidden(): void;
  pageVisible(): void;
  getRootProps(): PartProps;
  /** The progress bar: a `progressbar` with its value, for assistive technology too. */
  getProgressProps(): PartProps & { role: "progressbar"; "aria-valuemin": 0; "aria-valuemax": 100; "aria-valuenow": number };
}

function stepOf(value: TestChargeSnapshot["value"]): TestChargeStep {
  return (typeof value === "string" ? value : Object.keys(value)[0]) as TestChargeStep;
}

function progressOf(context: TestChargeSnapshot["context"]): TestChargeProgress | null {
  const test = context.test;
  if (!test) return null;
  const durationMs = test.durationSeconds * 1000;
  const platformNow = context.now + context.skewMs;
  const leftMs = Math.min(durationMs, Math.max(0, Date.parse(test.startedAt) + durationMs - platformNow));
  return {
    secondsLeft: Math.ceil(leftMs / 1000),
    minutesLeft: Math.ceil(leftMs / 60_000),
    percent: Math.round(((durationMs - leftMs) / durationMs) * 100),
    durationSeconds: test.durationSeconds,
  };
}

export function connectTestCharge(snapshot: TestChargeSnapshot, send: Send<TestChargeEvent>): TestChargeView {
  const { context } = snapshot;
  const step = stepOf(snapshot.value);
  const isRunning = step === "running";
  const progress = isRunning ? progressOf(context) : null;
  return {
    step,
    deviceLabel: `${context.device.make} ${context.device.model}`,
    reportsStateOfCharge: context.device.supportsStateOfCharge,
    isLoading: step === "loading" || step === "starting",
    isRunning,
    isPaused: snapshot.matches({ running: { poll: "paused" } }) || snapshot.matches({ awaitingLive: "paused" }),
    deviceStatus: context.deviceStatus,
    isPendingLive: step === "awaitingLive" && context.deviceStatus === "PENDING_LIVE",
    isLive: step === "live",
    confirmed: context.confirmed,
    unconfirmed: step === "preconditions" ? context.unconfirmed : [],
    progress,
    reading: isRunning ? (context.test?.reading ?? null) : null,
    refusal: step === "refused" ? context.refusal : null,
    refusalCode: step === "refused" ? context.refusalCode : null,
    failure: step === "failed" ? context.failure : null,
    error: step === "loadFailed" || step === "startFailed" ? context.error : null,
    canStart: step === "preconditions",
    canRetry: snapshot.can({ type: "TC.RETRY" }),
    canContinue: snapshot.can({ type: "TC.CONTINUE" }),
    canExit: snapshot.can({ type: "TC.EXIT" }),
    start: (confirmation) => send({ type: "TC.START", ...confirmation }),
    retry: () => send({ type: "TC.RETRY" }),
    continue: () => send({ type: "TC.CONTINUE" }),
    exit: () => send({ type: "TC.EXIT" }),
    pageHidden: () => send({ type: "TC.PAGE_HIDDEN" }),
    pageVisible: () => send({ type: "TC.PAGE_VISIBLE" }),
    getRootProps: () => partProps("testCharge", "root", step),
    getProgressProps: () => ({
      ...partProps("testCharge", "progress", step),
      role: "progressbar",
      "aria-valuemin": 0,
      "aria-valuemax": 100,
      "aria-valuenow": progress?.percent ?? 0,
    }),
  };
}
