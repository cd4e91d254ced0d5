import type { JourneyView } from "@onflex/machines";
import { AddressStep } from "../address/address-step.js";
import { ConsentStep } from "../consent/consent-step.js";
import { EligibilityResults } from "../eligibility/eligibility-results.js";
import { EligibilityStep } from "../eligibility/eligibility-step.js";
import { Button, HeadingFocusScope, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { propositionName } from "../shared/messages.js";
import { useJourney, type UseJourneyOptions } from "./journey.hooks.js";

export type OnboardingFlowProps = UseJourneyOptions;

/**
 * The whole journey: a progress indicator, a back button and the current step. Progress is
 * saved to `persistence` after every change and resumed on mount.
 */
export function OnboardingFlow(props: OnboardingFlowProps) {
  const { view, restoreFailure, dismissRestoreFailure } = useJourney(props);
  const { t } = useI18n();
  return (
    <HeadingFocusScope>
      <div {...view.getRootProps()} className="onflex-flow">
        {restoreFailure ? (
          <div className="onflex-notice" data-part="restore-failed" data-reason={restoreFailure}>
            <p role="alert">{t("flow.restoreFailed")}</p>
            <Button variant="link" onClick={dismissRestoreFailure}>
              {t("common.dismiss")}
            </Button>
          </div>
        ) : null}
        <Progress view={view} />
        {view.canGoBack ? (
          <div className="onflex-actions">
            <Button variant="link" onClick={view.back} data-part="back">
              <span aria-hidden="true">← </span>
              {t("flow.back")}
            </Button>
          </div>
        ) : null}
        <CurrentScreen view={view} />
      </div>
    </HeadingFocusScope>
  );
}

function Progress({ view }: { view: JourneyView }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (view.isComplete || view.isExited) return null;
  return (
    <nav aria-label={t("flow.progress")} data-part="progress">
      <ol className="onflex-progress">
        {view.steps.map((step) => (
          <li key={step.id} {...view.getStepProps(step.id)} data-status={step.status}>
            {i18n.tryT(`flow.step.${step.id}`) ?? step.id}
            {step.status === "complete" ? <span className="onflex-visually-hidden"> ({t("flow.progress.done")})</span> : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function CurrentScreen({ view }: { view: JourneyView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const current = view.current;
  // Keyed by actor so a new run of a flow (after Back) mounts a fresh step, heading focus included.
  if (current?.stepId === "address") return <AddressStep key={current.ref.id} actor={current.ref} />;
  if (current?.stepId === "eligibility") return <EligibilityStep key={current.ref.id} actor={current.ref} />;
  if (current?.stepId === "consent") return <ConsentStep key={current.ref.id} actor={current.ref} />;

  const name = propositionName(i18n, view.proposition);
  if (view.screen === "ineligible" && view.ineligibility && view.propositionEligibility) {
    return (
      <section className="onflex-step" data-scope="journey" data-part="ineligible">
        <StepHeading viewKey="ineligible">{t("eligibility.ineligible.heading", { proposition: name })}</StepHeading>
        <EligibilityResults propositions={[view.propositionEligibility]} />
        <p>{t("eligibility.ineligible.body")}</p>
        <div className="onflex-actions">
          <Button onClick={view.back}>{t("eligibility.changeAddress")}</Button>
          <Button variant="secondary" onClick={view.exit}>
            {t("eligibility.exit")}
          </Button>
        </div>
      </section>
    );
  }
  if (view.isComplete && view.output) {
    return (
      <section className="onflex-step" data-scope="journey" data-part="complete">
        <StepHeading viewKey="complete">{t("flow.complete.heading")}</StepHeading>
        <p className="onflex-success">
          {t("flow.complete.body", { proposition: name, date: i18n.formatDate(view.output.consent.givenAt) })}
        </p>
      </section>
    );
  }
  if (view.isExited) {
    return (
      <section className="onflex-step" data-scope="journey" data-part="exited" data-reason={view.exitReason ?? undefined}>
        <StepHeading viewKey="exited">{view.exitReason === "declined" ? t("consent.declined.heading") : t("flow.exited.heading")}</StepHeading>
        <p>{view.exitReason === "declined" ? t("consent.declined.body") : t("flow.exited.body")}</p>
      </section>
    );
  }
  return null;
}
