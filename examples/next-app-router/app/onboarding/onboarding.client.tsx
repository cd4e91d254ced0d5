"use client";
// The client boundary: this module and what it imports are rendered to HTML on the server and
// hydrated in the browser. What the journey is given (the API object, the journey definition,
// the callbacks) holds functions, which no server component can pass to a client one, so it
// is all set up here, on this side of the boundary; the page passes strings only.
import { createHttpApi } from "@onflex/core";
import { OnboardingFlow, OnflexProvider, presets } from "@onflex/react";
import { useState } from "react";

export interface OnboardingClientProps {
  /** Where the host's backend serves Onflex's REST contract; same origin, so the session cookie goes along. */
  apiBaseUrl: string;
  /** The charger model when the host knows it, for the eligibility check. */
  assetModel?: string | undefined;
  /** Where the browser goes when the journey completes, and when the user leaves it. */
  doneUrl: string;
  exitUrl: string;
}

export function OnboardingClient({ apiBaseUrl, assetModel, doneUrl, exitUrl }: OnboardingClientProps) {
  // Made here, once per mount: its requests belong to the browser, with the user's session, and
  // a new object on every render would restart the journey. On the server it is made but never
  // called: the journey's requests start in the browser, after hydration.
  const [api] = useState(() => createHttpApi({ baseUrl: apiBaseUrl }));
  return (
    <OnflexProvider api={api} locale="en-GB">
      <OnboardingFlow
        journey={presets.axleSmartCharging}
        assetModel={assetModel}
        // A Next app would use useRouter() from next/navigation; this example imports nothing from Next.
        onComplete={({ facts }) => window.location.assign(`${doneUrl}?consent=${encodeURIComponent(facts.consent?.id ?? "")}`)}
        onExit={({ reason }) => window.location.assign(`${exitUrl}?left=${encodeURIComponent(reason)}`)}
      />
    </OnflexProvider>
  );
}
