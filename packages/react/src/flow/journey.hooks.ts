import {
  connectJourney,
  createFlowRegistry,
  createJourneyMachine,
  observeJourney,
  onflexFlows,
  restoreJourney,
  saveJourney,
  type AnyFlowDefinition,
  type Facts,
  type FlowDeps,
  type JourneyCallbacks,
  type JourneyDefinition,
  type JourneyInput,
  type JourneyMachine,
  type JourneyStorage,
  type JourneyView,
  type RestoreFailureReason,
} from "@onflex/machines";
import { useActorRef, useSelector } from "@xstate/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Actor } from "xstate";
import { useFlowDeps } from "../provider/onflex.context.js";
import { createDraftStore, type DraftStore } from "../step/drafts.js";

export type JourneyActorRef = Actor<JourneyMachine>;

export interface UseJourneyOptions extends JourneyCallbacks {
  /** What runs, in what order: e.g. `presets.axleSmartCharging`, or your own definition. */
  journey: JourneyDefinition;
  /** The host's inputs the journey lists in `inputs` (e.g. `{ assetModel }`); read when the journey starts. */
  facts?: Facts;
  /** Shorthand for `facts={{ assetModel }}`: the charger model, for journeys whose eligibility depends on it. */
  assetModel?: string;
  /** Your own flows (a host step, or a replacement for one of Onflex's), added to `onflexFlows`. */
  flows?: readonly AnyFlowDefinition[];
  /** Where to save progress so a reload, an OAuth redirect or a WebView restart resumes it. */
  persistence?: JourneyStorage;
  /**
   * Tells the journey when the user is back from a page it opened elsewhere (the system
   * browser, from a WebView): called once with a listener, returns an unsubscribe. The
   * portal connects its host's `resume` message here.
   */
  resume?: ResumeSource;
  /**
   * Unsubmitted form values to start with, by step id and then form, in the shape of saved
   * drafts (`{ address: { postcode: { postcode: "SW1A 1AA" } } }`): e.g. what the user typed
   * into a light placeholder of the first step while the journey's code loaded. Read once,
   * when the journey mounts; a form given here replaces a restored draft of that form, and
   * its step's form starts from it as from a draft (it is saved with the journey like one).
   */
  initialDrafts?: Record<string, Record<string, unknown>>;
}

/** What the user came back on, when the host knows it (e.g. the redirect URL with its code). */
export interface ResumePayload {
  url?: string;
  purpose?: string;
}
export type ResumeSource = (listener: (payload: ResumePayload) => void) => () => void;

export interface UseJourneyResult {
  actor: JourneyActorRef;
  view: JourneyView;
  /** Why a saved journey was not resumed (null when there was none, or it resumed). */
  restoreFailure: Exclude<RestoreFailureReason, "empty" | "finished"> | null;
  dismissRestoreFailure: () => void;
  /** Unsubmitted form values by step, saved with the journey; null without persistence or `initialDrafts`. */
  drafts: DraftStore | null;
}

/** How long typing rests before its draft is written (a flow's new state is written at once). */
export const DRAFT_SAVE_DELAY_MS = 300;

/** Keeps the first of equal values, so a host passing a new array or literal each render does not restart the journey. */
function useStable<T>(value: T, same: (kept: T, next: T) => boolean): T {
  const [kept, setKept] = useState(value);
  if (kept === value || same(kept, value)) return kept;
  setKept(value);
  return value;
}

const sameFlows = (a: readonly AnyFlowDefinition[], b: readonly AnyFlowDefinition[]) => a.length === b.length && a.every((flow, index) => flow === b[index]);
/** A definition is identified by id and version: a changed definition must bump its version anyway. */
const sameJourney = (a: JourneyDefinition, b: JourneyDefinition) => a.id === b.id && a.version === b.version;
const NO_FLOWS: readonly AnyFlowDefinition[] = [];

/**
 * Runs a journey on the provider's dependencies: builds its machine (`createJourneyMachine`,
 * Onflex's flows plus `flows`), resumes and saves it, and reports to the callbacks in the host
 * vocabulary (`observeJourney`): each step, completion and exit once, StrictMode included.
 */
export function useJourney({ journey, facts, assetModel, flows, persistence, resume, initialDrafts, ...callbacks }: UseJourneyOptions): UseJourneyResult {
  const providerDeps = useFlowDeps();
  const definition = useStable(journey, sameJourney);
  const hostFlows = useStable(flows ?? NO_FLOWS, sameFlows);

  // Callbacks live in a ref so a host passing new closures every render does not resubscribe.
  const callbacksRef = useRef(callbacks);
  useEffect(() => {
    callbacksRef.current = callbacks;
  });

  // The host hears every page the journey opens elsewhere, before it opens (a redirect never returns).
  const deps = useMemo<FlowDeps>(
    () => ({
      ...providerDeps,
      openExternal: (request) => {
        callbacksRef.current.onEvent?.({ type: "open_external", url: request.url, purpose: request.purpose });
        return providerDeps.openExternal(request);
      },
    }),
    [providerDeps],
  );
  const machine = useMemo(
    () => createJourneyMachine(definition, { flows: createFlowRegistry(onflexFlows, hostFlows), deps }),
    [definition, hostFlows, deps],
  );
  const givenFacts: Facts = { ...facts, ...(assetModel === undefined ? {} : { assetModel }) };
  const input: JourneyInput = Object.keys(givenFacts).length > 0 ? { facts: givenFacts } : {};

  // Pure on purpose (StrictMode may call it twice): read and validate only; clearing a bad
  // save happens in an effect below.
  const [restored] = useState(() => {
    if (!persistence) return null;
    let raw: string | null = null;
    try {
      raw = persistence.load();
    } catch {
      return null;
    }
    return restoreJourney(machine, raw, input);
  });
  const reason = restored && !restored.restored ? restored.reason : null;
  const failure = reason === "empty" || reason === "finished" ? null : reason;
  const [restoreFailure, setRestoreFailure] = useState(failure);
  const [drafts] = useState(() => {
    if (!persistence && !initialDrafts) return null;
    const start: Record<string, unknown> = restored?.restored ? { ...restored.drafts } : {};
    for (const [stepId, forms] of Object.entries(initialDrafts ?? {})) {
      const kept = start[stepId];
      start[stepId] = { ...(typeof kept === "object" && kept !== null ? kept : {}), ...forms };
    }
    return createDraftStore(start);
  });
  // Seeded values are saved like typing, even when nothing else changes.
  const [seeded] = useState(() => Object.keys(initialDrafts ?? {}).length > 0);

  const actor = useActorRef(machine, restored?.restored ? { input, snapshot: restored.snapshot } : { input });
  const snapshot = useSelector(actor, (state) => state);
  const view = useMemo(() => connectJourney(snapshot, actor.send), [snapshot, actor]);

  useEffect(() => {
    if (reason && reason !== "empty") persistence?.clear();
  }, [reason, persistence]);

  // Survives StrictMode's effect replay, so the host hears each step, error and ending once.
  const reported = useRef({ step: null as string | null, ended: false, errors: new WeakSet<object>(), skipErrorEvent: false });
  useEffect(
    () =>
      observeJourney(actor, {
        onEvent: (event) => {
          const seen = reported.current;
          if (event.type === "step") {
            const key = `${event.stepId}@${event.index}`;
            if (seen.step === key) return;
            seen.step = key;
            callbacksRef.current.onEvent?.(event);
            callbacksRef.current.onStepChange?.(event);
            return;
          }
          if (event.type === "error" && seen.skipErrorEvent) {
            seen.skipErrorEvent = false;
            return;
          }
          callbacksRef.current.onEvent?.(event);
        },
        // observeJourney calls onError, then onEvent with the same error.
        onError: (error, where) => {
          const seen = reported.current;
          seen.skipErrorEvent = seen.errors.has(error);
          if (seen.skipErrorEvent) return;
          seen.errors.add(error);
          callbacksRef.current.onError?.(error, where);
        },
        onComplete: (completion) => {
          if (reported.current.ended) return;
          reported.current.ended = true;
          callbacksRef.current.onComplete?.(completion);
        },
        onExit: (exit) => {
          if (reported.current.ended) return;
          reported.current.ended = true;
          callbacksRef.current.onExit?.(exit);
        },
      }),
    [actor],
  );

  useEffect(() => {
    if (!resume) return;
    return resume((payload) =>
      actor.send({
        type: "JOURNEY.RESUME",
        ...(typeof payload.url === "string" ? { url: payload.url } : {}),
        ...(typeof payload.purpose === "string" ? { purpose: payload.purpose } : {}),
      }),
    );
  }, [actor, resume]);

  // Steps that are over have no form to resume.
  const stepId = view.stepId;
  useEffect(() => {
    if (stepId) drafts?.keepOnly([stepId]);
  }, [drafts, stepId]);

  // Saves when the journey changes (a step starts or ends) or a flow changes state, and
  // DRAFT_SAVE_DELAY_MS after typing (or another change within a state) rests; never per keystroke. Flushed when the page is
  // hidden or left, and on unmount.
  useEffect(() => {
    if (!persistence) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dueAt = Number.POSITIVE_INFINITY;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      dueAt = Number.POSITIVE_INFINITY;
      const status = actor.getSnapshot().status;
      if (status === "done") persistence.clear();
      else if (status === "active") saveJourney(actor, persistence, drafts?.all());
    };
    const schedule = (delay: number) => {
      const at = Date.now() + delay;
      if (timer !== undefined && at >= dueAt) return;
      clearTimeout(timer);
      dueAt = at;
      timer = setTimeout(flush, delay);
    };
    const stateOf = new WeakMap<object, string>();
    const inspection = actor.system.inspect((event) => {
      if (event.type !== "@xstate.snapshot") return;
      if (event.actorRef === actor) {
        schedule(0);
        return;
      }
      const { status, value } = event.snapshot as { status?: unknown; value?: unknown };
      const state = JSON.stringify([status, value ?? null]);
      // A new state is written at once; a change within one (a ticked box) once things rest.
      if (stateOf.get(event.actorRef) === state) {
        schedule(DRAFT_SAVE_DELAY_MS);
        return;
      }
      stateOf.set(event.actorRef, state);
      schedule(0);
    });
    const stopDrafts = drafts?.subscribe(() => schedule(DRAFT_SAVE_DELAY_MS));
    if (seeded) schedule(DRAFT_SAVE_DELAY_MS);
    const onPageHide = () => {
      if (timer !== undefined) flush();
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") onPageHide();
    };
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onVisibility);
      inspection.unsubscribe();
      stopDrafts?.();
      onPageHide();
    };
  }, [actor, persistence, drafts, seeded]);

  const dismissRestoreFailure = useCallback(() => setRestoreFailure(null), []);
  return { actor, view, restoreFailure, dismissRestoreFailure, drafts };
}
