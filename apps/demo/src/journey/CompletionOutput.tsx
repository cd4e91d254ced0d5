import type { JourneyOutput } from "@onflex/react";

/**
 * What the host receives from `onComplete`: the consent record (terms version and when the
 * user agreed) is the proof a host stores. Shown as facts first, then the raw output.
 */
export function CompletionOutput({ output, onStartOver }: { output: JourneyOutput; onStartOver: () => void }) {
  const { consent, meter, address } = output;
  return (
    <section aria-labelledby="completion-output-heading" className="demo-panel demo-output">
      <h2 id="completion-output-heading">Completion output</h2>
      <p>
        What <code>onComplete</code> gave the host page:
      </p>
      <dl>
        <dt>Proposition</dt>
        <dd>{output.proposition}</dd>
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
        <dt>Meter</dt>
        <dd>{meter.direction}</dd>
        <dt>Address</dt>
        <dd>{[address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(", ")}</dd>
      </dl>
      <details>
        <summary>Raw output (JSON)</summary>
        <pre>{JSON.stringify(output, null, 2)}</pre>
      </details>
      <button type="button" onClick={onStartOver}>
        Start a new journey
      </button>
    </section>
  );
}
