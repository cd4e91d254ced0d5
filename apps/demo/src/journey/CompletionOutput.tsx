import type { PortalCompletion } from "@onflex/embed";
import type { JourneyCompletion } from "@onflex/react";

/**
 * The registered device in one line. The portal's completion carries facts it has no schema
 * for (the device among them) as plain JSON, so the fields are read with care.
 */
function deviceLine(device: object): string {
  const field = (name: string) => {
    const value = (device as Record<string, unknown>)[name];
    return typeof value === "string" ? value : "?";
  };
  return `${field("make")} ${field("model")} (${field("status")}, through ${field("provider")})`;
}

/**
 * What the host receives from `onComplete`, from `<OnboardingFlow>` or from the portal (the
 * same shape): the journey's facts, of which the consent record (terms version and when the
 * user agreed) is the proof a host stores. Shown as facts first, then the raw output.
 */
export function CompletionOutput({ completion, onStartOver }: { completion: JourneyCompletion | PortalCompletion; onStartOver?: () => void }) {
  const { facts } = completion;
  const { consent, meter, address, eligibility, assetModel, device } = facts;
  // Read with care for the same reason as the device: the portal's facts are plain JSON.
  const authorised = (facts as Record<string, unknown>)["authorisation"];
  const authorisation = authorised && typeof authorised === "object" ? String((authorised as Record<string, unknown>)["authState"] ?? "?") : null;
  return (
    <section aria-labelledby="completion-output-heading" className="demo-panel demo-output">
      <h2 id="completion-output-heading">Completion output</h2>
      <p>
        What <code>onComplete</code> gave the host page: <code>completion.facts</code> from journey{" "}
        <code>{completion.journeyId}</code>, steps {completion.steps.join(" → ")}.
      </p>
      <dl>
        {consent ? (
          <>
            <dt>Proposition</dt>
            <dd>{consent.proposition}</dd>
            <dt>Terms version</dt>
            <dd>{consent.termsVersion}</dd>
            <dt>Agreed at</dt>
            <dd>
              <time dateTime={consent.givenAt}>{consent.givenAt}</time>
            </dd>
            <dt>Recorded at</dt>
            <dd>
              <time dateTime={consent.recordedAt}>{consent.recordedAt}</time>
            </dd>
            <dt>MPAN</dt>
            <dd>{consent.mpan}</dd>
          </>
        ) : null}
        {meter ? (
          <>
            <dt>Meter</dt>
            <dd>{meter.direction}</dd>
          </>
        ) : null}
        {address ? (
          <>
            <dt>Address</dt>
            <dd>{[address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(", ")}</dd>
          </>
        ) : null}
        {eligibility ? (
          <>
            <dt>Eligible for</dt>
            <dd>
              {eligibility.propositions
                .filter((p) => p.isEligible)
                .map((p) => p.proposition)
                .join(", ") || "nothing"}
            </dd>
          </>
        ) : null}
        {device ? (
          <>
            <dt>Device</dt>
            <dd>{deviceLine(device)}</dd>
          </>
        ) : null}
        {authorisation ? (
          <>
            <dt>Authorisation</dt>
            <dd>{authorisation}</dd>
          </>
        ) : null}
        {assetModel ? (
          <>
            <dt>Charger model</dt>
            <dd>{assetModel}</dd>
          </>
        ) : null}
      </dl>
      <details>
        <summary>Raw output (JSON)</summary>
        <pre>{JSON.stringify(completion, null, 2)}</pre>
      </details>
      {onStartOver ? (
        <button type="button" onClick={onStartOver}>
          Start a new journey
        </button>
      ) : null}
    </section>
  );
}
