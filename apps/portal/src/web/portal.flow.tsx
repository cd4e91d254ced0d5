import { createHttpApi } from "@onflex/core";
import type { PortalBridge } from "@onflex/embed";
import { presets, type JourneyCallbacks, type JourneyPreset } from "@onflex/machines";
import { OnboardingFlow, OnflexProvider } from "@onflex/react";
import { use, useEffect, useMemo, useRef } from "react";
import type { PortalBoot } from "../shared/boot.types.js";
import { appearanceFor } from "./appearance.js";
import { loadServerProgress, type ServerProgress } from "./progress.storage.js";

// Read once per page: the session is fixed for the page's life, and StrictMode must not
// fetch twice.
const progressBySession = new Map<string, Promise<ServerProgress>>();
function progressFor(boot: PortalBoot): Promise<ServerProgress> {
  let found = progressBySession.get(boot.sessionId);
  if (!found) {
    found = loadServerProgress({ baseUrl: window.location.origin, sessionId: boot.sessionId });
    progressBySession.set(boot.sessionId, found);
  }
  return found;
}

function presetFor(proposition: string): JourneyPreset {
  return Object.values(presets).find((preset) => preset.proposition === proposition) ?? presets.axleSmartCharging;
}

export default function PortalFlow({ boot, bridge }: { boot: PortalBoot; bridge: PortalBridge }) {
  const progress = use(progressFor(boot));
  const api = useMemo(() => createHttpApi({ baseUrl: window.location.origin, getToken: () => boot.sessionId }), [boot]);
  const appearance = useMemo(() => appearanceFor(boot.site.branding), [boot]);
  const journey = presetFor(boot.proposition);

  const readySent = useRef(false);
  useEffect(() => {
    if (readySent.current) return;
    readySent.current = true;
    bridge.send({ type: "ready", payload: { siteId: boot.site.id } });
  }, [bridge, boot]);

  const callbacks: JourneyCallbacks = {
    onStepChange({ stepId }) {
      const index = stepId ? journey.steps.indexOf(stepId) : -1;
      if (stepId && index >= 0) bridge.send({ type: "step", payload: { step: stepId, index, total: journey.steps.length } });
    },
    onComplete(output) {
      bridge.send({ type: "completed", payload: { output: { ...output } } });
    },
    onExit({ reason, screen }) {
      const why = reason === "declined" ? "consent_declined" : screen === "ineligible" ? "not_eligible" : "closed";
      bridge.send({ type: "exit", payload: { reason: why } });
    },
    onError(error) {
      bridge.send({ type: "error", payload: { code: error.code, message: error.message } });
      if (error.code === "unauthorized") bridge.send({ type: "exit", payload: { reason: "session_expired" } });
    },
  };

  return (
    <OnflexProvider api={api} appearance={appearance}>
      <OnboardingFlow
        journey={journey}
        persistence={progress.storage}
        {...(boot.assetModel ? { assetModel: boot.assetModel } : {})}
        {...callbacks}
      />
    </OnflexProvider>
  );
}
