import { OnflexError } from "@onflex/core";
import type { Actor, ActorRefLike } from "xstate";
import type { FlowError } from "../shared/shared.types.js";
import { getJourneyScreen } from "./journey.connect.js";
import type { JourneySnapshot } from "./journey.connect.js";
import type { JourneyMachine } from "./journey.machine.js";
import type { JourneyCallbacks, JourneyScreen, JourneyStepId } from "./journey.types.js";

const STEP_IDS: readonly JourneyStepId[] = ["address", "eligibility", "consent"];

function stepIdOf(screen: JourneyScreen): JourneyStepId | null {
  if (screen === "ineligible") return "eligibility";
  return (STEP_IDS as readonly string[]).includes(screen) ? (screen as JourneyStepId) : null;
}

function errorOf(snapshot: unknown): FlowError | null {
  const context = (snapshot as { context?: { error?: unknown } } | undefined)?.context;
  const error = context?.error;
  return typeof error === "object" && error !== null && "code" in error ? (error as FlowError) : null;
}

/**
 * Reports a journey's progress to a host: every screen change (the current one at once),
 * completion, exit, and each error a flow inside it shows. Returns a function that stops
 * reporting.
 */
export function observeJourney(actor: Actor<JourneyMachine>, callbacks: JourneyCallbacks): () => void {
  let screen: JourneyScreen | null = null;
  let ended = false;
  const seenErrors = new Map<ActorRefLike, FlowError>();

  const onSnapshot = (snapshot: JourneySnapshot): void => {
    const next = getJourneyScreen(snapshot);
    const previous = screen;
    if (next !== screen) {
      screen = next;
      callbacks.onStepChange?.({ screen: next, stepId: stepIdOf(next) });
    }
    if (snapshot.status !== "done" || ended) return;
    ended = true;
    if (snapshot.output) callbacks.onComplete?.(snapshot.output);
    else callbacks.onExit?.({ reason: snapshot.context.exitReason ?? "user", screen: previous ?? next });
  };

  const subscription = actor.subscribe(onSnapshot);
  const inspection = actor.system.inspect((event) => {
    if (event.type !== "@xstate.snapshot" || event.actorRef === actor) return;
    const error = errorOf(event.snapshot);
    if (!error) {
      seenErrors.delete(event.actorRef);
      return;
    }
    // A flow keeps the same error object until something changes it: report each one once.
    if (seenErrors.get(event.actorRef) === error) return;
    seenErrors.set(event.actorRef, error);
    callbacks.onError?.(OnflexError.fromJSON(error), { screen: screen ?? getJourneyScreen(actor.getSnapshot()) });
  });
  onSnapshot(actor.getSnapshot());
  return () => {
    subscription.unsubscribe();
    inspection.unsubscribe();
  };
}
