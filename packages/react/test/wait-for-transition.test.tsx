import { OnflexError, type OnboardingApi, type WizardState } from "@onflex/core";
import { WaitForTransitionStep } from "@onflex/react";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, FIXED_NOW, modes, renderWithOnflex, sandbox } from "./render.js";

const waiting = (stepId: string): WizardState => ({
  wizardId: "sbx-wiz-1",
  template: "kraken-smartflex",
  isComplete: false,
  isRewindable: true,
  currentStep: { id: stepId, type: "waitForTransition", params: { waitingFor: stepId === "tariffLive" ? "TARIFF_SWITCH" : "DEVICE_LIVE" } },
  completedSteps: ["address", "device", "tariff", "auth", "testCharge"],
});

/** A wizard whose answers the test decides: still waiting, moved on, or the server failing. */
function scriptedWizard(stepId = "tariffLive") {
  const script = { answer: "waiting" as "waiting" | "moved_on" | "down", checks: 0 };
  const base = sandbox();
  const api: OnboardingApi = {
    ...base,
    wizard: {
      ...base.wizard,
      get: async () => {
        script.checks += 1;
        if (script.answer === "down") throw new OnflexError("upstream", "The platform did not answer.", { retryable: true });
        // Moved on: the next step is current (after the tariff, the device's wait; after that, complete).
        if (script.answer === "waiting") return waiting(stepId);
        return stepId === "tariffLive" ? waiting("deviceLive") : { ...waiting(stepId), isComplete: true, currentStep: null };
      },
    },
  };
  return { api, script };
}

let hidden = false;
Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
function setHidden(value: boolean) {
  hidden = value;
  fireEvent(document, new Event("visibilitychange"));
}

afterEach(() => {
  hidden = false;
});

describe.each(modes)("<WaitForTransitionStep> ($name)", ({ strict }) => {
  it("says what it waits for, offers Check now and a way out, and reports done once the server has moved on", async () => {
    const { api, script } = scriptedWizard();
    const onComplete = vi.fn();
    const { user, container } = renderWithOnflex(<WaitForTransitionStep wizardId="sbx-wiz-1" stepId="tariffLive" waitingFor="TARIFF_SWITCH" onComplete={onComplete} />, { strict, api, clock: () => FIXED_NOW });
    await screen.findByRole("heading", { name: "Switching you to your new tariff" });
    const check = screen.getByRole("button", { name: "Check now" });
    await waitFor(() => expect(check).toBeEnabled());
    expect(screen.getByRole("status")).toHaveTextContent("Still waiting. We'll check again shortly.");
    expect(screen.getByText(/You don't need to stay on this page/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Leave sign-up" })).toBeEnabled();
    await expectNoAxeViolations(container);

    script.answer = "moved_on";
    await user.click(check);
    await screen.findByRole("heading", { name: "Your new tariff is confirmed" });
    expect(onComplete).toHaveBeenCalledTimes(1);
    await expectNoAxeViolations(container);
  });

  it("a server that fails shows the error with Try again, which checks again; Leave sign-up exits", async () => {
    const { api, script } = scriptedWizard("deviceLive");
    script.answer = "down";
    const onExit = vi.fn();
    const { user, container } = renderWithOnflex(<WaitForTransitionStep wizardId="sbx-wiz-1" stepId="deviceLive" waitingFor="DEVICE_LIVE" onExit={onExit} />, { strict, api });
    await screen.findByRole("heading", { name: "We couldn't check how things are going" });
    expect(screen.getByRole("alert")).toHaveTextContent(/./);
    await expectNoAxeViolations(container);
    script.answer = "waiting";
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("heading", { name: "Finishing setting up your device" });
    await user.click(await screen.findByRole("button", { name: "Leave sign-up" }));
    await waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
  });

  it("says when the wait is taking longer than usual, and checks nothing while the page is hidden", async () => {
    const { api, script } = scriptedWizard();
    let now = FIXED_NOW.getTime();
    const { container } = renderWithOnflex(<WaitForTransitionStep wizardId="sbx-wiz-1" stepId="tariffLive" waitingFor="TARIFF_SWITCH" />, { strict, api, clock: () => new Date(now) });
    const check = await screen.findByRole("button", { name: "Check now" });
    await waitFor(() => expect(check).toBeEnabled());
    expect(screen.queryByText("This is taking longer than usual")).not.toBeInTheDocument();
    setHidden(true);
    const before = script.checks;
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(script.checks).toBe(before);
    now += 11 * 60_000;
    setHidden(false);
    await screen.findByText("This is taking longer than usual");
    expect(script.checks).toBe(before + 1);
    await expectNoAxeViolations(container);
  }, 10_000);
});
