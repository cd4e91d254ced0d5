/**
 * Model-based test of the virtualKey flow (the harness in model.harness.ts): every state by its
 * shortest paths, with what the user sees checked at each step, and every transition taken.
 * The background check's timer is an event of the walk; the running flow's timers are Vitest's
 * fake timers, moved past the longest backoff when the path says time passes.
 */
import { OnflexError } from "@onflex/core";
import type { VirtualKeyDetails, VirtualKeyStatus } from "@onflex/core";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { connectVirtualKey, virtualKeyFlow } from "../src/index.js";
import type { VirtualKeyEvent, VirtualKeyView } from "../src/index.js";
import type { At } from "./model.harness.js";
import { modelTests } from "./model.harness.js";
import { upstream } from "./fakes.js";
import { registeredTesla } from "./fixtures/devices.js";

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterAll(() => {
  vi.useRealTimers();
});

const device = registeredTesla;
const details: VirtualKeyDetails = { deviceId: "device-1", virtualKeyName: "Onflex", virtualKeyUri: "https://tesla.example/_ak/platform.example" };
const pairedAt = "2026-11-21T09:31:00.000Z";
const answers: VirtualKeyStatus[] = [
  { status: "NOT_PAIRED", deviceId: "device-1" },
  { status: "VEHICLE_OFFLINE", deviceId: "device-1" },
  { status: "PAIRED", deviceId: "device-1", pairedAt },
];
const notNeeded = () => new OnflexError("conflict", "This device's provider needs no virtual key.", { retryable: false });

// The walk and the running actor both leave opening to the event the opener's answer raises.
const machine = virtualKeyFlow.machine.provide({ actions: { openKeyLink: () => {} } });

function calm(view: VirtualKeyView) {
  expect([view.isLoading, view.isPaired]).toEqual([false, false]);
}

function act(view: VirtualKeyView, event: VirtualKeyEvent, send: (event: VirtualKeyEvent) => void) {
  switch (event.type) {
    case "KEY.OPEN":
      return view.open();
    case "KEY.CHECK":
      return view.check();
    case "KEY.PAGE_HIDDEN":
      return view.pageHidden();
    case "KEY.PAGE_VISIBLE":
      return view.pageVisible();
    case "KEY.RETRY":
      return view.retry();
    case "KEY.EXIT":
      return view.exit();
    default:
      // The opener's answer (raised by the machine) and a host's resume arrive as events.
      return send(event);
  }
}

let running: ((event: VirtualKeyEvent) => void) | null = null;

modelTests<typeof machine, VirtualKeyView>({
  name: "virtualKey",
  machine,
  input: { device },
  requests: ["loadDetails", "pollStatus", "checkStatus"],
  // The check count only sets the backoff; leaving it out keeps the walk finite.
  unstable: ["polls"],
  samples: [
    { type: "xstate.done.actor.loadDetails", output: details },
    { type: "xstate.error.actor.loadDetails", error: upstream() },
    { type: "xstate.error.actor.loadDetails", error: notNeeded() },
    ...answers.map((output) => ({ type: "xstate.done.actor.pollStatus", output })),
    { type: "xstate.error.actor.pollStatus", error: upstream() },
    ...answers.map((output) => ({ type: "xstate.done.actor.checkStatus", output })),
    { type: "xstate.error.actor.checkStatus", error: upstream() },
    { type: "KEY.OPEN_RESULT", opened: false },
    { type: "FLOW.RESUME", purpose: "virtual_key" },
  ],
  connect: (snapshot, send) => {
    running = send;
    return connectVirtualKey(snapshot, send);
  },
  act: (view, event) => {
    // The background check's timer: the longest backoff has certainly passed.
    if (event.type.startsWith("xstate.after.")) return void vi.advanceTimersByTime(15_000);
    act(view, event, running ?? (() => {}));
  },
  sees: {
    loading(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect([view.keyUrl, view.canOpen, view.canCheck, view.canExit]).toEqual([null, false, false, true]);
      expect(requests["loadDetails"]?.at(-1)).toEqual({ deviceId: "device-1", provider: "TESLA" });
    },
    loadFailed(view) {
      calm(view);
      expect(view.error).toMatchObject({ code: "upstream" });
      expect([view.canRetry, view.canExit, view.canCheck]).toEqual([true, true, false]);
    },
    waiting(view, at: At) {
      calm(view);
      expect(view).toMatchObject({ isWaiting: true, keyUrl: details.virtualKeyUri, keyName: "Onflex", canOpen: true, canCheck: true, canExit: true, error: null, display: "auto" });
      expect(view.getKeyLinkProps()).toMatchObject({ href: details.virtualKeyUri, rel: "noopener noreferrer" });
      // Background checks pause while the page is hidden, and only then.
      const moves = at.played.filter((event) => !["KEY.OPEN", "KEY.OPEN_RESULT"].includes(event.type));
      expect(view.isPaused).toBe(moves.at(-1)?.type === "KEY.PAGE_HIDDEN");
      // What the user's own check found, as guidance; nothing after a background check alone.
      const lastCheck = at.played.filter((event) => event.type === "xstate.done.actor.checkStatus").at(-1) as { output?: VirtualKeyStatus } | undefined;
      const expected = lastCheck?.output?.status === "VEHICLE_OFFLINE" ? "vehicle_offline" : lastCheck ? "not_paired" : null;
      expect(view.notice).toBe(expected);
      expect(view.opened).toBe(at.played.some((event) => event.type === "KEY.OPEN"));
      expect(view.openBlocked).toBe(at.played.some((event) => event.type === "KEY.OPEN_RESULT"));
    },
    confirming(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect([view.canCheck, view.canOpen, view.canExit]).toEqual([false, false, false]);
      expect(requests["checkStatus"]?.at(-1)).toEqual({ deviceId: "device-1" });
    },
    checkFailed(view) {
      calm(view);
      expect(view.error).toMatchObject({ code: "upstream", retryable: true });
      expect([view.canRetry, view.canExit, view.canCheck]).toEqual([true, true, false]);
    },
    paired(view) {
      expect(view).toMatchObject({ isPaired: true, pairedAt, canRetry: false, canCheck: false, canExit: false });
    },
    notNeeded(view) {
      expect([view.isLoading, view.canRetry, view.canCheck, view.keyUrl]).toEqual([false, false, false, null]);
    },
    exited(view) {
      expect([view.isPaired, view.canRetry, view.canCheck, view.canExit]).toEqual([false, false, false, false]);
    },
  },
});
