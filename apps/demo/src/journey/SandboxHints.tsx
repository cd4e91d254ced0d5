import { SANDBOX } from "@onflex/core";

type PostcodeCase = keyof typeof SANDBOX.postcodes;

// Keyed by the fixture names, so a case added to core's SANDBOX fails the typecheck here
// until the demo explains it.
const WHAT_HAPPENS: Record<PostcodeCase, string> = {
  happy: "a street where every address has one import meter",
  noAddresses: "no addresses are found",
  twoMeters: "the first address has an import and an export meter to choose from",
  meterNotFound: "the first address has no meter on record, so you type the MPAN",
  failsOnce: "the first search fails (try Retry), then it works",
  malformed: "the lookup answers with a garbled response",
  nonDomestic: "a non-domestic site: neither proposition is available",
  notSmart: "meters are not half-hourly settled: Smart Charging is unavailable",
};

/** What to type to see each sandbox case; every other valid UK postcode gets generated homes. */
export function SandboxHints() {
  const cases = Object.keys(WHAT_HAPPENS) as PostcodeCase[];
  return (
    <aside aria-labelledby="sandbox-hints-heading" className="demo-panel demo-hints">
      <h2 id="sandbox-hints-heading">Sandbox postcodes to try</h2>
      <p>Everything here is simulated: no real address, meter or consent is touched. Lookups take about 0.4 s.</p>
      <dl>
        {cases.map((name) => (
          <div key={name}>
            <dt>
              <code>{SANDBOX.postcodes[name]}</code>
            </dt>
            <dd>{WHAT_HAPPENS[name]}</dd>
          </div>
        ))}
      </dl>
      <p>
        Any other valid UK postcode returns a few generated addresses. The charger model is{" "}
        <code>{SANDBOX.assetModels.qualified}</code> (qualified for Smart Charging).
      </p>
    </aside>
  );
}
