import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import { createMemoryPersistence, OnboardingFlow, presets, type JourneyCompletion, type JourneyExit } from "@onflex/react";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, FIXED_NOW, modes, renderWithOnflex, sandbox } from "./render.js";

const clock = () => FIXED_NOW;

function progressItems() {
  const nav = screen.getByRole("navigation", { name: "Progress" });
  return within(nav).getAllByRole("listitem");
}

describe.each(modes)("<OnboardingFlow> ($name)", ({ strict }) => {
  it("a flow placed twice reads by each step's own label: the tariff, then the new tariff going live", async () => {
    renderWithOnflex(<OnboardingFlow journey={presets.krakenSmartFlex} facts={{ tariffRequirement: { required: true } }} />, { strict, api: sandbox(), clock });
    await screen.findByRole("heading", { name: "Find your address" });
    const labels = progressItems().map((item) => item.textContent);
    expect(labels.filter((label) => label?.startsWith("Tariff"))).toEqual(["Tariff"]);
    expect(labels.at(-1)).toBe("New tariff live (skipped)");
    expect(new Set(labels).size).toBe(labels.length);
  });


  it("runs the whole journey by keyboard alone on the sandbox", async () => {
    const api = sandbox();
    const onComplete = vi.fn<(completion: JourneyCompletion) => void>();
    const onStepChange = vi.fn();
    const { user, container } = renderWithOnflex(
      <OnboardingFlow journey={presets.axleSmartCharging} assetModel={SANDBOX.assetModels.qualified} onComplete={onComplete} onStepChange={onStepChange} />,
      { strict, api, clock },
    );
    expect(progressItems().map((item) => item.getAttribute("aria-current"))).toEqual(["step", null, null]);
    expect(screen.getByText("Step 1 of 3")).toBeInTheDocument();
    // The first step arrives with its code; its heading does not take focus on page load.
    await screen.findByRole("heading", { name: "Find your address" });
    expect(document.body).toHaveFocus();
    await expectNoAxeViolations(container);

    await user.tab();
    await user.keyboard(`${SANDBOX.postcodes.happy}{Enter}`);
    await screen.findByRole("heading", { name: "Choose your address" });
    await user.tab();
    await user.keyboard(" ");
    expect(screen.getAllByRole("radio")[0]).toBeChecked();
    await user.tab();
    await user.keyboard("{Enter}");

    const consentHeading = await screen.findByRole("heading", { name: "Read and agree to the terms" });
    await waitFor(() => expect(consentHeading).toHaveFocus());
    await screen.findByRole("region", { name: "Smart Charging terms (sandbox)" });
    expect(progressItems().map((item) => item.getAttribute("aria-current"))).toEqual([null, null, "step"]);
    await expectNoAxeViolations(container);

    // Tab order: back, terms region, checkbox, accept.
    const agree = screen.getByRole("checkbox", { name: "I have read and agree to these terms" });
    while (document.activeElement !== agree) await user.tab();
    await user.keyboard(" ");
    expect(agree).toBeChecked();
    await user.tab();
    expect(screen.getByRole("button", { name: "Accept" })).toHaveFocus();
    await user.keyboard("{Enter}");

    await screen.findByRole("heading", { name: "You're signed up" });
    expect(onComplete).toHaveBeenCalledTimes(1);
    const completion = onComplete.mock.calls[0]![0];
    expect(completion.steps).toEqual(["address", "eligibility", "consent"]);
    expect(completion.facts.consent).toMatchObject({
      proposition: AXLE_PROPOSITIONS.smartCharging,
      termsVersion: SANDBOX.terms.full_asset_schedule_control,
      givenAt: FIXED_NOW.toISOString(),
    });
    expect(completion.facts.assetModel).toBe(SANDBOX.assetModels.qualified);
    expect(api.simulation.consentRecords()).toHaveLength(1);
    // Each step reported once, in order, even when StrictMode replays effects. Eligibility runs in
    // the background: it is reported only if the user had to wait for it.
    const reported = onStepChange.mock.calls.map(([step]) => `${step.stepId} ${step.index + 1}/${step.total}`);
    expect(reported.filter((step) => !step.startsWith("eligibility"))).toEqual(["address 1/3", "consent 3/3"]);
    expect(new Set(reported).size).toBe(reported.length);
    await expectNoAxeViolations(container);
  });

  it("explains why the home is ineligible and lets the user change address", async () => {
    const onExit = vi.fn<(exit: JourneyExit) => void>();
    const { user, container } = renderWithOnflex(
      <OnboardingFlow journey={presets.axleSmartCharging} assetModel={SANDBOX.assetModels.notQualified} onExit={onExit} />,
      { strict, clock },
    );
    await user.type(await screen.findByRole("textbox", { name: /postcode/i }), `${SANDBOX.postcodes.notSmart}{Enter}`);
    await user.click(within(await screen.findByRole("group", { name: /Addresses at/ })).getAllByRole("radio")[0]!);
    await user.click(screen.getByRole("button", { name: "Use this address" }));

    const ineligible = await screen.findByRole("heading", { name: "You're not eligible for Smart Charging" });
    await waitFor(() => expect(ineligible).toHaveFocus());
    const reasons = screen.getByRole("list", { name: "Reasons: Smart Charging" });
    const texts = within(reasons).getAllByRole("listitem").map((item) => item.textContent);
    expect(texts).toEqual([
      expect.stringMatching(/half-hourly readings/),
      expect.stringMatching(/isn't certified for smart control/),
    ]);
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole("button", { name: "Change address" }));
    const postcode = await screen.findByRole("textbox", { name: /postcode/i });
    expect(postcode).toHaveValue(SANDBOX.postcodes.notSmart);
    await waitFor(() => expect(screen.getByRole("heading", { name: "Find your address" })).toHaveFocus());

    // Leaving from the ineligible screen says why.
    await user.click(screen.getByRole("button", { name: "Find address" }));
    await user.click(within(await screen.findByRole("group", { name: /Addresses at/ })).getAllByRole("radio")[0]!);
    await user.click(screen.getByRole("button", { name: "Use this address" }));
    await user.click(await screen.findByRole("button", { name: "Leave sign-up" }));
    await screen.findByRole("heading", { name: "You've left sign-up" });
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(onExit.mock.calls[0]![0]).toMatchObject({ reason: "blocked", stepId: "eligibility", blocked: { reason: "ineligible" } });
  });

  it("exits when the user declines the terms, recording nothing", async () => {
    const api = sandbox();
    const onExit = vi.fn();
    const onComplete = vi.fn();
    const { user } = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} onExit={onExit} onComplete={onComplete} />, {
      strict,
      api,
    });
    await user.type(await screen.findByRole("textbox", { name: /postcode/i }), `${SANDBOX.postcodes.happy}{Enter}`);
    await user.click(within(await screen.findByRole("group", { name: /Addresses at/ })).getAllByRole("radio")[1]!);
    await user.click(screen.getByRole("button", { name: "Use this address" }));
    await screen.findByRole("region", { name: "Flex Lite terms (sandbox)" });

    // Accept without ticking the box explains what is missing instead of doing nothing.
    await user.click(screen.getByRole("button", { name: "Accept" }));
    expect(await screen.findByText(/Tick the box to confirm you agree/)).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: /agree to these terms/ })).toHaveFocus();

    await user.click(screen.getByRole("button", { name: "Decline" }));
    await screen.findByRole("heading", { name: "You declined the terms" });
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(onExit).toHaveBeenCalledWith(expect.objectContaining({ reason: "declined", stepId: "consent", flow: "consent" }));
    expect(onComplete).not.toHaveBeenCalled();
    expect(api.simulation.consentRecords()).toEqual([]);
  });

  it("resumes a saved journey at the same step with the typed draft", async () => {
    const storage = createMemoryPersistence();
    const api = sandbox();
    const first = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict, api });
    await first.user.type(await screen.findByRole("textbox", { name: /postcode/i }), `${SANDBOX.postcodes.noAddresses}{Enter}`);
    await first.user.click(await screen.findByRole("button", { name: "Enter address manually" }));
    await first.user.type(screen.getByRole("textbox", { name: "Address line 1" }), "7 Resume Street");
    await waitFor(() => expect(storage.value).toContain("7 Resume Street"));
    first.unmount();

    const second = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict, api });
    expect(await screen.findByRole("heading", { name: "Enter your address and meter number" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Address line 1" })).toHaveValue("7 Resume Street");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    second.unmount();
  });

  it("starts a step's form from initialDrafts, over a restored draft, and saves it with the journey", async () => {
    const storage = createMemoryPersistence();
    const first = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict });
    await first.user.type(await screen.findByRole("textbox", { name: "Postcode" }), "SW1");
    await waitFor(() => expect(storage.value).toContain('"SW1"'));
    first.unmount();

    const typed = { address: { postcode: { postcode: "SW1A 1AA" } } };
    const second = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} initialDrafts={typed} />, { strict });
    expect(await screen.findByRole("textbox", { name: "Postcode" })).toHaveValue("SW1A 1AA");
    await waitFor(() => expect(storage.value).toContain('"SW1A 1AA"'));
    second.unmount();

    // Without persistence too: the form starts from it, and nothing is saved anywhere.
    renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} initialDrafts={typed} />, { strict });
    expect(await screen.findByRole("textbox", { name: "Postcode" })).toHaveValue("SW1A 1AA");
  });

  it("says so, and starts clean, when the saved journey is corrupt", async () => {
    const storage = createMemoryPersistence("{ this is not a saved journey");
    const { user, container } = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict });
    expect(screen.getByRole("alert")).toHaveTextContent("We couldn't pick up where you left off");
    expect(await screen.findByRole("heading", { name: "Find your address" })).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await waitFor(() => expect(storage.value ?? "").not.toContain("this is not"));
    await user.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("keeps working when web storage throws", async () => {
    const { createWebStoragePersistence } = await import("@onflex/react");
    const hostile = {
      getItem: () => {
        throw new DOMException("blocked", "SecurityError");
      },
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
      removeItem: () => {
        throw new DOMException("blocked", "SecurityError");
      },
    } as unknown as Storage;
    const { user } = renderWithOnflex(
      <OnboardingFlow journey={presets.axleFlexLite} persistence={createWebStoragePersistence(hostile, "onflex")} />,
      { strict },
    );
    await user.type(await screen.findByRole("textbox", { name: /postcode/i }), `${SANDBOX.postcodes.happy}{Enter}`);
    expect(await screen.findByRole("heading", { name: "Choose your address" })).toBeInTheDocument();
  });
});
