import type { WaitingFor } from "@onflex/core";
import { connectWaitForTransition, waitForTransitionFlow, type WaitForTransitionView } from "@onflex/machines";
import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { usePauseWhileHidden } from "../shared/use-pause-while-hidden.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFailure } from "../step/step-failure.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import type { WaitForTransitionActorRef } from "./wait-for-transition.types.js";

export interface WaitForTransitionStepProps {
  /** A wait actor to render (the journey passes its child); without one the step runs its own. */
  actor?: WaitForTransitionActorRef;
  /** The server-driven wizard and its step to wait on, when the step runs its own actor. */
  wizardId?: string;
  stepId?: string;
  waitingFor?: WaitingFor;
  onComplete?: () => void;
  onExit?: () => void;
}

/**
 * A step the server completes by itself (the tariff switch going ahead, the device becoming
 * LIVE): says what it waits for, looks again in the background (not while the page is hidden),
 * offers "Check now" and "Leave sign-up", and says the page may be closed: the wait may take
 * hours, and a saved journey resumes the same wait when the user comes back.
 */
export function WaitForTransitionStep({ actor, wizardId, stepId, waitingFor, ...callbacks }: WaitForTransitionStepProps) {
  if (actor) return <WaitForTransitionStepView actor={actor} {...callbacks} />;
  return wizardId && stepId && waitingFor ? <StandaloneWaitStep wizardId={wizardId} stepId={stepId} waitingFor={waitingFor} {...callbacks} /> : null;
}

function StandaloneWaitStep({ wizardId, stepId, waitingFor, ...callbacks }: Pick<WaitForTransitionStepProps, "onComplete" | "onExit"> & { wizardId: string; stepId: string; waitingFor: WaitingFor }) {
  const actor = useFlowActor(waitForTransitionFlow, { wizardId, stepId, waitingFor });
  return <WaitForTransitionStepView actor={actor} {...callbacks} />;
}

function WaitForTransitionStepView({ actor, onComplete, onExit }: Pick<WaitForTransitionStepProps, "onComplete" | "onExit"> & { actor: WaitForTransitionActorRef }) {
  const view = useFlowView(actor, connectWaitForTransition);
  const { t } = useI18n();
  useStepCallbacks({ done: view.isDone ? true : null, exited: view.step === "exited" }, onComplete, onExit);
  usePauseWhileHidden({ waiting: view.isWaiting || view.isChecking, pageHidden: view.pageHidden, pageVisible: view.pageVisible });
  const status = view.isChecking ? t("waitForTransition.checking") : view.isWaiting ? t("waitForTransition.waiting.status") : undefined;
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isChecking} status={status}>
      <WaitBody view={view} />
    </StepFrame>
  );
}

function WaitBody({ view }: { view: WaitForTransitionView }) {
  const i18n = useI18n();
  const { t } = i18n;
  switch (view.step) {
    case "checking":
    case "waiting":
    case "paused":
      return (
        <>
          <StepHeading viewKey="waiting">{t(`waitForTransition.${view.waitingFor}.heading`)}</StepHeading>
          <p>{t(`waitForTransition.${view.waitingFor}.body`)}</p>
          {view.isLongWait ? (
            <div className="onflex-alert" data-part="long-wait">
              <p className="onflex-alert-title">{t("waitForTransition.longWait.title")}</p>
              <div className="onflex-alert-body">{t("waitForTransition.longWait.body")}</div>
            </div>
          ) : (
            <p className="onflex-muted">{t("waitForTransition.comeBack")}</p>
          )}
          <div className="onflex-actions">
            <Button onClick={view.check} disabled={!view.canCheck} busy={view.isChecking}>
              {t("waitForTransition.check")}
            </Button>
            <Button variant="secondary" onClick={view.exit} disabled={!view.canExit}>
              {t("waitForTransition.exit")}
            </Button>
          </div>
        </>
      );
    case "failed":
      return (
        <StepFailure viewKey="failed" heading={t("waitForTransition.failed.heading")} onRetry={view.retry} retryDisabled={!view.canRetry} exitLabel={t("waitForTransition.exit")} onExit={view.exit}>
          {errorMessage(i18n, view.error)}
        </StepFailure>
      );
    case "done":
      return (
        <>
          <StepHeading viewKey="done">{t(`waitForTransition.${view.waitingFor}.done`)}</StepHeading>
          <p className="onflex-success">{t("waitForTransition.done.body")}</p>
        </>
      );
    case "exited":
      return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }
}
