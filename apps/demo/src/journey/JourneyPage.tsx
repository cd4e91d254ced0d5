import { createSandboxApi, SANDBOX } from "@onflex/core";
import { createWebStoragePersistence, OnboardingFlow, OnflexProvider, openInBrowser, presets, type JourneyCallbacks, type JourneyCompletion } from "@onflex/react";
import { deDE } from "@onflex/react/locales/de-DE";
import { esUS } from "@onflex/react/locales/es-US";
import { useCallback, useMemo, useState } from "react";
import { HostLog, useHostLog } from "../app/host-log.js";
import { CompletionOutput } from "./CompletionOutput.js";
import { SandboxHints } from "./SandboxHints.js";
import { useSimulatedMaker } from "./SimulatedMakerSignIn.js";
import { DEMO_TEST_CHARGE_SPEED, SimulatedTeslaApp } from "./SimulatedTeslaApp.js";

/**
 * The two ways the same Axle Smart Charging journey can be driven: a fixed list of steps in
 * the page, or the server deciding each next step (`api.wizard`, here the sandbox's); and
 * Kraken SmartFlex's device journey, so far as it goes (address, the device to connect, then
 * signing in at its maker, which the sandbox simulates).
 */
const JOURNEYS = {
  fixed: { label: "Steps fixed in the page", journey: presets.axleSmartCharging, storageKey: "onflex-demo:journey" },
  server: { label: "Steps decided by the server", journey: presets.axleSmartChargingServer, storageKey: "onflex-demo:journey-server" },
  device: { label: "Connect a device", journey: presets.krakenSmartFlex, storageKey: "onflex-demo:journey-device" },
  deviceServer: { label: "Connect a device, steps from the server", journey: presets.krakenSmartFlexServer, storageKey: "onflex-demo:journey-device-server" },
} as const;
type JourneyKind = keyof typeof JOURNEYS;

function journeyKindOf(search: string): JourneyKind {
  const asked = new URLSearchParams(search).get("journey");
  return asked === "server" || asked === "device" || asked === "deviceServer" ? asked : "fixed";
}

/**
 * The widget's languages, each named in itself; `?locale=de-DE` picks one, en-GB by default.
 * en-GB and en-US are built into @onflex/react; German and Spanish are subpaths, passed to the
 * provider as `catalogue` (the demo offers every language, so it imports both).
 */
const LANGUAGES = [
  { locale: "en-GB", label: "English (UK)", lang: "en-GB", catalogue: undefined },
  { locale: "en-US", label: "English (US)", lang: "en-US", catalogue: undefined },
  { locale: "de-DE", label: "Deutsch", lang: "de-DE", catalogue: deDE },
  { locale: "es-US", label: "Español (EE. UU.)", lang: "es-US", catalogue: esUS },
] as const;
const DEFAULT_LOCALE = "en-GB";

function localeOf(search: string): string {
  const asked = new URLSearchParams(search).get("locale");
  return LANGUAGES.find((language) => language.locale === asked)?.locale ?? DEFAULT_LOCALE;
}

/** This page's address with a journey variant and a language, leaving out the defaults. */
function pageHref(kind: JourneyKind, locale: string): string {
  const params = new URLSearchParams();
  if (kind !== "fixed") params.set("journey", kind);
  if (locale !== DEFAULT_LOCALE) params.set("locale", locale);
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

/**
 * The journey used directly: `@onflex/react` on the in-browser sandbox (400 ms of simulated
 * latency), saved to sessionStorage so a reload resumes where it was. `?journey=server` runs
 * the server-driven version of the same journey, `?journey=device` the device journey
 * (`?journey=deviceServer`: the same, its steps decided by the sandbox's wizard);
 * `?locale=de-DE` (or en-US, es-US) shows the widget in that language.
 */
export function JourneyPage() {
  const [kind] = useState(() => journeyKindOf(window.location.search));
  const [locale] = useState(() => localeOf(window.location.search));
  const { journey, storageKey } = JOURNEYS[kind];
  // One sandbox per page load: its "fails once" fixture fails again after a reload.
  const [api] = useState(() => createSandboxApi({ latency: 400, testChargeSpeed: DEMO_TEST_CHARGE_SPEED }));
  // Read lazily: sessionStorage can throw where storage is blocked; the flow then just won't resume.
  const [persistence] = useState(() => createWebStoragePersistence(() => window.sessionStorage, storageKey));
  const [completion, setCompletion] = useState<JourneyCompletion | null>(null);
  const [run, setRun] = useState(0);
  const { entries, log, clear } = useHostLog();
  const maker = useSimulatedMaker(api, openInBrowser);

  const startOver = useCallback(() => {
    persistence.clear();
    setCompletion(null);
    clear();
    setRun((n) => n + 1);
  }, [persistence, clear]);

  // The same callbacks, and the same log lines, as the embedded portal page.
  const callbacks = useMemo<JourneyCallbacks>(
    () => ({
      onEvent: (event) => log("onEvent", event.type, event),
      onComplete: (done) => {
        log("onComplete", null, done);
        setCompletion(done);
      },
      onExit: (exit) => log("onExit", exit.reason, exit),
    }),
    [log],
  );

  return (
    <div className="demo-columns">
      <div>
        <nav aria-label="Journey variants" className="demo-variants">
          <ul>
            {(Object.keys(JOURNEYS) as JourneyKind[]).map((name) => (
              <li key={name}>
                <a href={pageHref(name, locale)} aria-current={name === kind ? "page" : undefined}>
                  {JOURNEYS[name].label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-label="Language of the journey" className="demo-variants">
          <ul>
            {LANGUAGES.map((language) => (
              <li key={language.locale}>
                <a href={pageHref(kind, language.locale)} hrefLang={language.lang} lang={language.lang} aria-current={language.locale === locale ? "page" : undefined}>
                  {language.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <section aria-label="Onboarding journey" className="demo-panel demo-flow" data-journey={journey.id}>
          <OnflexProvider api={api} locale={locale} catalogue={LANGUAGES.find((language) => language.locale === locale)?.catalogue} openExternal={maker.openExternal}>
            <OnboardingFlow
              key={run}
              journey={journey}
              assetModel={SANDBOX.assetModels.qualified}
              // The device journey's proposition requires a tariff switch: the host says so.
              {...(kind === "device" || kind === "deviceServer" ? { facts: { tariffRequirement: { required: true } } } : {})}
              persistence={persistence}
              {...callbacks}
            />
          </OnflexProvider>
        </section>
        {maker.dialog}
        {completion ? <CompletionOutput completion={completion} onStartOver={startOver} /> : null}
      </div>
      <div>
        {kind === "device" || kind === "deviceServer" ? <SimulatedTeslaApp api={api} /> : null}
        <SandboxHints />
        <HostLog title="Callbacks the host received" empty="No callbacks yet: onEvent (step, error, open_external, notice), then onComplete or onExit." entries={entries} />
      </div>
    </div>
  );
}
