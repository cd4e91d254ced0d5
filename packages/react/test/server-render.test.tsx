// @vitest-environment node
// A server has no DOM: this file runs in plain Node (no window, no document), in the "react"
// and "react-18" projects alike.
import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import * as onflex from "@onflex/react";
import {
  AddressStep,
  Button,
  ConsentStep,
  DeviceAuthStep,
  DeviceSelectionStep,
  EligibilityResults,
  EligibilityStep,
  EnrollmentStep,
  ErrorAlert,
  HeadingFocusScope,
  IneligibleScreen,
  lazyEntry,
  LiveStatus,
  ManageEnrollmentStep,
  NoProgramsScreen,
  OnboardingFlow,
  OnflexProvider,
  presets,
  RadioGroup,
  StepFrame,
  StepHeading,
  StepSkeleton,
  TariffFacts,
  TariffSwitchStep,
  TestChargeStep,
  TextField,
  UnsupportedDeviceScreen,
  VirtualKeyStep,
  WaitForTransitionStep,
  type StepComponentProps,
} from "@onflex/react";
import { within } from "@testing-library/react";
import { createRequire } from "node:module";
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FIXED_NOW, sandbox } from "./render.js";
import { renderOnServer } from "./server.js";

// jsdom parses the HTML once the render is over, so it can be queried by role like a page.
// It ships no types (and @types/jsdom is not installed): only its constructor is used.
const { JSDOM } = createRequire(import.meta.url)("jsdom") as { JSDOM: new (html: string) => { window: Window } };

const clock = () => FIXED_NOW;
const noop = () => undefined;

/** What each render saw of the browser's globals, recorded from inside the tree while it renders. */
let seen: string[] = [];
function GlobalsProbe() {
  seen.push(`${typeof window} ${typeof document}`);
  return null;
}

function onServer(ui: ReactNode, provider = true) {
  const probed = (
    <>
      <GlobalsProbe />
      {ui}
      <GlobalsProbe />
    </>
  );
  return provider ? (
    <OnflexProvider api={sandbox()} clock={clock}>
      {probed}
    </OnflexProvider>
  ) : (
    probed
  );
}

function parse(html: string): HTMLElement {
  return new JSDOM(`<!doctype html><html><body>${html}</body></html>`).window.document.body;
}

interface Case {
  ui: ReactNode;
  /** Not wrapped in a provider (the provider's own case). */
  bare?: boolean;
  check(page: HTMLElement): void;
}

/** One case per component @onflex/react exports; the first test keeps this list complete. */
const cases: Record<string, Case> = {
  OnflexProvider: {
    bare: true,
    ui: (
      <OnflexProvider api={sandbox()} clock={clock} locale="en-US" appearance={{ colors: { primary: "#5b1f8f" }, colorScheme: "dark" }}>
        <GlobalsProbe />
        <p>Host content</p>
        <GlobalsProbe />
      </OnflexProvider>
    ),
    check(page) {
      const root = within(page).getByText("Host content").parentElement!;
      expect(root).toHaveAttribute("lang", "en-US");
      expect(root).toHaveAttribute("data-color-scheme", "dark");
      expect(root.getAttribute("style")).toContain("--onflex-color-primary:#5b1f8f");
    },
  },
  OnboardingFlow: {
    ui: <OnboardingFlow journey={presets.axleSmartCharging} assetModel={SANDBOX.assetModels.qualified} />,
    check(page) {
      const nav = within(page).getByRole("navigation", { name: "Progress" });
      expect(nav).toHaveTextContent("Step 1 of 3");
      expect(within(nav).getAllByRole("listitem").map((item) => item.getAttribute("aria-current"))).toEqual(["step", null, null]);
      // The first step itself, not the skeleton: the render waited for the step's code.
      expect(within(page).getByRole("heading", { level: 2, name: "Find your address" })).toBeInTheDocument();
      expect(within(page).getByRole("textbox", { name: "Postcode" })).toHaveAccessibleDescription(/postcode of the home/);
      expect(within(page).queryByRole("status", { name: "Loading the next step…" })).not.toBeInTheDocument();
    },
  },
  AddressStep: {
    ui: <AddressStep />,
    check(page) {
      expect(within(page).getByRole("heading", { level: 2, name: "Find your address" })).toBeInTheDocument();
      const postcode = within(page).getByRole("textbox", { name: "Postcode" });
      expect(postcode).toHaveAttribute("autocomplete", "postal-code");
      expect(postcode).toHaveAccessibleDescription("The postcode of the home where your device is installed.");
      expect(within(page).getByRole("button", { name: "Find address" })).toHaveAttribute("type", "submit");
    },
  },
  EligibilityStep: {
    ui: <EligibilityStep mpan={SANDBOX.mpans.domestic} assetModel={SANDBOX.assetModels.qualified} />,
    check(page) {
      // The check runs in the browser: the server sends its first state, busy.
      const heading = within(page).getByRole("heading", { level: 2, name: "Checking your eligibility" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Checking which programmes your home qualifies for…");
    },
  },
  ConsentStep: {
    ui: <ConsentStep mpan={SANDBOX.mpans.domestic} proposition={AXLE_PROPOSITIONS.smartCharging} />,
    check(page) {
      const heading = within(page).getByRole("heading", { level: 2, name: "Read and agree to the terms" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Loading the terms…");
    },
  },
  DeviceSelectionStep: {
    ui: <DeviceSelectionStep mpan={SANDBOX.mpans.domestic} />,
    check(page) {
      // The device types load in the browser: the server sends the first state, busy.
      const heading = within(page).getByRole("heading", { level: 2, name: "Which device do you want to connect?" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Finding the devices your home can connect…");
    },
  },
  DeviceAuthStep: {
    ui: (
      <DeviceAuthStep
        device={{
          deviceId: "sbx-device-1",
          deviceType: "ELECTRIC_VEHICLES",
          make: "Tesla",
          model: "Model 3",
          provider: "TESLA",
          providerUsesOAuth: true,
          isIntegrationLive: true,
          supportsStateOfCharge: true,
          status: "ONBOARDING",
        }}
      />
    ),
    check(page) {
      // The sign-in is fetched in the browser: the server sends the explanation, busy.
      const heading = within(page).getByRole("heading", { level: 2, name: "Allow us to control your Tesla Model 3" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("button", { name: "Sign in with Tesla" })).toBeDisabled();
      expect(within(page).getByRole("status")).toHaveTextContent("Getting the Tesla sign-in ready…");
    },
  },
  TestChargeStep: {
    ui: (
      <TestChargeStep
        device={{
          deviceId: "sbx-device-1",
          deviceType: "ELECTRIC_VEHICLES",
          make: "Tesla",
          model: "Model 3",
          provider: "TESLA",
          providerUsesOAuth: true,
          isIntegrationLive: true,
          supportsStateOfCharge: true,
          status: "ONBOARDING",
        }}
      />
    ),
    check(page) {
      // The device's status is read in the browser: the server sends the heading, busy.
      const heading = within(page).getByRole("heading", { level: 2, name: "Check we can charge your Tesla Model 3" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Checking your Tesla Model 3…");
    },
  },
  TariffSwitchStep: {
    ui: (
      <TariffSwitchStep
        device={{
          deviceId: "sbx-device-1",
          deviceType: "ELECTRIC_VEHICLES",
          make: "Tesla",
          model: "Model 3",
          provider: "TESLA",
          providerUsesOAuth: true,
          isIntegrationLive: true,
          supportsStateOfCharge: true,
          status: "ONBOARDING",
        }}
      />
    ),
    check(page) {
      // The switch and the offer load in the browser: the server sends the step, busy.
      const heading = within(page).getByRole("heading", { level: 2, name: "Tariff" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Checking your tariff switch…");
    },
  },
  TariffFacts: {
    ui: (
      <TariffFacts
        tariff={{
          code: "EV-FIX",
          displayName: "EV Fixed",
          supplier: "Supplier",
          currency: "GBP",
          unitRates: [
            { kind: "OFF_PEAK", start: "00:00", end: "04:00", unitRate: "8.95" },
            { kind: "STANDARD", start: "04:00", end: "00:00", unitRate: "25.6725" },
          ],
          standingCharge: "53.35",
          exitFees: [{ fuel: "ELECTRICITY", amount: "7500" }],
          contractMonths: 12,
        }}
      />
    ),
    check(page) {
      expect(within(page).getAllByRole("term").map((term) => term.textContent)).toEqual(["Off-peak, 00:00 to 04:00", "Standard, 04:00 to 00:00", "Standing charge", "Exit fees", "Contract"]);
      expect(page.textContent).toContain("Off-peak, 00:00 to 04:00");
      expect(page.textContent).toContain("25.6725p per kWh");
      expect(page.textContent).toContain("53.35p a day");
      expect(page.textContent).toContain("£75.00 for electricity");
      expect(page.textContent).toContain("Fixed for 12 months");
    },
  },
  VirtualKeyStep: {
    ui: (
      <VirtualKeyStep
        device={{
          deviceId: "sbx-device-1",
          deviceType: "ELECTRIC_VEHICLES",
          make: "Tesla",
          model: "Model 3",
          provider: "TESLA",
          providerUsesOAuth: true,
          isIntegrationLive: true,
          supportsStateOfCharge: true,
          status: "ONBOARDING",
        }}
      />
    ),
    check(page) {
      // The key is fetched in the browser: the server sends the heading, busy, and no QR code yet.
      const heading = within(page).getByRole("heading", { level: 2, name: "Add our key to your Tesla Model 3" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Getting your key ready…");
      expect(within(page).queryByRole("img")).not.toBeInTheDocument();
    },
  },
  WaitForTransitionStep: {
    ui: <WaitForTransitionStep wizardId="sbx-wiz-1" stepId="deviceLive" waitingFor="DEVICE_LIVE" />,
    check(page) {
      // The server's answer is fetched in the browser: the server sends what is awaited, checking.
      const heading = within(page).getByRole("heading", { level: 2, name: "Finishing setting up your device" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Checking…");
      expect(within(page).getByRole("button", { name: "Leave sign-up" })).toBeEnabled();
    },
  },
  UnsupportedDeviceScreen: {
    ui: (
      <UnsupportedDeviceScreen
        blocked={{ stepId: "deviceSelection", flow: "deviceSelection", reason: "unsupported_device", details: { case: "no_device_types" } }}
        canGoBack
        back={noop}
        exit={noop}
      />
    ),
    check(page) {
      expect(within(page).getByRole("heading", { level: 2, name: "We can't connect your device yet" })).toBeInTheDocument();
      expect(page).toHaveTextContent("There are no devices your home can connect for smart charging.");
      expect(within(page).getByRole("button", { name: "Leave sign-up" })).toBeInTheDocument();
    },
  },
  EnrollmentStep: {
    ui: <EnrollmentStep />,
    check(page) {
      // The site and its programmes load in the browser: the server sends the first state, busy.
      const heading = within(page).getByRole("heading", { level: 2, name: "Programmes for your home" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Finding programmes for your home…");
    },
  },
  ManageEnrollmentStep: {
    ui: (
      <ManageEnrollmentStep
        enrollment={{
          id: "sbx-enr-1",
          site_id: "site_sandbox",
          program_id: "prg_sandbox_battery_peak",
          device_ids: ["sbx-dev-battery"],
          status: "ACTIVE",
          enroll_method: "USER_ACTION",
          has_agreed_to_terms_and_conditions: true,
          terms_and_conditions_version: "2026-01",
          program_specific_attributes: [],
          created_at: "2026-11-21T09:30:00.000Z",
        }}
      />
    ),
    check(page) {
      // The enrolment and its events load in the browser: the server sends the first state, busy.
      const heading = within(page).getByRole("heading", { level: 2, name: "Your programme" });
      expect(heading.closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Loading your enrolment…");
    },
  },
  NoProgramsScreen: {
    ui: <NoProgramsScreen blocked={{ stepId: "enrollment", flow: "enrollment", reason: "no_programs", details: { zipCode: "88803" } }} canGoBack back={noop} exit={noop} />,
    check(page) {
      expect(within(page).getByRole("heading", { level: 2, name: "No programmes for your home yet" })).toBeInTheDocument();
      expect(page).toHaveTextContent("There aren't any programmes for your home's devices at 88803 right now.");
      expect(within(page).getByRole("button", { name: "Leave for now" })).toBeInTheDocument();
    },
  },
  EligibilityResults: {
    ui: (
      <EligibilityResults
        propositions={[
          { proposition: AXLE_PROPOSITIONS.smartCharging, isEligible: false, issues: [{ code: "not_market_qualified" }] },
          { proposition: AXLE_PROPOSITIONS.flexLite, isEligible: true, issues: [] },
        ]}
      />
    ),
    check(page) {
      expect(within(page).getAllByRole("heading", { level: 3 }).map((heading) => heading.textContent)).toEqual(["Smart Charging", "Flex Lite"]);
      expect(within(page).getByRole("list", { name: "Reasons: Smart Charging" })).toHaveTextContent(/half-hourly readings/);
    },
  },
  IneligibleScreen: {
    ui: (
      <IneligibleScreen
        blocked={{
          stepId: "eligibility",
          flow: "eligibility",
          reason: "ineligible",
          details: { proposition: AXLE_PROPOSITIONS.smartCharging, issues: [{ code: "non_domestic_site" }] },
        }}
        canGoBack
        back={noop}
        exit={noop}
      />
    ),
    check(page) {
      expect(within(page).getByRole("heading", { level: 2, name: "You're not eligible for Smart Charging" })).toBeInTheDocument();
      expect(within(page).getByRole("list", { name: "Reasons: Smart Charging" })).toHaveTextContent(/registered to a business/);
      expect(within(page).getByRole("button", { name: "Change address" })).toBeInTheDocument();
      expect(within(page).getByRole("button", { name: "Leave sign-up" })).toBeInTheDocument();
    },
  },
  StepFrame: {
    ui: (
      <StepFrame rootProps={{ "data-scope": "host", "data-part": "root", "data-state": "saving" }} busy status="Saving your details…">
        <StepHeading viewKey="saving">Your details</StepHeading>
      </StepFrame>
    ),
    check(page) {
      expect(within(page).getByRole("heading", { level: 2, name: "Your details" }).closest("section")).toHaveAttribute("aria-busy", "true");
      expect(within(page).getByRole("status")).toHaveTextContent("Saving your details…");
    },
  },
  StepSkeleton: {
    ui: <StepSkeleton />,
    check(page) {
      expect(within(page).getByRole("status", { name: "Loading the next step…" })).toHaveAttribute("aria-busy", "true");
    },
  },
  Button: {
    ui: <Button busy>Save</Button>,
    check(page) {
      const button = within(page).getByRole("button", { name: "Save" });
      expect(button).toHaveAttribute("type", "button");
      expect(button).toHaveAttribute("aria-busy", "true");
    },
  },
  TextField: {
    ui: <TextField label="Email" hint="We send the receipt here." error="Enter an email address." name="email" />,
    check(page) {
      const input = within(page).getByRole("textbox", { name: "Email" });
      expect(input).toHaveAttribute("aria-invalid", "true");
      expect(input).toHaveAccessibleDescription("We send the receipt here. Enter an email address.");
    },
  },
  ErrorAlert: {
    ui: (
      <ErrorAlert title="Something went wrong" actions={<Button>Try again</Button>}>
        The server isn't answering.
      </ErrorAlert>
    ),
    check(page) {
      expect(within(page).getByRole("alert")).toHaveTextContent("Something went wrongThe server isn't answering.");
      expect(within(page).getByRole("button", { name: "Try again" })).toBeInTheDocument();
    },
  },
  LiveStatus: {
    ui: <LiveStatus message="Searching…" busy />,
    check(page) {
      expect(within(page).getByRole("status")).toHaveTextContent("Searching…");
    },
  },
  HeadingFocusScope: {
    ui: (
      <HeadingFocusScope>
        <StepHeading viewKey="a">Inside a scope</StepHeading>
      </HeadingFocusScope>
    ),
    check(page) {
      expect(within(page).getByRole("heading", { level: 2, name: "Inside a scope" })).toHaveAttribute("tabindex", "-1");
    },
  },
  StepHeading: {
    ui: <StepHeading viewKey="a">A step</StepHeading>,
    check(page) {
      expect(within(page).getByRole("heading", { level: 2, name: "A step" })).toBeInTheDocument();
    },
  },
  RadioGroup: {
    ui: (
      <RadioGroup
        legend="Your meter"
        options={[
          { value: "import", label: "Import", description: "Electricity you use" },
          { value: "export", label: "Export" },
        ]}
        inputProps={{ name: "meter" }}
      />
    ),
    check(page) {
      const group = within(page).getByRole("group", { name: "Your meter" });
      expect(within(group).getByRole("radio", { name: "Import" })).toHaveAccessibleDescription("Electricity you use");
      expect(within(group).getByRole("radio", { name: "Export" })).toBeInTheDocument();
    },
  },
};

/** The exports that are components: functions named like one, and forwardRef / memo objects. Contexts are not. */
function exportedComponents(): string[] {
  const componentTypes = new Set([Symbol.for("react.forward_ref"), Symbol.for("react.memo")]);
  return Object.entries(onflex)
    .filter(
      ([name, value]) =>
        /^[A-Z]/.test(name) &&
        (typeof value === "function" || (typeof value === "object" && value !== null && componentTypes.has((value as { $$typeof?: symbol }).$$typeof!))),
    )
    .map(([name]) => name)
    .sort();
}

describe("server rendering in Node (no DOM)", () => {
  it("has no window or document here", () => {
    expect(typeof window).toBe("undefined");
    expect(typeof document).toBe("undefined");
  });

  it("has a case for every component @onflex/react exports", () => {
    expect(Object.keys(cases).sort()).toEqual(exportedComponents());
  });

  describe.each(Object.entries(cases))("<%s>", (_name, { ui, bare, check }) => {
    it("streams to HTML without a DOM, as a Next.js server renders it", async () => {
      seen = [];
      const html = await renderOnServer(bare ? ui : onServer(ui));
      // Both probes rendered (before and after the component), and neither saw a browser global.
      expect(seen).toEqual(["undefined undefined", "undefined undefined"]);
      check(parse(html));
    });
  });

  describe.each(Object.entries(cases).filter(([name]) => name !== "OnboardingFlow"))("<%s>", (_name, { ui, bare, check }) => {
    // Nothing but <OnboardingFlow> suspends, so hosts with a renderToString server get the same HTML.
    it("renders with renderToString too", () => {
      seen = [];
      const html = renderToString(bare ? ui : onServer(ui));
      expect(seen).toEqual(["undefined undefined", "undefined undefined"]);
      check(parse(html));
    });
  });

  it("leaves a step whose code is not loaded yet to the client under renderToString (why the tests stream)", async () => {
    // A step entry whose code has not been fetched yet (as on a server's first request).
    const ui = onServer(<OnboardingFlow journey={presets.axleSmartCharging} steps={{ address: lazyEntry<StepComponentProps>(async () => AddressStep) }} />);
    const page = parse(renderToString(ui));
    expect(within(page).getByRole("status", { name: "Loading the next step…" })).toBeInTheDocument();
    expect(within(page).queryByRole("heading", { name: "Find your address" })).not.toBeInTheDocument();
    // The streaming renderer waits for the same entry.
    const streamed = parse(await renderOnServer(ui));
    expect(within(streamed).getByRole("heading", { name: "Find your address" })).toBeInTheDocument();
  });
});
