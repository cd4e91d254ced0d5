import type { RegisteredDevice, Tariff, TariffOffer, TariffSwitch, TariffSwitchStatus } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { TariffSwitchMachine } from "./tariff-switch.machine.js";
import type { TariffSwitchEvent, TariffSwitchMode, TariffSwitchStep } from "./tariff-switch.types.js";

export type TariffSwitchSnapshot = SnapshotFrom<TariffSwitchMachine>;

/** Everything a tariff switch view renders and every command it may call. */
export interface TariffSwitchView {
  step: TariffSwitchStep;
  mode: TariffSwitchMode;
  device: RegisteredDevice;
  /** The tariff offered, or the one the switch is to (null until the offer or the switch is known). */
  tariff: Tariff | null;
  offer: TariffOffer | null;
  /** The switch as the server last answered it. */
  decision: TariffSwitch | null;
  status: TariffSwitchStatus | null;
  /** When the household is (or will be) on the tariff, "YYYY-MM-DD". */
  effectiveDate: string | null;
  /** The switch waits (or, once accepted, will wait) for the device to pass its test charge. */
  waitsForTestCharge: boolean;
  /** A request is in flight (the offer, the decision, the first status check). */
  isLoading: boolean;
  isAccepting: boolean;
  isDeclining: boolean;
  /** Waiting for the switch to go ahead, checking now and then. */
  isWaiting: boolean;
  /** Waiting, with checks paused because the page is hidden. */
  isPaused: boolean;
  error: FlowError | null;
  canAccept: boolean;
  canDecline: boolean;
  canRetry: boolean;
  canExit: boolean;
  canContinue: boolean;
  accept(): void;
  /** Asks to decline; `confirmDecline` declines, `keep` goes back to the offer. */
  decline(): void;
  confirmDecline(): void;
  keep(): void;
  continue(): void;
  retry(): void;
  exit(): void;
  /** The page was hidden or shown again (document.visibilitychange). */
  pageHidden(): void;
  pageVisible(): void;
  getRootProps(): PartProps;
}

const FAILED: ReadonlySet<TariffSwitchStep> = new Set(["loadFailed", "declineFailed", "acceptFailed", "offerExpired", "checkFailed"]);
const LOADING: ReadonlySet<TariffSwitchStep> = new Set(["loading", "accepting", "declining", "checking"]);

function stepOf(value: TariffSwitchSnapshot["value"]): TariffSwitchStep {
  return (typeof value === "string" ? value : Object.keys(value)[0]) as TariffSwitchStep;
}

export function connectTariffSwitch(snapshot: TariffSwitchSnapshot, send: Send<TariffSwitchEvent>): TariffSwitchView {
  const { context } = snapshot;
  const step = stepOf(snapshot.value);
  const decision = context.decision;
  return {
    step,
    mode: context.mode,
    device: context.device,
    tariff: context.offer?.tariff ?? decision?.tariff ?? null,
    offer: context.offer,
    decision,
    status: decision?.status ?? null,
    effectiveDate: decision?.effectiveDate ?? null,
    waitsForTestCharge: decision ? decision.status === "PENDING_TEST_CHARGE" : (context.offer?.waitsForTestCharge ?? false),
    isLoading: LOADING.has(step),
    isAccepting: step === "accepting",
    isDeclining: step === "declining",
    isWaiting: step === "waiting",
    isPaused: snapshot.matches({ waiting: "paused" }),
    error: FAILED.has(step) ? context.error : null,
    canAccept: snapshot.can({ type: "TARIFF.ACCEPT" }),
    canDecline: snapshot.can({ type: "TARIFF.DECLINE" }),
    canRetry: snapshot.can({ type: "TARIFF.RETRY" }),
    canExit: snapshot.can({ type: "TARIFF.EXIT" }),
    canContinue: snapshot.can({ type: "TARIFF.CONTINUE" }),
    accept: () => send({ type: "TARIFF.ACCEPT" }),
    decline: () => send({ type: "TARIFF.DECLINE" }),
    confirmDecline: () => send({ type: "TARIFF.CONFIRM_DECLINE" }),
    keep: () => send({ type: "TARIFF.KEEP" }),
    continue: () => send({ type: "TARIFF.CONTINUE" }),
    retry: () => send({ type: "TARIFF.RETRY" }),
    exit: () => send({ type: "TARIFF.EXIT" }),
    pageHidden: () => send({ type: "TARIFF.PAGE_HIDDEN" }),
    pageVisible: () => send({ type: "TARIFF.PAGE_VISIBLE" }),
    getRootProps: () => partProps("tariffSwitch", "root", step),
  };
}
