import type { RegisteredDevice } from "@onflex/core";
import { connectTestCharge, testChargeFlow, TEST_CHARGE_PRECONDITIONS, type TestChargeConfirmation, type TestChargeOutput, type TestChargeView } from "@onflex/machines";
import { useEffect, useId } from "react";
import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useDraftedForm } from "../step/use-form-draft.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import type { TestChargeActorRef } from "./test-charge.types.js";
import { StepFailure } from "../step/step-failure.js";

export interface TestChargeStepProps {
  /** A test charge actor to render (the journey passes its child); without one the step runs its own. */
  actor?: TestChargeActorRef;
  /** The registered device, when the step runs its own actor. */
  device?: RegisteredDevice;
  onComplete?: (output: NonNullable<TestChargeOutput>) => void;
  onExit?: () => void;
}

/**
 * Proving control with a test charge: the three things to confirm, the charge with time left
 * and live readings, and for each refusal or failure the one thing to do about it, with Retry.
 */
export function TestChargeStep({ actor, device, ...callbacks }: TestChargeStepProps) {
  if (actor) return <TestChargeStepView actor={actor} {...callbacks} />;
  return device ? <StandaloneTestChargeStep device={device} {...callbacks} /> : null;
}

function StandaloneTestChargeStep({ device, ...callbacks }: Omit<TestChargeStepProps, "actor"> & { device: RegisteredDevice }) {
  const actor = useFlowActor(testChargeFlow, { device });
  return <TestChargeStepView actor={actor} {...callbacks} />;
}

/**
 * Checks pause while the page is hidden (a background tab should not poll); showing it again
 * checks at once and redraws the time left, so a tab that slept for hours catches up.
 */
function usePauseWhileHidden(view: TestChargeView) {
  const watching = view.step === "running" || view.step === "awaitingLive";
  const { pageHidden, pageVisible } = view;
  useEffect(() => {
    if (!watching || typeof document === "undefined") return;
    const sync = () => (document.hidden ? pageHidden() : pageVisible());
    // On mount too: a restored test is checked at once.
    sync();
    document.addEventListener("visibilitychange", sync);
    return () => document.removeEventListener("visibilitychange", sync);
    // The commands only send to the actor; what matters is whether the step is watching.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [watching]);
}

function TestChargeStepView({ actor, onComplete, onExit }: Omit<TestChargeStepProps, "device"> & { actor: TestChargeActorRef }) {
  const view = useFlowView(actor, connectTestCharge);
  const i18n = useI18n();
  const { t } = i18n;
  const snapshot = actor.getSnapshot();
  const output = snapshot.status === "done" ? (snapshot.output ?? null) : null;
  useStepCallbacks({ done: output, exited: view.step === "exited" }, onComplete, onExit);
  usePauseWhileHidden(view);
  const device = view.deviceLabel;
  // Announced once a minute at most: a status that changed every second would talk over everything.
  const status =
    view.step === "loading"
      ? t("testCharge.checking", { device })
      : view.step === "starting"
        ? t("testCharge.starting")
        : view.progress
          ? view.progress.secondsLeft > 0
            ? t("testCharge.running.minutesLeft", { minutes: view.progress.minutesLeft })
            : t("testCharge.running.finishing")
          : view.isPendingLive
            ? t("testCharge.awaitingLive.status", { device })
            : undefined;
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading} status={status}>
      <TestChargeBody view={view} />
    </StepFrame>
  );
}

function TestChargeBody({ view }: { view: TestChargeView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const device = view.deviceLabel;
  switch (view.step) {
    case "loading":
      return <StepHeading viewKey="loading">{t("testCharge.heading", { device })}</StepHeading>;
    case "preconditions":
    case "starting":
      return <Preconditions view={view} />;
    case "running":
      return <Running view={view} />;
    case "refused":
      return view.refusal ? (
        <Outcome
          view={view}
          heading={t(`testCharge.refused.${view.refusal}.heading`, { device })}
          body={t(`testCharge.refused.${view.refusal}.body`, { device })}
          reference={view.refusalCode}
        />
      ) : null;
    case "failed":
      return view.failure ? (
        <Outcome view={view} heading={t(`testCharge.failed.${view.failure}.heading`, { device })} body={t(`testCharge.failed.${view.failure}.body`, { device })} />
      ) : null;
    case "loadFailed":
      return <Outcome view={view} heading={t("testCharge.loadFailed.heading", { device })} body={errorMessage(i18n, view.error)} />;
    case "startFailed":
      return <Outcome view={view} heading={t("testCharge.startFailed.heading")} body={errorMessage(i18n, view.error)} />;
    case "awaitingLive":
      return (
        <>
          <StepHeading viewKey="awaitingLive">{t("testCharge.awaitingLive.heading")}</StepHeading>
          <p>{t("testCharge.awaitingLive.body", { device })}</p>
          <div className="onflex-actions">
            <Button onClick={view.continue} disabled={!view.canContinue}>
              {t("common.continue")}
            </Button>
          </div>
        </>
      );
    case "live":
      return (
        <>
          <StepHeading viewKey="live">{t("testCharge.live.heading", { device })}</StepHeading>
          <p className="onflex-success">{t("testCharge.live.body")}</p>
        </>
      );
    case "continued":
      return (
        <>
          <StepHeading viewKey="continued">{t("testCharge.continued.heading", { device })}</StepHeading>
          <p>{t("testCharge.continued.body")}</p>
        </>
      );
    case "exited":
      return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }
}

function Preconditions({ view }: { view: TestChargeView }) {
  const { t } = useI18n();
  const id = useId();
  const { register, handleSubmit, setFocus, discardDraft } = useDraftedForm<TestChargeConfirmation>("preconditions", { defaultValues: view.confirmed });
  const starting = view.step === "starting";
  const unconfirmed = new Set(view.unconfirmed);
  const onSubmit = handleSubmit((values) => {
    const missing = TEST_CHARGE_PRECONDITIONS.find((name) => !values[name]);
    if (missing) setFocus(missing);
    else discardDraft();
    view.start(values);
  });
  return (
    <>
      <StepHeading viewKey="preconditions">{t("testCharge.heading", { device: view.deviceLabel })}</StepHeading>
      <p>{t("testCharge.intro")}</p>
      <form onSubmit={onSubmit} noValidate>
        <fieldset className="onflex-fieldset" disabled={starting}>
          <legend className="onflex-visually-hidden">{t("testCharge.preconditions.legend")}</legend>
          {TEST_CHARGE_PRECONDITIONS.map((name) => {
            const invalid = unconfirmed.has(name);
            return (
              <div className="onflex-field" key={name}>
                {invalid ? (
                  <p className="onflex-field-error" id={`${id}-${name}-error`} data-part="field-error">
                    {t(`testCharge.unconfirmed.${name}`)}
                  </p>
                ) : null}
                <div className="onflex-check">
                  <input
                    {...register(name)}
                    id={`${id}-${name}`}
                    className="onflex-checkbox"
                    type="checkbox"
                    aria-invalid={invalid || undefined}
                    aria-describedby={invalid ? `${id}-${name}-error` : undefined}
                  />
                  <label htmlFor={`${id}-${name}`}>{t(`testCharge.precondition.${name}`)}</label>
                </div>
              </div>
            );
          })}
        </fieldset>
        <div className="onflex-actions">
          <Button type="submit" busy={starting}>
            {t("testCharge.start")}
          </Button>
          <Button variant="secondary" onClick={view.exit} disabled={!view.canExit}>
            {t("testCharge.exit")}
          </Button>
        </div>
      </form>
    </>
  );
}

function Running({ view }: { view: TestChargeView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { progress, reading } = view;
  const left = progress && progress.secondsLeft > 0 ? t("testCharge.running.minutesLeft", { minutes: progress.minutesLeft }) : t("testCharge.running.finishing");
  return (
    <>
      <StepHeading viewKey="running">{t("testCharge.running.heading")}</StepHeading>
      <p className="onflex-test-charge-left" data-scope="testCharge" data-part="time-left">
        {left}
      </p>
      <progress {...view.getProgressProps()} className="onflex-test-charge-progress" value={progress?.percent ?? 0} max={100} aria-label={t("testCharge.running.progress")} aria-valuetext={left} />
      {reading ? (
        <dl className="onflex-summary" data-scope="testCharge" data-part="reading">
          <dt>{t("testCharge.reading.power")}</dt>
          {/* Intl has no kilowatt unit: the number is formatted for the locale, the unit is a message. */}
          <dd>{t("testCharge.reading.powerValue", { power: i18n.formatNumber(reading.powerKw, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}</dd>
          {reading.stateOfChargePercent !== null ? (
            <>
              <dt>{t("testCharge.reading.stateOfCharge")}</dt>
              <dd>{i18n.formatNumber(reading.stateOfChargePercent, { style: "unit", unit: "percent", maximumFractionDigits: 0 })}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="onflex-muted">{t("testCharge.reading.waiting", { device: view.deviceLabel })}</p>
      )}
      <p>{t("testCharge.running.body")}</p>
      {view.isPaused ? <p className="onflex-muted">{t("testCharge.running.paused")}</p> : null}
    </>
  );
}

function Outcome({ view, heading, body, reference = null }: { view: TestChargeView; heading: string; body: string; reference?: string | null }) {
  const { t } = useI18n();
  return (
    <StepFailure
      viewKey={view.step}
      heading={heading}
      onRetry={view.retry}
      retryDisabled={!view.canRetry}
      exitLabel={t("testCharge.exit")}
      onExit={view.exit}
      exitDisabled={!view.canExit}
    >
      {body}
      {reference ? <span className="onflex-muted"> {t("testCharge.reference", { code: reference })}</span> : null}
    </StepFailure>
  );
}
