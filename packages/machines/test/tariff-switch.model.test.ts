/**
 * Model-based test of the tariffSwitch flow (the harness in model.harness.ts), walked from both
 * places a journey puts it: the offer (accept or decline) and, after the test charge, waiting for
 * the switch to go ahead. Every state by its shortest paths, with what the user sees checked at
 * each step, and every transition taken over both walks.
 */
import { createSandboxApi, OnflexError } from "@onflex/core";
import type { Tariff, TariffOffer, TariffSwitch } from "@onflex/core";
import { expect } from "vitest";
import { bindFlow, connectTariffSwitch, tariffSwitchFlow } from "../src/index.js";
import type { TariffSwitchEvent, TariffSwitchView } from "../src/index.js";
import { upstream } from "./fakes.js";
import { modelTests } from "./model.harness.js";
import { registeredTesla } from "./fixtures/devices.js";

const device = registeredTesla;
const tariff: Tariff = {
  code: "EV-NIGHT",
  displayName: "EV Night",
  supplier: "Supplier",
  currency: "GBP",
  unitRates: [
    { kind: "OFF_PEAK", start: "23:30", end: "05:30", unitRate: "7.00" },
    { kind: "STANDARD", start: "05:30", end: "23:30", unitRate: "24.50" },
  ],
  standingCharge: "48.79",
  exitFees: [],
  contractMonths: null,
};
const offer: TariffOffer = { offerId: "offer-1", deviceId: "device-1", tariff, waitsForTestCharge: true, expiresAt: "2026-11-21T10:00:00.000Z" };
const decided = (status: TariffSwitch["status"]): TariffSwitch => ({
  switchId: "switch-1",
  deviceId: "device-1",
  offerId: "offer-1",
  tariff,
  status,
  effectiveDate: status === "SCHEDULED" ? "2026-11-22" : status === "COMPLETE" ? "2026-11-21" : null,
  decidedAt: "2026-11-21T09:30:00.000Z",
});
const STATUSES = ["PENDING_TEST_CHARGE", "SCHEDULED", "COMPLETE", "DECLINED"] as const;
const noSwitch = () => new OnflexError("not_found", "This device has no tariff switch.", { retryable: false });
const expired = () => new OnflexError("conflict", "This offer has expired.", { retryable: false, details: { reason: "offer_expired" } });

function act(view: TariffSwitchView, event: TariffSwitchEvent) {
  const commands: Record<TariffSwitchEvent["type"], () => void> = {
    "TARIFF.ACCEPT": view.accept,
    "TARIFF.DECLINE": view.decline,
    "TARIFF.CONFIRM_DECLINE": view.confirmDecline,
    "TARIFF.KEEP": view.keep,
    "TARIFF.CONTINUE": view.continue,
    "TARIFF.RETRY": view.retry,
    "TARIFF.EXIT": view.exit,
    "TARIFF.PAGE_HIDDEN": view.pageHidden,
    "TARIFF.PAGE_VISIBLE": view.pageVisible,
  };
  commands[event.type]();
}

const lastOf = (requests: Record<string, unknown[]>, id: string) => requests[id]?.at(-1);

function expectError(view: TariffSwitchView, code: string) {
  expect(view.error?.code).toBe(code);
  expect([view.canRetry, view.canExit, view.isLoading, view.canAccept]).toEqual([true, true, false, false]);
}

modelTests({
  name: "tariffSwitch",
  machine: bindFlow(tariffSwitchFlow, { api: createSandboxApi() }),
  input: { mode: "offer", device, tariffCode: "EV-NIGHT" },
  moreInputs: [{ mode: "wait", device, tariffCode: null }],
  requests: ["checkSwitch", "loadOffer", "acceptOffer", "declineOffer", "waitBeforeCheck"],
  samples: [
    ...STATUSES.map((status) => ({ type: "xstate.done.actor.checkSwitch", output: decided(status) })),
    { type: "xstate.error.actor.checkSwitch", error: noSwitch() },
    { type: "xstate.error.actor.checkSwitch", error: upstream() },
    { type: "xstate.done.actor.loadOffer", output: offer },
    { type: "xstate.error.actor.loadOffer", error: upstream() },
    ...STATUSES.map((status) => ({ type: "xstate.done.actor.acceptOffer", output: decided(status) })),
    { type: "xstate.error.actor.acceptOffer", error: expired() },
    { type: "xstate.error.actor.acceptOffer", error: upstream() },
    { type: "xstate.done.actor.declineOffer", output: decided("DECLINED") },
    { type: "xstate.error.actor.declineOffer", error: upstream() },
    { type: "xstate.done.actor.waitBeforeCheck", output: undefined },
  ],
  // The poll count only sets the backoff; leaving it out keeps the walk finite.
  unstable: ["polls"],
  connect: connectTariffSwitch,
  act,
  sees: {
    checking(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(lastOf(requests, "checkSwitch")).toEqual({ deviceId: "device-1" });
      expect([view.canAccept, view.canRetry, view.canExit]).toEqual([false, false, true]);
    },
    checkFailed(view, { via }) {
      expectError(view, (via["error"] as OnflexError).code);
      // Before an offer, "no switch yet" is not a failure: it loads the offer.
      if (view.mode === "offer") expect(view.error?.code).toBe("upstream");
    },
    loading(view, { requests }) {
      expect(view.mode).toBe("offer");
      expect(view.isLoading).toBe(true);
      expect(lastOf(requests, "loadOffer")).toEqual({ deviceId: "device-1", tariffCode: "EV-NIGHT" });
    },
    loadFailed: (view) => expectError(view, "upstream"),
    offer(view) {
      expect(view).toMatchObject({ tariff, waitsForTestCharge: true, canAccept: true, canDecline: true, canExit: true, isLoading: false, error: null });
    },
    confirmingDecline(view) {
      expect([view.canAccept, view.canDecline, view.isLoading]).toEqual([false, false, false]);
      expect(view.tariff).toEqual(tariff);
    },
    declining(view, { requests }) {
      expect([view.isDeclining, view.isLoading]).toEqual([true, true]);
      expect(lastOf(requests, "declineOffer")).toEqual({ deviceId: "device-1", offerId: "offer-1" });
    },
    declineFailed: (view) => expectError(view, "upstream"),
    accepting(view, { requests }) {
      expect([view.isAccepting, view.isLoading, view.canAccept, view.canDecline]).toEqual([true, true, false, false]);
      expect(lastOf(requests, "acceptOffer")).toEqual({ deviceId: "device-1", offerId: "offer-1" });
    },
    acceptFailed: (view) => expectError(view, "upstream"),
    offerExpired: (view) => expectError(view, "conflict"),
    accepted(view) {
      // Accepted: waiting on the test charge, or scheduled for a date.
      expect(["PENDING_TEST_CHARGE", "SCHEDULED"]).toContain(view.status);
      expect(view.waitsForTestCharge).toBe(view.status === "PENDING_TEST_CHARGE");
      expect(view.effectiveDate).toBe(view.status === "SCHEDULED" ? "2026-11-22" : null);
      expect([view.canContinue, view.canRetry, view.isLoading]).toEqual([true, false, false]);
    },
    waiting(view, { requests }) {
      expect(view.mode).toBe("wait");
      expect(view).toMatchObject({ isWaiting: true, status: "PENDING_TEST_CHARGE", waitsForTestCharge: true, canExit: true, canContinue: false });
      for (const wait of requests["waitBeforeCheck"] ?? []) expect((wait as { ms: number }).ms).toBeGreaterThanOrEqual(2000);
      for (const wait of requests["waitBeforeCheck"] ?? []) expect((wait as { ms: number }).ms).toBeLessThanOrEqual(15000);
    },
    switched(view) {
      expect(view).toMatchObject({ status: "COMPLETE", effectiveDate: "2026-11-21", canContinue: true, isLoading: false });
    },
    done(view) {
      expect(["PENDING_TEST_CHARGE", "SCHEDULED", "COMPLETE"]).toContain(view.status);
      expect([view.canContinue, view.canRetry]).toEqual([false, false]);
    },
    declined(view) {
      expect(view.status).toBe("DECLINED");
      expect([view.canAccept, view.canRetry]).toEqual([false, false]);
    },
    exited(view) {
      expect([view.canAccept, view.canRetry, view.canContinue, view.isLoading]).toEqual([false, false, false, false]);
    },
  },
});
