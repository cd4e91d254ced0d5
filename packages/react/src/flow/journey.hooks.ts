import {
  connectJourney,
  journeyMachine,
  observeJourney,
  restoreJourney,
  saveJourney,
  type JourneyCallbacks,
  type JourneyInput,
  type JourneyMachine,
  type JourneyPreset,
  type JourneyStorage,
  type JourneyView,
  type RestoreFailureReason,
} from "@onflex/machines";
import { useActorRef, useSelector } from "@xstate/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Actor } from "xstate";
import { useClock, useOnboardingApi } from "../provider/onflex.context.js";

export type JourneyActorRef = Actor<JourneyMachine>;

export interface UseJourneyOptions extends JourneyCallbacks {
  /** Which steps and proposition: e.g. `presets.axleSmartCharging`. */
  journey: JourneyPreset;
  /** The charger model, for presets whose eligibility depends on it. */
  assetModel?: string;
  /** Where to save progress so a reload, an OAuth redirect or a WebView restart resumes it. */
  persistence?: JourneyStorage;
  /** The clock stamped on the consent; defaults to the provider's `clock`, then the device clock. */
  now?: () => Date;
  eligibilityRetry?: JourneyInput["eligibilityRetry"];
}

export interface UseJourneyResult {
  actor: JourneyActorRef;
  view: JourneyView;
  /** Why a saved journey was not resumed (null when there was none, or it resumed). */
  restoreFailure: Exclude<RestoreFailureReason, "empty" | "finished"> | null;
  dismissRestoreFailure: () => void;
}

/** Runs a journey on the provider's API, resumes and saves it, and reports to the callbacks. */
export function useJourney({ journey, assetModel, persistence, now, eligibilityRetry, ...callbacks }: UseJourneyOptions): UseJourneyResult {
  const api = useOnboardingApi();
  const providerClock = useClock();
  const clock = now ?? providerClock;
  const input: JourneyInput = {
    api,
    preset: journey,
    ...(assetModel === undefined ? {} : { assetModel }),
    ...(clock ? { now: clock } : {}),
    ...(eligibilityRetry ? { eligibilityRetry } : {}),
  };

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
    return restoreJourney(journeyMachine, raw, input);
  });
  const reason = restored && !restored.restored ? restored.reason : null;
  const failure = reason === "empty" || reason === "finished" ? null : reason;
  const [restoreFailure, setRestoreFailure] = useState(failure);

  const actor = useActorRef(journeyMachine, restored?.restored ? { input, snapshot: restored.snapshot } : { input });
  const snapshot = useSelector(actor, (state) => state);
  const view = useMemo(() => connectJourney(snapshot, actor.send), [snapshot, actor]);

  useEffect(() => {
    if (reason && reason !== "empty") persistence?.clear();
  }, [reason, persistence]);

  // Callbacks live in a ref so a host passing new closures every render does not resubscribe.
  const callbacksRef = useRef(callbacks);
  useEffect(() => {
    callbacksRef.current = callbacks;
  });
  // Survives StrictMode's effect replay, so the host hears each screen and ending once.
  const reported = useRef<{ screen: string | null; ended: boolean }>({ screen: null, ended: false });
  useEffect(
    () =>
      observeJourney(actor, {
        onStepChange: (step) => {
          if (reported.current.screen === step.screen) return;
          reported.current.screen = step.screen;
          callbacksRef.current.onStepChange?.(step);
        },
        onComplete: (output) => {
          if (reported.current.ended) return;
          reported.current.ended = true;
          callbacksRef.current.onComplete?.(output);
        },
        onExit: (exit) => {
          if (reported.current.ended) return;
          reported.current.ended = true;
          callbacksRef.current.onExit?.(exit);
        },
        onError: (error, where) => callbacksRef.current.onError?.(error, where),
      }),
    [actor],
  );

  // Save after every change anywhere in the journey, children included (typed drafts live
  // in the address flow's context), coalesced to one write per tick.
  useEffect(() => {
    if (!persistence) return;
    let queued = false;
    const flush = () => {
      queued = false;
      const status = actor.getSnapshot().status;
      if (status === "done") persistence.clear();
      else if (status === "active") saveJourney(actor, persistence);
    };
    const inspection = actor.system.inspect((event) => {
      if (event.type !== "@xstate.snapshot" || queued) return;
      queued = true;
      queueMicrotask(flush);
    });
    return () => inspection.unsubscribe();
  }, [actor, persistence]);

  const dismissRestoreFailure = useCallback(() => setRestoreFailure(null), []);
  return { actor, view, restoreFailure, dismissRestoreFailure };
}
