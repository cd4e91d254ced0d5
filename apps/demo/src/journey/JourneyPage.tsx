import { createSandboxApi, SANDBOX } from "@onflex/core";
import { createWebStoragePersistence, OnboardingFlow, OnflexProvider, presets, type JourneyOutput } from "@onflex/react";
import { useCallback, useState } from "react";
import { CompletionOutput } from "./CompletionOutput.js";
import { SandboxHints } from "./SandboxHints.js";

const STORAGE_KEY = "onflex-demo:journey";

interface CallbackEntry {
  id: number;
  text: string;
}

/**
 * The journey used directly: `@onflex/react` on the in-browser sandbox (400 ms of simulated
 * latency), saved to sessionStorage after every step so a reload resumes where it was.
 */
export function JourneyPage() {
  // One sandbox per page load: its "fails once" fixture fails again after a reload.
  const [api] = useState(() => createSandboxApi({ latency: 400 }));
  // Read lazily: sessionStorage can throw where storage is blocked; the flow then just won't resume.
  const [persistence] = useState(() => createWebStoragePersistence(() => window.sessionStorage, STORAGE_KEY));
  const [output, setOutput] = useState<JourneyOutput | null>(null);
  const [run, setRun] = useState(0);
  const [callbacks, setCallbacks] = useState<CallbackEntry[]>([]);

  const note = useCallback((text: string) => setCallbacks((list) => [...list.slice(-19), { id: (list.at(-1)?.id ?? 0) + 1, text }]), []);

  const startOver = useCallback(() => {
    persistence.clear();
    setOutput(null);
    setCallbacks([]);
    setRun((n) => n + 1);
  }, [persistence]);

  return (
    <div className="demo-columns">
      <div>
        <section aria-label="Onboarding journey" className="demo-panel demo-flow">
          <OnflexProvider api={api}>
            <OnboardingFlow
              key={run}
              journey={presets.axleSmartCharging}
              assetModel={SANDBOX.assetModels.qualified}
              persistence={persistence}
              onStepChange={({ screen }) => note(`onStepChange: ${screen}`)}
              onError={(error, { screen }) => note(`onError on ${screen}: ${error.code}${error.retryable ? " (retryable)" : ""}`)}
              onExit={({ reason }) => note(`onExit: ${reason}`)}
              onComplete={(completed) => {
                note("onComplete");
                setOutput(completed);
              }}
            />
          </OnflexProvider>
        </section>
        {output ? <CompletionOutput output={output} onStartOver={startOver} /> : null}
      </div>
      <div>
        <SandboxHints />
        <section aria-labelledby="callbacks-heading" className="demo-panel">
          <h2 id="callbacks-heading">Callbacks the host received</h2>
          <div role="log" aria-labelledby="callbacks-heading" className="demo-log">
            <ol>
              {callbacks.map((entry) => (
                <li key={entry.id}>{entry.text}</li>
              ))}
            </ol>
          </div>
        </section>
      </div>
    </div>
  );
}
