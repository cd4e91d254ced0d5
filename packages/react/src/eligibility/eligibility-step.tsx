import { connectEligibility, eligibilityFlow, type EligibilityInput, type EligibilityOutput } from "@onflex/machines";
import { Button, ErrorAlert, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import { EligibilityResults } from "./eligibility-results.js";
import type { EligibilityActorRef } from "./eligibility.types.js";

export type EligibilityStepProps = {
  onComplete?: (output: EligibilityOutput) => void;
  onExit?: () => void;
} & (
  | { /** The journey's running check. */ actor: EligibilityActorRef }
  | ({ actor?: undefined } & EligibilityInput)
);

/** Checks which propositions a meter qualifies for and explains every "no". */
export function EligibilityStep(props: EligibilityStepProps) {
  if (props.actor) return <EligibilityStepView actor={props.actor} onComplete={props.onComplete} onExit={props.onExit} />;
  return <StandaloneEligibilityStep {...props} />;
}

function StandaloneEligibilityStep({ onComplete, onExit, actor: _actor, ...input }: EligibilityStepProps & { actor?: undefined }) {
  const actor = useFlowActor(eligibilityFlow, input);
  return <EligibilityStepView actor={actor} onComplete={onComplete} onExit={onExit} />;
}

function EligibilityStepView({
  actor,
  onComplete,
  onExit,
}: {
  actor: EligibilityActorRef;
  onComplete?: ((output: EligibilityOutput) => void) | undefined;
  onExit?: (() => void) | undefined;
}) {
  const view = useFlowView(actor, connectEligibility);
  const i18n = useI18n();
  const { t } = i18n;
  useStepCallbacks({ done: view.isChecked ? view.result : null, exited: view.step === "exited" }, onComplete, onExit);

  let body;
  if (view.isChecking) {
    body = <StepHeading viewKey="checking">{t("eligibility.heading")}</StepHeading>;
  } else if (view.step === "failed") {
    body = (
      <>
        <StepHeading viewKey="failed">{t("eligibility.error.heading")}</StepHeading>
        <ErrorAlert
          actions={
            <>
              <Button onClick={view.retry}>{t("common.retry")}</Button>
              <Button variant="secondary" onClick={view.exit}>
                {t("eligibility.exit")}
              </Button>
            </>
          }
        >
          {errorMessage(i18n, view.error)}
        </ErrorAlert>
      </>
    );
  } else if (view.isChecked) {
    body = (
      <>
        <StepHeading viewKey="checked">
          {view.isEligible ? t("eligibility.eligible.heading") : t("eligibility.results.heading")}
        </StepHeading>
        <EligibilityResults propositions={view.propositions} />
        {view.result ? (
          <p className="onflex-muted">{t("eligibility.checkedAt", { date: i18n.formatDate(view.result.checkedAt) })}</p>
        ) : null}
      </>
    );
  } else {
    body = <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }

  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isChecking} status={view.isChecking ? t("eligibility.checking") : undefined}>
      {body}
    </StepFrame>
  );
}
