import type { RegisteredDevice, TariffOffer, TariffSwitch } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

/**
 * - `offer`: show the tariff, accept or decline it; done as soon as it is accepted, even while
 *   the switch waits on the test charge (PENDING_TEST_CHARGE).
 * - `wait`: the same flow placed later in a journey (`{ waitForSwitch: true }`): shows that the
 *   switch waits on the test charge and checks until it goes ahead.
 */
export type TariffSwitchMode = "offer" | "wait";

export interface TariffSwitchInput {
  mode: TariffSwitchMode;
  /** The registered device (the `device` fact) the switch is for. */
  device: RegisteredDevice;
  /** The tariff the proposition requires, when the host or the server names one. */
  tariffCode: string | null;
}

export interface TariffSwitchContext {
  mode: TariffSwitchMode;
  device: RegisteredDevice;
  tariffCode: string | null;
  offer: TariffOffer | null;
  /** The decision as the server last answered it. */
  decision: TariffSwitch | null;
  /** Status checks made while waiting, for the backoff. */
  polls: number;
  /** The user left (Exit) rather than finishing. */
  left: boolean;
  error: FlowError | null;
}

export type TariffSwitchEvent =
  | { type: "TARIFF.ACCEPT" }
  /** Asks to decline: declining ends the journey, so the user confirms it. */
  | { type: "TARIFF.DECLINE" }
  | { type: "TARIFF.CONFIRM_DECLINE" }
  /** Back to the offer from the decline question. */
  | { type: "TARIFF.KEEP" }
  | { type: "TARIFF.CONTINUE" }
  | { type: "TARIFF.RETRY" }
  | { type: "TARIFF.EXIT" }
  /** The page was hidden or shown again: status checks pause while nobody is looking. */
  | { type: "TARIFF.PAGE_HIDDEN" }
  | { type: "TARIFF.PAGE_VISIBLE" };

/** How the flow ended; `null` when the user left without deciding. */
export type TariffSwitchOutput = { outcome: "accepted"; tariffSwitch: TariffSwitch } | { outcome: "declined"; tariffSwitch: TariffSwitch } | null;

export type TariffSwitchStep =
  | "loading"
  | "loadFailed"
  | "offer"
  | "confirmingDecline"
  | "declining"
  | "declineFailed"
  | "accepting"
  | "acceptFailed"
  | "offerExpired"
  | "accepted"
  | "checking"
  | "checkFailed"
  | "waiting"
  | "switched"
  | "done"
  | "declined"
  | "exited";
