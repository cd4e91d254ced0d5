import { SANDBOX, type SandboxApi } from "@onflex/core";
import type { ExternalOpener } from "@onflex/machines";
import { useCallback, useEffect, useRef, useState } from "react";

type Outcome = (typeof SANDBOX.deviceAuth)[keyof typeof SANDBOX.deviceAuth];

/** The choices the simulated maker offers, each a SANDBOX.deviceAuth fixture. */
const CHOICES: readonly { outcome: Outcome; label: string }[] = [
  { outcome: SANDBOX.deviceAuth.approve, label: "Allow access" },
  { outcome: SANDBOX.deviceAuth.deny, label: "Deny" },
  { outcome: SANDBOX.deviceAuth.stateMismatch, label: "Answer with another state" },
  { outcome: SANDBOX.deviceAuth.codeReused, label: "Answer with a used code" },
  { outcome: SANDBOX.deviceAuth.providerFailing, label: "Fail at the token endpoint" },
  { outcome: SANDBOX.deviceAuth.close, label: "Close without answering" },
];

/**
 * The demo runs on the in-browser sandbox, so the maker's sign-in page is SIMULATED: device
 * authorisation's `openExternal` opens this dialog in the page instead of a real maker's
 * window, and each button answers as the maker would (`api.simulation.simulateSignIn`), the
 * answer reaching the platform's callback so the step learns it by checking the status.
 * Other pages open as the browser would.
 */
export function useSimulatedMaker(api: SandboxApi, fallback: ExternalOpener) {
  const [state, setState] = useState<string | null>(null);
  const openExternal = useCallback<ExternalOpener>(
    (request) => {
      const url = URL.canParse(request.url) ? new URL(request.url) : null;
      const signInState = url?.hostname === "maker.sandbox.onflex.invalid" ? url.searchParams.get("state") : null;
      if (request.purpose !== "device_auth" || !signInState) return fallback(request);
      setState(signInState);
      return { opened: true, mode: "popup" };
    },
    [fallback],
  );
  const answer = useCallback(
    (outcome: Outcome) => {
      if (state) void api.simulation.simulateSignIn(state, outcome);
      setState(null);
    },
    [api, state],
  );
  return { openExternal, dialog: state ? <SimulatedMakerDialog onAnswer={answer} /> : null };
}

function SimulatedMakerDialog({ onAnswer }: { onAnswer: (outcome: Outcome) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="simulated-maker-heading"
      className="demo-panel demo-maker"
      onCancel={(event) => {
        event.preventDefault();
        onAnswer(SANDBOX.deviceAuth.close);
      }}
    >
      <h2 id="simulated-maker-heading">Simulated maker sign-in</h2>
      <p>
        Sandbox: this stands in for the maker&apos;s sign-in window. No account is touched; choose how the maker answers.
      </p>
      <div className="demo-maker-actions">
        {CHOICES.map(({ outcome, label }) => (
          <button key={outcome} type="button" onClick={() => onAnswer(outcome)}>
            {label}
          </button>
        ))}
      </div>
    </dialog>
  );
}
