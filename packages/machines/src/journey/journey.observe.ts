import type { Actor, ActorRefLike } from "xstate";
import type { FlowError } from "../shared/shared.types.js";
import { connectJourney } from "./journey.connect.js";
import { flowActorId } from "./journey.machine.js";
import type { JourneySnapshot } from "./journey.connect.js";
import type { JourneyMachine } from "./journey.machine.js";
import type { EnrollmentNotice, JourneyCallbacks, JourneyHostEvent } from "./journey.types.js";

const FLOW_ACTOR_PREFIX = flowActorId("");

function noticesOf(snapshot: unknown): readonly EnrollmentNotice[] {
  const notices = (snapshot as { context?: { hostNotices?: unknown } } | undefined)?.context?.hostNotices;
  return Array.isArray(notices) ? (notices as EnrollmentNotice[]) : [];
}

function errorOf(snapshot: unknown): FlowError | null {
  const context = (snapshot as { context?: { error?: unknown } } | undefined)?.context;
  const error = context?.error;
  return typeof error === "object" && error !== null && "code" in error ? (error as FlowError) : null;
}

/**
 * Reports a journey to a host, in the one vocabulary `<OnboardingFlow>` and the portal share:
 * `onEvent` (step, error, enrollment: each of a flow's `hostNotices` once), `onStepChange`,
 * `onError`, then exactly one of `onComplete` or `onExit`. The current step is reported at once. Returns a function that stops reporting.
 */
export function observeJourney(actor: Actor<JourneyMachine>, callbacks: JourneyCallbacks): () => void {
  let stepKey: string | null = null;
  let ended = false;
  const seenErrors = new Map<ActorRefLike, FlowError>();
  const seenNotices = new Map<ActorRefLike, number>();
  let journeyError: FlowError | null = null;
  let currentStepId: string | null = null;

  const emit = (event: JourneyHostEvent) => {
    callbacks.onEvent?.(event);
    if (event.type === "step") callbacks.onStepChange?.(event);
  };
  const reportError = (error: FlowError) => {
    callbacks.onError?.(error, { stepId: currentStepId });
    emit({ type: "error", code: error.code, message: error.message, stepId: currentStepId });
  };

  const onSnapshot = (snapshot: JourneySnapshot): void => {
    const view = connectJourney(snapshot, () => undefined);
    currentStepId = view.stepId;
    if (view.screen === "step" && view.stepId && view.flow) {
      const key = `${view.stepId}@${view.index}`;
      if (key !== stepKey) {
        stepKey = key;
        emit({ type: "step", stepId: view.stepId, flow: view.flow, index: view.index, total: view.total });
      }
    }
    if (view.error && view.error !== journeyError) {
      journeyError = view.error;
      reportError(view.error);
    }
    if (snapshot.status !== "done" || ended) return;
    ended = true;
    if (view.completion) callbacks.onComplete?.(view.completion);
    else if (view.exitInfo) callbacks.onExit?.(view.exitInfo);
  };

  const subscription = actor.subscribe(onSnapshot);
  const inspection = actor.system.inspect((event) => {
    if (event.type !== "@xstate.snapshot" || event.actorRef === actor) return;
    // Notices are append-only: report the ones after those already reported, once each.
    const notices = noticesOf(event.snapshot);
    const reported = seenNotices.get(event.actorRef) ?? 0;
    if (notices.length > reported) {
      seenNotices.set(event.actorRef, notices.length);
      // The flow's own step: by the time its last notice is seen the journey may have moved on.
      const id = (event.actorRef as { id?: unknown }).id;
      const stepId = typeof id === "string" && id.startsWith(FLOW_ACTOR_PREFIX) ? id.slice(FLOW_ACTOR_PREFIX.length) : currentStepId;
      for (const notice of notices.slice(reported)) emit({ type: "enrollment", stepId, ...notice });
    }
    const error = errorOf(event.snapshot);
    if (!error) {
      seenErrors.delete(event.actorRef);
      return;
    }
    // A flow keeps the same error object until something changes it: report each one once.
    if (seenErrors.get(event.actorRef) === error) return;
    seenErrors.set(event.actorRef, error);
    reportError(error);
  });
  onSnapshot(actor.getSnapshot());
  return () => {
    subscription.unsubscribe();
    inspection.unsubscribe();
  };
}
