import { connectConsent, consentFlow, type ConsentInput, type ConsentOutput, type ConsentView } from "@onflex/machines";
import { useId, useRef, useState } from "react";
import { Button, ErrorAlert, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import type { ConsentActorRef } from "./consent.types.js";

export type ConsentStepProps = {
  onComplete?: (record: ConsentOutput) => void;
  /** The user declined: nothing was recorded. */
  onExit?: () => void;
} & (
  | { /** The journey's consent flow. */ actor: ConsentActorRef }
  | ({ actor?: undefined; /** Stamps the consent; the provider's clock when absent. */ now?: () => Date } & ConsentInput)
);

/** Shows the terms, asks for an explicit "I agree", and records the consent with its version and time. */
export function ConsentStep(props: ConsentStepProps) {
  if (props.actor) return <ConsentStepView actor={props.actor} onComplete={props.onComplete} onExit={props.onExit} />;
  return <StandaloneConsentStep {...props} />;
}

function StandaloneConsentStep({ onComplete, onExit, actor: _actor, now, ...input }: ConsentStepProps & { actor?: undefined }) {
  const actor = useFlowActor(consentFlow, input, now ? { clock: now } : undefined);
  return <ConsentStepView actor={actor} onComplete={onComplete} onExit={onExit} />;
}

function ConsentStepView({
  actor,
  onComplete,
  onExit,
}: {
  actor: ConsentActorRef;
  onComplete?: ((record: ConsentOutput) => void) | undefined;
  onExit?: (() => void) | undefined;
}) {
  const view = useFlowView(actor, connectConsent);
  const { t } = useI18n();
  useStepCallbacks({ done: view.isDone ? view.record : null, exited: view.isDeclined }, onComplete, onExit);
  const status = view.isLoading ? t("consent.loading") : view.isRecording ? t("consent.recording") : undefined;
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading || view.isRecording} status={status}>
      <ConsentBody view={view} />
    </StepFrame>
  );
}

function ConsentBody({ view }: { view: ConsentView }) {
  const i18n = useI18n();
  const { t } = i18n;
  switch (view.step) {
    case "loadingTerms":
      return <StepHeading viewKey="loadingTerms">{t("consent.heading")}</StepHeading>;
    case "loadFailed":
      return (
        <>
          <StepHeading viewKey="loadFailed">{t("consent.loadError.heading")}</StepHeading>
          <ErrorAlert
            actions={
              <>
                <Button onClick={view.retry}>{t("common.retry")}</Button>
                <Button variant="secondary" onClick={view.decline}>
                  {t("consent.decline")}
                </Button>
              </>
            }
          >
            {errorMessage(i18n, view.error)}
          </ErrorAlert>
        </>
      );
    case "reviewing":
    case "recording":
    case "recordFailed":
      return <TermsReview view={view} />;
    case "done":
      return (
        <>
          <StepHeading viewKey="done">{t("consent.recorded.heading")}</StepHeading>
          {view.record ? (
            <p className="onflex-success">
              {t("consent.recorded.body", { version: view.record.termsVersion, date: i18n.formatDate(view.record.givenAt) })}
            </p>
          ) : null}
        </>
      );
    case "declined":
      return (
        <>
          <StepHeading viewKey="declined">{t("consent.declined.heading")}</StepHeading>
          <p>{t("consent.declined.body")}</p>
        </>
      );
  }
}

function TermsReview({ view }: { view: ConsentView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const agreeRef = useRef<HTMLInputElement>(null);
  const [askedToAgree, setAskedToAgree] = useState(false);
  const terms = view.terms;
  const { disabled: acceptDisabled, ...acceptProps } = view.getAcceptProps();
  const { checked, disabled: agreeDisabled, ...agreeProps } = view.getAgreeProps();
  const mustAgree = askedToAgree && !view.hasAgreed;

  // Accept stays focusable and says why it cannot proceed, rather than being a silent disabled button.
  const onAccept = () => {
    if (view.isRecording) return;
    if (acceptDisabled) {
      setAskedToAgree(true);
      agreeRef.current?.focus();
      return;
    }
    view.accept();
  };

  return (
    <>
      <StepHeading viewKey="reviewing">{t("consent.heading")}</StepHeading>
      {terms ? (
        <div className="onflex-terms" role="region" aria-labelledby={`${id}-title`} tabIndex={0} data-scope="consent" data-part="terms">
          <h3 id={`${id}-title`}>{terms.title}</h3>
          <p className="onflex-muted">{t("consent.version", { version: terms.version })}</p>
          {terms.body.split(/\n\s*\n/).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      ) : null}
      {view.step === "recordFailed" ? <ErrorAlert title={t("consent.error.heading")}>{errorMessage(i18n, view.error)}</ErrorAlert> : null}
      <div className="onflex-field">
        {mustAgree ? (
          <p className="onflex-field-error" id={`${id}-must-agree`} role="alert" data-part="field-error">
            {t("consent.mustAgree")}
          </p>
        ) : null}
        <div className="onflex-check">
          <input
            {...agreeProps}
            ref={agreeRef}
            id={`${id}-agree`}
            className="onflex-checkbox"
            type="checkbox"
            checked={checked}
            disabled={agreeDisabled}
            aria-invalid={mustAgree || undefined}
            aria-describedby={mustAgree ? `${id}-must-agree` : undefined}
            onChange={(event) => view.setAgreed(event.target.checked)}
          />
          <label htmlFor={`${id}-agree`}>{t("consent.agree")}</label>
        </div>
      </div>
      <div className="onflex-actions">
        {view.step === "recordFailed" ? (
          <Button onClick={view.retry}>{t("common.retry")}</Button>
        ) : (
          <Button {...acceptProps} aria-disabled={acceptDisabled && !view.isRecording ? true : undefined} busy={view.isRecording} onClick={onAccept}>
            {t("consent.accept")}
          </Button>
        )}
        <Button variant="secondary" onClick={view.decline} disabled={!view.canDecline}>
          {t("consent.decline")}
        </Button>
      </div>
    </>
  );
}
