import type { Actor, ActorRefLike } from "xstate";
import type { FlowError } from "../shared/shared.types.js";
import { connectJourney } from "./journey.connect.js";
import { flowActorId, journeyRuntimeOf } from "./journey.machine.js";
import type { JourneySnapshot } from "./journey.connect.js";
import type { FlowRegistry } from "./journey.define.js";
import type { JourneyMachine } from "./journey.machine.js";
import type { JourneyCallbacks, JourneyHostEvent, JourneyNoticeEvent } from "./journey.types.js";

const FLOW_ACTOR_PREFIX = flowActorId("");

function noticesOf(snapshot: unknown): readonly unknown[] {
  const notices = (snapshot as { context?: { hostNotices?: unknown } } | undefined)?.context?.hostNotices;
  return Array.isArray(notices) ? notices : [];
}

/** True unless the host's bundler says this is a production build. */
function isDevelopment(): boolean {
  return typeof process === "undefined" || process.env["NODE_ENV"] !== "production";
}

/** The flow id a child actor was spawned from (`spawnChild(flowId, …)`), else null. */
function flowIdOf(actorRef: ActorRefLike): string | null {
  const src = (actorRef as { src?: unknown }).src;
  return typeof src === "string" ? src : null;
}

type NoticeCheck = { ok: true; flow: string; notice: object } | { ok: false; message: string };

/** A notice as its flow declared it, or why it is dropped. Never throws. */
function checkNotice(flows: FlowRegistry | null, flowId: string | null, notice: unknown): NoticeCheck {
  const schema = flowId ? flows?.get(flowId)?.notices : undefined;
  if (!flowId || !schema) return { ok: false, message: `Flow "${flowId ?? "?"}" has host notices but declares no \`notices\` schema; the notice was dropped.` };
  try {
    const parsed = schema.safeParse(notice);
    if (parsed.success) return { ok: true, flow: flowId, notice: parsed.data };
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "(notice)"}: ${issue.message}` : "invalid notice";
    return { ok: false, message: `Flow "${flowId}" gave a notice that does not match its \`notices\` schema (${where}); the notice was dropped.` };
  } catch {
    return { ok: false, message: `Flow "${flowId}" gave a notice its \`notices\` schema could not read; the notice was dropped.` };
  }
}

function errorOf(snapshot: unknown): FlowError | null {
  const context = (snapshot as { context?: { error?: unknown } } | undefined)?.context;
  const error = context?.error;
  return typeof error === "object" && error !== null && "code" in error ? (error as FlowError) : null;
}

/**
 * Reports a journey to a host, in the one vocabulary `<OnboardingFlow>` and the portal share:
 * `onEvent` (step, error, open_external, and `notice`: each new entry of a flow's
 * `hostNotices` once, checked against the schema the flow declares in `notices`),
 * `onStepChange`, `onError`, then exactly one of `onComplete` or `onExit`. The current step
 * is reported at once. A notice that does not match its flow's schema is dropped (and, in
 * development, reported as an `error` event with code `invalid_response`); it never throws.
 * Returns a function that stops reporting.
 */
export function observeJourney(actor: Actor<JourneyMachine>, callbacks: JourneyCallbacks): () => void {
  let stepKey: string | null = null;
  let ended = false;
  const seenErrors = new Map<ActorRefLike, FlowError>();
  const seenNotices = new Map<ActorRefLike, number>();
  let journeyError: FlowError | null = null;
  let currentStepId: string | null = null;
  let flows: FlowRegistry | null = null;
  try {
    flows = journeyRuntimeOf(actor.logic).flows;
  } catch {
    // Not made by createJourneyMachine: no flow declares a notice schema, so none is relayed.
  }

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

  // Flows the journey already has (restored from a save, or running before this observer
  // came) have reported their notices already: only the ones they add from now on are new.
  for (const child of Object.values(actor.getSnapshot().children ?? {})) {
    if (child) seenNotices.set(child, noticesOf(child.getSnapshot()).length);
  }

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
      const flow = flowIdOf(event.actorRef);
      for (const notice of notices.slice(reported)) {
        const checked = checkNotice(flows, flow, notice);
        // The schema is the flow's own: the event's type follows from its entry in `FlowNotices`.
        if (checked.ok) emit({ type: "notice", flow: checked.flow, stepId, notice: checked.notice } as JourneyNoticeEvent);
        else if (isDevelopment()) emit({ type: "error", code: "invalid_response", message: checked.message, stepId });
      }
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
