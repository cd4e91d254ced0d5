/**
 * Model-based test of the testCharge flow (the harness in model.harness.ts): every state by its
 * shortest paths, with what the user sees checked at each step, and every transition taken. The
 * flow's timers (the next check, the one-second tick) are among the walked events; on the
 * running actor they are sent as the timer would send them.
 */
import { createSandboxApi } from "@onflex/core";
import type { DeviceStatusResult, TestCharge } from "@onflex/core";
import { expect } from "vitest";
import type { EventObject } from "xstate";
import { bindFlow, connectTestCharge, testChargeFlow } from "../src/index.js";
import type { TestChargeState, TestChargeView } from "../src/index.js";
import { fixedNow, upstream } from "./fakes.js";
import { modelTests } from "./model.harness.js";
import { registeredTesla } from "./fixtures/devices.js";

const machine = bindFlow(testChargeFlow, { api: createSandboxApi(), clock: fixedNow });
const at = fixedNow().toISOString();
const minuteAgo = new Date(fixedNow().getTime() - 60_000).toISOString();

const device = registeredTesla;
const started = { deviceId: "device-1", testId: "test-1", startedAt: minuteAgo, durationSeconds: 420, checkedAt: at };
const running: TestCharge = { status: "in_progress", ...started, reading: { powerKw: 7.2, stateOfChargePercent: 55, readAt: at } };
const passed: TestCharge = { status: "passed", ...started, completedAt: at, deviceStatus: "PENDING_LIVE" };
const failed: TestCharge = { status: "failed", ...started, failedAt: at, reason: "disconnected" };
const refused = (reason: "TC_DEVICE_LIVE" | "TC_DEVICE_AWAY_FROM_HOME"): TestCharge => ({ status: "refused", deviceId: "device-1", reason, errorCode: null, checkedAt: at });
const status = (value: DeviceStatusResult["status"]): DeviceStatusResult => ({ deviceId: "device-1", status: value, checkedAt: at });
const loaded = (value: DeviceStatusResult["status"], test: TestCharge | null = null): TestChargeState => ({ status: status(value), test });

const all = { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true };
const some = { pluggedInAtHome: true, batteryNotFull: false, agreedToCharge: false };

// The timers' events go to the running flow through the last send the view was drawn with.
let sendToFlow: (event: EventObject) => void = () => {};

/** Hidden until shown again: the paused states are left only by the page showing. */
const hidden = (played: readonly EventObject[]) => played.filter((event) => /^TC\.PAGE_/.test(event.type)).at(-1)?.type === "TC.PAGE_HIDDEN";

function quiet(view: TestChargeView) {
  expect(view.isLoading).toBe(false);
  expect(view.progress).toBeNull();
}

modelTests<typeof machine, TestChargeView>({
  name: "testCharge",
  machine,
  input: { device },
  requests: ["loadState", "startTest", "checkTest", "checkStatus"],
  samples: [
    { type: "xstate.done.actor.loadState", output: loaded("ONBOARDING") },
    { type: "xstate.done.actor.loadState", output: loaded("LIVE") },
    { type: "xstate.done.actor.loadState", output: loaded("RETIRED") },
    { type: "xstate.done.actor.loadState", output: loaded("ONBOARDING_TEST_IN_PROGRESS", running) },
    { type: "xstate.done.actor.loadState", output: loaded("PENDING_LIVE", passed) },
    { type: "xstate.done.actor.loadState", output: loaded("FAILED_ONBOARDING_TEST", failed) },
    { type: "xstate.error.actor.loadState", error: upstream() },
    { type: "TC.START", ...all },
    { type: "TC.START", ...some },
    { type: "xstate.done.actor.startTest", output: refused("TC_DEVICE_LIVE") },
    { type: "xstate.done.actor.startTest", output: refused("TC_DEVICE_AWAY_FROM_HOME") },
    { type: "xstate.done.actor.startTest", output: running },
    { type: "xstate.done.actor.startTest", output: passed },
    { type: "xstate.done.actor.startTest", output: failed },
    { type: "xstate.error.actor.startTest", error: upstream() },
    { type: "xstate.done.actor.checkTest", output: running },
    { type: "xstate.done.actor.checkTest", output: passed },
    { type: "xstate.done.actor.checkTest", output: failed },
    // Not an answer a running test gives: asked again later.
    { type: "xstate.done.actor.checkTest", output: refused("TC_DEVICE_AWAY_FROM_HOME") },
    { type: "xstate.error.actor.checkTest", error: upstream() },
    { type: "xstate.done.actor.checkStatus", output: status("PENDING_LIVE") },
    { type: "xstate.done.actor.checkStatus", output: status("LIVE") },
    { type: "xstate.error.actor.checkStatus", error: upstream() },
  ],
  // The check count only sets the backoff.
  unstable: ["polls"],
  connect(snapshot, send) {
    sendToFlow = send as (event: EventObject) => void;
    return connectTestCharge(snapshot, send);
  },
  act(view, event) {
    switch (event.type) {
      case "TC.START":
        return view.start({ pluggedInAtHome: event.pluggedInAtHome, batteryNotFull: event.batteryNotFull, agreedToCharge: event.agreedToCharge });
      case "TC.RETRY":
        return view.retry();
      case "TC.EXIT":
        return view.exit();
      case "TC.CONTINUE":
        return view.continue();
      case "TC.PAGE_HIDDEN":
        return view.pageHidden();
      case "TC.PAGE_VISIBLE":
        return view.pageVisible();
      default:
        // A timer: the next check, or the one-second tick.
        expect((event as EventObject).type).toMatch(/^xstate\.after\./);
        return sendToFlow(event);
    }
  },
  sees: {
    loading(view) {
      expect(view.isLoading).toBe(true);
      expect(view.canStart).toBe(false);
      expect(view.canExit).toBe(true);
    },
    loadFailed(view) {
      quiet(view);
      expect(view.error?.code).toBe("upstream");
      expect(view.canRetry).toBe(true);
      expect(view.canExit).toBe(true);
    },
    preconditions(view, { via }) {
      quiet(view);
      expect(view.canStart).toBe(true);
      if (via.type === "TC.START") {
        expect(view.unconfirmed).toEqual(["batteryNotFull", "agreedToCharge"]);
        expect(view.confirmed).toEqual(some);
      } else {
        expect(view.unconfirmed).toEqual([]);
      }
    },
    starting(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(view.canStart).toBe(false);
      expect(requests["startTest"]?.at(-1)).toEqual({ deviceId: "device-1" });
    },
    startFailed(view) {
      quiet(view);
      expect(view.error?.code).toBe("upstream");
      expect(view.canRetry).toBe(true);
    },
    refused(view, { via }) {
      quiet(view);
      expect(view.refusal).toBe(via.type === "xstate.done.actor.loadState" ? "TC_DEVICE_RETIRED" : "TC_DEVICE_AWAY_FROM_HOME");
      expect(view.refusalCode).toBeNull();
      expect(view.canRetry).toBe(true);
      expect(view.canExit).toBe(true);
    },
    running(view, { played }) {
      expect(view.isRunning).toBe(true);
      // A minute into seven, on the platform's clock.
      expect(view.progress).toEqual({ secondsLeft: 360, minutesLeft: 6, percent: 14, durationSeconds: 420 });
      expect(view.reading).toEqual({ powerKw: 7.2, stateOfChargePercent: 55, readAt: at });
      expect(view.isPaused).toBe(hidden(played));
      expect(view.canExit).toBe(false);
    },
    failed(view) {
      quiet(view);
      expect(view.failure).toBe("disconnected");
      expect(view.canRetry).toBe(true);
    },
    awaitingLive(view, { played }) {
      quiet(view);
      expect(view.isPendingLive).toBe(true);
      expect(view.canContinue).toBe(true);
      expect(view.isPaused).toBe(hidden(played));
    },
    live(view) {
      expect(view.isLive).toBe(true);
      expect(view.canRetry).toBe(false);
    },
    continued(view) {
      expect(view.isLive).toBe(false);
      expect(view.canContinue).toBe(false);
    },
    exited(view) {
      expect(view.canRetry).toBe(false);
      expect(view.canStart).toBe(false);
    },
  },
});
