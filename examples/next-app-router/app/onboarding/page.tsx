// A server component (no "use client"): it runs on the server only, reads the request and
// passes the client component plain props. Functions and API objects cannot cross this
// boundary; strings can.
import { OnboardingClient } from "./onboarding.client";

/** What Next gives a page. Since Next 15 `searchParams` is a promise (Next 14 gave the object itself). */
export interface OnboardingPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** `/onboarding?charger=myenergi%20zappi%20v2`: the host's page around Onflex's journey. */
export default async function OnboardingPage({ searchParams }: OnboardingPageProps) {
  const { charger } = await searchParams;
  return (
    <main>
      <h1>Set up smart charging</h1>
      <OnboardingClient
        apiBaseUrl="/api/onflex"
        assetModel={typeof charger === "string" && charger !== "" ? charger : undefined}
        doneUrl="/onboarding/done"
        exitUrl="/"
      />
    </main>
  );
}
