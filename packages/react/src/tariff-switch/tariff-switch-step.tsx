import type { RegisteredDevice, Tariff } from "@onflex/core";
import { connectTariffSwitch, tariffSwitchFlow, type TariffSwitchMode, type TariffSwitchOutput, type TariffSwitchView } from "@onflex/machines";
import { useEffect } from "react";
import type { I18n } from "../i18n/i18n.types.js";
import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import { bandLabel, formatCalendarDate, formatMinorPrice, formatMoney } from "./tariff-switch.format.js";
import type { TariffSwitchActorRef } from "./tariff-switch.types.js";
import { StepFailure } from "../step/step-failure.js";

export interface TariffSwitchStepProps {
  /** A tariff switch actor to render (the journey passes its child); without one the step runs its own. */
  actor?: TariffSwitchActorRef;
  /** The registered device, when the step runs its own actor. */
  device?: RegisteredDevice;
  /** When the step runs its own actor: "offer" (default) or "wait" for an accepted switch to go ahead. */
  mode?: TariffSwitchMode;
  /** When the step runs its own actor: the tariff to offer (else the server's pick). */
  tariffCode?: string;
  onComplete?: (output: NonNullable<TariffSwitchOutput>) => void;
  onExit?: () => void;
}

/**
 * The tariff a proposition requires: its unit rates by time of day, standing charge, exit fees
 * and term, in the reader's money and time formats; accept, or decline after confirming (which
 * ends sign-up). A switch that waits on the test charge says so; placed again after the test,
 * the step waits for the switch to go ahead.
 */
export function TariffSwitchStep({ actor, device, mode = "offer", tariffCode, ...callbacks }: TariffSwitchStepProps) {
  if (actor) return <TariffSwitchStepView actor={actor} {...callbacks} />;
  return device ? <StandaloneTariffSwitchStep device={device} mode={mode} tariffCode={tariffCode ?? null} {...callbacks} /> : null;
}

function StandaloneTariffSwitchStep({
  device,
  mode,
  tariffCode,
  ...callbacks
}: Pick<TariffSwitchStepProps, "onComplete" | "onExit"> & { device: RegisteredDevice; mode: TariffSwitchMode; tariffCode: string | null }) {
  const actor = useFlowActor(tariffSwitchFlow, { device, mode, tariffCode });
  return <TariffSwitchStepView actor={actor} {...callbacks} />;
}

/** Status checks pause while the page is hidden: a hidden tab should not poll. */
function usePauseWhileHidden(view: TariffSwitchView) {
  const { isWaiting, pageHidden, pageVisible } = view;
  useEffect(() => {
    if (!isWaiting || typeof document === "undefined") return;
    const sync = () => (document.hidden ? pageHidden() : pageVisible());
    if (document.hidden) pageHidden();
    document.addEventListener("visibilitychange", sync);
    return () => document.removeEventListener("visibilitychange", sync);
    // The commands only send to the actor; re-subscribing on each render is not needed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isWaiting]);
}

/** "car" or "charger", as the catalogue words the device's type. */
function deviceNoun(i18n: I18n, view: TariffSwitchView): string {
  return i18n.tryT(`tariffSwitch.device.${view.device.deviceType}`) ?? view.device.model;
}

function TariffSwitchStepView({ actor, onComplete, onExit }: Pick<TariffSwitchStepProps, "onComplete" | "onExit"> & { actor: TariffSwitchActorRef }) {
  const view = useFlowView(actor, connectTariffSwitch);
  const i18n = useI18n();
  const snapshot = actor.getSnapshot();
  const output = snapshot.status === "done" ? (snapshot.output ?? null) : null;
  useStepCallbacks({ done: output, exited: view.step === "exited" }, onComplete, onExit);
  usePauseWhileHidden(view);
  const device = deviceNoun(i18n, view);
  const statusKey = { loading: "tariffSwitch.loading", checking: "tariffSwitch.checking", accepting: "tariffSwitch.accepting", declining: "tariffSwitch.declining" } as const;
  const status =
    view.step in statusKey
      ? i18n.t(statusKey[view.step as keyof typeof statusKey])
      : view.isWaiting
        ? i18n.t(view.isPaused ? "tariffSwitch.waiting.paused" : "tariffSwitch.waiting.status", { device })
        : undefined;
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading} status={status}>
      <TariffSwitchBody view={view} device={device} />
    </StepFrame>
  );
}

function TariffSwitchBody({ view, device }: { view: TariffSwitchView; device: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const tariff = view.tariff?.displayName ?? "";
  switch (view.step) {
    case "loading":
    case "checking":
      // The live region says what is loading; the heading keeps the step's place.
      return <StepHeading viewKey="loading">{t("flow.step.tariffSwitch")}</StepHeading>;
    case "offer":
    case "accepting":
      return <Offer view={view} device={device} />;
    case "confirmingDecline":
    case "declining":
      // Declining stays on the question, its answer busy, so nothing moves under the user's pointer.
      return (
        <>
          <StepHeading viewKey="confirmingDecline">{t("tariffSwitch.confirmDecline.heading", { tariff })}</StepHeading>
          <p>{t("tariffSwitch.confirmDecline.body", { tariff })}</p>
          <div className="onflex-actions">
            <Button onClick={view.keep} disabled={view.isDeclining}>
              {t("tariffSwitch.confirmDecline.keep")}
            </Button>
            <Button variant="secondary" onClick={view.confirmDecline} disabled={view.isDeclining} busy={view.isDeclining}>
              {t("tariffSwitch.confirmDecline.confirm")}
            </Button>
          </div>
        </>
      );
    case "accepted":
      return (
        <>
          <StepHeading viewKey="accepted">{t("tariffSwitch.accepted.heading")}</StepHeading>
          <p className="onflex-success">
            {view.status === "SCHEDULED" && view.effectiveDate
              ? t("tariffSwitch.accepted.scheduled", { tariff, date: formatCalendarDate(i18n, view.effectiveDate) })
              : t("tariffSwitch.accepted.pending", { tariff, device })}
          </p>
          <ContinueButton view={view} />
        </>
      );
    case "waiting":
      return (
        <>
          <StepHeading viewKey="waiting">{t("tariffSwitch.waiting.heading", { device })}</StepHeading>
          <p>{t("tariffSwitch.waiting.body", { tariff, device })}</p>
          {view.tariff ? <TariffFacts tariff={view.tariff} /> : null}
          <div className="onflex-actions">
            <Button variant="secondary" onClick={view.exit}>
              {t("tariffSwitch.exit")}
            </Button>
          </div>
        </>
      );
    case "switched":
      return (
        <>
          <StepHeading viewKey="switched">{t("tariffSwitch.switched.heading", { tariff })}</StepHeading>
          {view.effectiveDate ? <p className="onflex-success">{t("tariffSwitch.switched.body", { date: formatCalendarDate(i18n, view.effectiveDate) })}</p> : null}
          <ContinueButton view={view} />
        </>
      );
    case "loadFailed":
    case "acceptFailed":
    case "declineFailed":
    case "checkFailed":
      return <Failure view={view} heading={t(`tariffSwitch.${view.step}.heading`)} body={null} />;
    case "offerExpired":
      return <Failure view={view} heading={t("tariffSwitch.offerExpired.heading")} body={t("tariffSwitch.offerExpired.body")} />;
    case "done":
      return <StepHeading viewKey="done">{view.status === "COMPLETE" ? t("tariffSwitch.switched.heading", { tariff }) : t("tariffSwitch.accepted.heading")}</StepHeading>;
    case "declined":
      return <StepHeading viewKey="declined">{t("tariffSwitch.declined.heading")}</StepHeading>;
    case "exited":
      return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }
}

function ContinueButton({ view }: { view: TariffSwitchView }) {
  const { t } = useI18n();
  return (
    <div className="onflex-actions">
      <Button onClick={view.continue} disabled={!view.canContinue}>
        {t("tariffSwitch.continue")}
      </Button>
    </div>
  );
}

function Offer({ view, device }: { view: TariffSwitchView; device: string }) {
  const { t } = useI18n();
  const tariff = view.tariff;
  if (!tariff) return null;
  return (
    <>
      <StepHeading viewKey="offer">{t("tariffSwitch.heading", { tariff: tariff.displayName })}</StepHeading>
      <p>{t("tariffSwitch.intro", { supplier: tariff.supplier })}</p>
      <TariffFacts tariff={tariff} />
      {view.waitsForTestCharge ? <p data-part="waits-for-test">{t("tariffSwitch.waitsForTest", { device })}</p> : null}
      <div className="onflex-actions">
        <Button onClick={view.accept} disabled={!view.canAccept} busy={view.isAccepting}>
          {t("tariffSwitch.accept")}
        </Button>
        <Button variant="secondary" onClick={view.decline} disabled={!view.canDecline}>
          {t("tariffSwitch.decline")}
        </Button>
      </div>
    </>
  );
}

/** The tariff's prices as a list of terms: one per time-of-day band, then the standing charge, exit fees and term. */
export function TariffFacts({ tariff }: { tariff: Tariff }) {
  const i18n = useI18n();
  const { t } = i18n;
  const price = (amount: string) => formatMinorPrice(i18n, amount, tariff.currency);
  return (
    <dl className="onflex-tariff" data-scope="tariffSwitch" data-part="tariff">
      {tariff.unitRates.map((band) => (
        <div key={`${band.start}-${band.end}`} data-part="band" data-kind={band.kind}>
          <dt>{bandLabel(i18n, band)}</dt>
          <dd>{t("tariffSwitch.perKwh", { price: price(band.unitRate) })}</dd>
        </div>
      ))}
      <div>
        <dt>{t("tariffSwitch.standingCharge")}</dt>
        <dd>{t("tariffSwitch.perDay", { price: price(tariff.standingCharge) })}</dd>
      </div>
      <div>
        <dt>{t("tariffSwitch.exitFees")}</dt>
        <dd>
          {tariff.exitFees.length === 0
            ? t("tariffSwitch.exitFees.none")
            : tariff.exitFees.map((fee) => t(`tariffSwitch.exitFee.${fee.fuel}`, { amount: formatMoney(i18n, fee.amount, tariff.currency) })).join(", ")}
        </dd>
      </div>
      <div>
        <dt>{t("tariffSwitch.contract")}</dt>
        <dd>{tariff.contractMonths === null ? t("tariffSwitch.contract.none") : t("tariffSwitch.contract.months", { count: tariff.contractMonths })}</dd>
      </div>
    </dl>
  );
}

function Failure({ view, heading, body }: { view: TariffSwitchView; heading: string; body: string | null }) {
  const i18n = useI18n();
  return (
    <StepFailure viewKey={view.step} heading={heading} onRetry={view.retry} exitLabel={i18n.t("tariffSwitch.exit")} onExit={view.exit}>
      {body ?? errorMessage(i18n, view.error)}
    </StepFailure>
  );
}
