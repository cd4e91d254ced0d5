import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import { defineFlow, type JourneyDefinition } from "@onflex/machines";
import {
  Button,
  createMemoryPersistence,
  lazyEntry,
  OnboardingFlow,
  presets,
  StepFrame,
  StepHeading,
  type JourneyCompletion,
  type JourneyHostEvent,
  type StepComponentProps,
} from "@onflex/react";
import { act, screen, waitFor, within } from "@testing-library/react";
import { setup } from "xstate";
import { describe, expect, it, vi } from "vitest";
import { AccountStep, createAccountFlow, customJourney, HostAccount } from "../src/flow/host-account.example.js";
import { expectNoAxeViolations, FIXED_NOW, modes, renderWithOnflex, sandbox } from "./render.js";

const clock = () => FIXED_NOW;

// The host step and custom journey the story shows, with an immediate backend.
const accountFlow = createAccountFlow(async (email) => ({ userId: `user:${email}` }));

function progressItems() {
  return within(screen.getByRole("navigation", { name: "Progress" })).getAllByRole("listitem");
}

async function chooseFirstAddress(user: ReturnType<typeof renderWithOnflex>["user"], postcode: string) {
  await user.type(await screen.findByRole("textbox", { name: /postcode/i }), `${postcode}{Enter}`);
  await user.click(within(await screen.findByRole("group", { name: /Addresses at/ })).getAllByRole("radio")[0]!);
  await user.click(screen.getByRole("button", { name: "Use this address" }));
}

async function agreeToTerms(user: ReturnType<typeof renderWithOnflex>["user"]) {
  await user.click(await screen.findByRole("checkbox", { name: /agree to these terms/ }));
  await user.click(screen.getByRole("button", { name: "Accept" }));
}

describe.each(modes)("journeys on the engine ($name)", ({ strict }) => {
  it("runs a custom journey with a host step first and the flows reordered", async () => {
    const onComplete = vi.fn<(completion: JourneyCompletion) => void>();
    const { user, container } = renderWithOnflex(
      <OnboardingFlow journey={customJourney} flows={[accountFlow]} steps={{ account: AccountStep }} onComplete={onComplete} />,
      { strict, clock, messages: { "flow.step.account": "Account" } },
    );
    expect(progressItems().map((item) => item.textContent)).toEqual(["Account", "Address", "Agreement", "Eligibility"]);
    await screen.findByRole("heading", { name: "Create your account" });
    await expectNoAxeViolations(container);
    await user.type(screen.getByRole("textbox", { name: "Email address" }), "ada@example.test{Enter}");

    const heading = await screen.findByRole("heading", { name: "Find your address" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText("Step 2 of 4")).toBeInTheDocument();
    await chooseFirstAddress(user, SANDBOX.postcodes.happy);
    await screen.findByRole("region", { name: "Flex Lite terms (sandbox)" });
    await agreeToTerms(user);

    await screen.findByRole("heading", { name: "You're signed up" });
    expect(screen.getByText(/You've joined Flex Lite/)).toBeInTheDocument();
    expect(onComplete).toHaveBeenCalledTimes(1);
    const completion = onComplete.mock.calls[0]![0];
    expect(completion.steps).toEqual(["account", "address", "consent", "eligibility"]);
    expect(completion.facts.hostAccount).toEqual({ userId: "user:ada@example.test", email: "ada@example.test" });
    expect(completion.facts.eligibility?.propositions.length).toBeGreaterThan(0);
    await expectNoAxeViolations(container);
  });

  it("lets a host replace one step's component and keeps Onflex's for the others", async () => {
    function PlainConsent({ actor, params }: StepComponentProps) {
      const proposition = (params as { proposition: string }).proposition;
      return (
        <StepFrame rootProps={{ "data-scope": "host", "data-part": "consent", "data-state": "reviewing" }}>
          <StepHeading viewKey="host-consent">Our own terms for {proposition}</StepHeading>
          <Button onClick={() => actor.send({ type: "CONSENT.DECLINE" })}>No thanks</Button>
        </StepFrame>
      );
    }
    const onExit = vi.fn();
    const { user } = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} steps={{ consent: PlainConsent }} onExit={onExit} />, {
      strict,
    });
    // Onflex's address step, the host's consent step.
    await chooseFirstAddress(user, SANDBOX.postcodes.happy);
    await screen.findByRole("heading", { name: `Our own terms for ${AXLE_PROPOSITIONS.flexLite}` });
    expect(screen.queryByRole("checkbox", { name: /agree to these terms/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "No thanks" }));
    await screen.findByRole("heading", { name: "You declined the terms" });
    expect(onExit).toHaveBeenCalledWith(expect.objectContaining({ reason: "declined", stepId: "consent" }));
  });

  it("marks a step a condition skips, for sighted and screen-reader users", async () => {
    const journey: JourneyDefinition = {
      id: "skips-eligibility",
      version: 1,
      source: {
        type: "fixed",
        steps: [
          { flow: "address" },
          // Only with a charger model, which this host does not give.
          { flow: "eligibility", params: { require: AXLE_PROPOSITIONS.smartCharging }, when: (facts) => facts.assetModel !== undefined },
          { flow: "consent", params: { proposition: AXLE_PROPOSITIONS.flexLite } },
        ],
      },
    };
    const onComplete = vi.fn<(completion: JourneyCompletion) => void>();
    const { user, container } = renderWithOnflex(<OnboardingFlow journey={journey} onComplete={onComplete} />, { strict });
    const items = progressItems();
    expect(items.map((item) => item.textContent)).toEqual(["Address", "Eligibility (skipped)", "Agreement"]);
    expect(items[1]).toHaveAttribute("data-status", "skipped");
    expect(screen.getByText("Step 1 of 2")).toBeInTheDocument();
    await screen.findByRole("heading", { name: "Find your address" });
    await expectNoAxeViolations(container);

    await chooseFirstAddress(user, SANDBOX.postcodes.happy);
    await screen.findByRole("region", { name: "Flex Lite terms (sandbox)" });
    expect(screen.getByText("Step 2 of 2")).toBeInTheDocument();
    expect(progressItems().map((item) => item.textContent)).toEqual(["Address (done)", "Eligibility (skipped)", "Agreement"]);
    await agreeToTerms(user);
    await screen.findByRole("heading", { name: "You're signed up" });
    expect(onComplete.mock.calls[0]![0].steps).toEqual(["address", "consent"]);
  });

  it("runs a server-driven journey to completion, not knowing its length", async () => {
    const api = sandbox();
    const onEvent = vi.fn<(event: JourneyHostEvent) => void>();
    const onComplete = vi.fn<(completion: JourneyCompletion) => void>();
    const { user, container } = renderWithOnflex(
      <OnboardingFlow journey={presets.axleSmartChargingServer} assetModel={SANDBOX.assetModels.qualified} onEvent={onEvent} onComplete={onComplete} />,
      { strict, api, clock },
    );
    // The server is asked for the first step: a skeleton until it answers.
    expect(screen.getByRole("status", { name: "Loading the next step…" })).toBeInTheDocument();
    await screen.findByRole("heading", { name: "Find your address" });
    expect(screen.getByText("Step 1")).toBeInTheDocument();
    expect(progressItems().map((item) => item.textContent)).toEqual(["Address"]);
    await expectNoAxeViolations(container);

    await chooseFirstAddress(user, SANDBOX.postcodes.happy);
    await screen.findByRole("region", { name: "Smart Charging terms (sandbox)" });
    expect(screen.getByText("Step 3")).toBeInTheDocument();
    expect(progressItems().map((item) => item.textContent)).toEqual(["Address (done)", "Eligibility (done)", "Agreement"]);
    await agreeToTerms(user);

    await screen.findByRole("heading", { name: "You're signed up" });
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ journeyId: presets.axleSmartChargingServer.id, steps: ["address", "eligibility", "consent"] });
    const steps = onEvent.mock.calls.map(([event]) => event).filter((event) => event.type === "step");
    expect(steps[0]).toEqual({ type: "step", stepId: "address", flow: "address", index: 0, total: null });
    expect(new Set(steps.map((step) => step.stepId)).size).toBe(steps.length);
    expect(api.simulation.consentRecords()).toHaveLength(1);
  });

  it("shows a failed journey with Retry when the server sends a step this app cannot run", async () => {
    const onError = vi.fn();
    const onExit = vi.fn();
    const journey: JourneyDefinition = { id: "unsupported", version: 1, source: { type: "server", template: SANDBOX.wizardTemplates.unsupportedStep } };
    const { user, container } = renderWithOnflex(<OnboardingFlow journey={journey} onError={onError} onExit={onExit} />, { strict });
    await screen.findByRole("heading", { name: "Sign-up stopped" });
    expect(screen.getByRole("alert")).toHaveTextContent("This part of sign-up isn't available in this app yet.");
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: "unsupported_step" });
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("heading", { name: "Sign-up stopped" });
    await user.click(screen.getByRole("button", { name: "Leave sign-up" }));
    await screen.findByRole("heading", { name: "You've left sign-up" });
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(onExit.mock.calls[0]![0]).toMatchObject({ reason: "failed", error: { code: "unsupported_step" } });
    await expectNoAxeViolations(container);
  });

  it("shows a skeleton while a step's code loads, then the step", async () => {
    let release: (component: (props: StepComponentProps) => React.JSX.Element) => void = () => undefined;
    const slowAddress = lazyEntry<StepComponentProps>(
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    const { container } = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} steps={{ address: slowAddress }} />, { strict });
    const skeleton = await screen.findByRole("status", { name: "Loading the next step…" });
    expect(skeleton).toHaveAttribute("aria-busy", "true");
    await expectNoAxeViolations(container);
    await act(async () => {
      release(() => <StepHeading viewKey="slow">Loaded at last</StepHeading>);
      await Promise.resolve();
    });
    expect(await screen.findByRole("heading", { name: "Loaded at last" })).toBeInTheDocument();
    expect(screen.queryByRole("status", { name: "Loading the next step…" })).not.toBeInTheDocument();
  });

  it("fetches the next step's code while the user is on the current one", async () => {
    const loadConsent = vi.fn(async () => (() => <StepHeading viewKey="consent">Terms, loaded early</StepHeading>) as (props: StepComponentProps) => React.JSX.Element);
    const { user } = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} steps={{ consent: lazyEntry(loadConsent) }} />, { strict });
    await screen.findByRole("heading", { name: "Find your address" });
    await waitFor(() => expect(loadConsent).toHaveBeenCalledTimes(1));
    await chooseFirstAddress(user, SANDBOX.postcodes.happy);
    // Already loaded: no skeleton on the way.
    expect(await screen.findByRole("heading", { name: "Terms, loaded early" })).toBeInTheDocument();
    expect(loadConsent).toHaveBeenCalledTimes(1);
  });

  it("restores a typed but unsubmitted postcode after a reload", async () => {
    const storage = createMemoryPersistence();
    const api = sandbox();
    const first = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict, api });
    await first.user.type(await screen.findByRole("textbox", { name: /postcode/i }), "SW1A 1");
    await waitFor(() => expect(storage.value).toContain("SW1A 1"));
    first.unmount();

    renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict, api });
    expect(await screen.findByRole("textbox", { name: /postcode/i })).toHaveValue("SW1A 1");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("resumes the terms with the box the user ticked", async () => {
    const storage = createMemoryPersistence();
    const api = sandbox();
    const first = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict, api });
    await chooseFirstAddress(first.user, SANDBOX.postcodes.happy);
    await first.user.click(await screen.findByRole("checkbox", { name: /agree to these terms/ }));
    await waitFor(() => expect(storage.value).toContain('"hasAgreed":true'));
    first.unmount();

    renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict, api });
    expect(await screen.findByRole("checkbox", { name: /agree to these terms/ })).toBeChecked();
  });

  it("writes drafts once typing rests, not per keystroke", async () => {
    const inner = createMemoryPersistence();
    const writes: string[] = [];
    const storage = { ...inner, load: inner.load, clear: inner.clear, save: (value: string) => (writes.push(value), inner.save(value)) };
    const { user } = renderWithOnflex(<OnboardingFlow journey={presets.axleFlexLite} persistence={storage} />, { strict });
    const input = await screen.findByRole("textbox", { name: /postcode/i });
    const before = writes.length;
    await user.type(input, "SW1A 1AA");
    await waitFor(() => expect(writes.at(-1)).toContain("SW1A 1AA"));
    const typed = writes.slice(before);
    // Eight keystrokes, at most one write while typing and the one when it rested.
    expect(typed.length).toBeGreaterThanOrEqual(1);
    expect(typed.length).toBeLessThanOrEqual(2);
  });

  it("reports a page a step opens elsewhere to onEvent, and opens it with the provider's opener", async () => {
    const opened: string[] = [];
    const onEvent = vi.fn<(event: JourneyHostEvent) => void>();
    const makerMachine = setup({
      types: { events: {} as { type: "MAKER.SIGN_IN" }, output: {} as { userId: string; email: string } },
      actions: { openMakerPage: () => undefined },
    }).createMachine({
      initial: "waiting",
      states: { waiting: { on: { "MAKER.SIGN_IN": { target: "done", actions: "openMakerPage" } } }, done: { type: "final" } },
      output: () => ({ userId: "maker-user", email: "owner@example.test" }),
    });
    const makerFlow = defineFlow({
      id: "maker",
      version: 1,
      machine: makerMachine,
      // The flow opens the maker's page from an action, inside the user's click.
      implement: (deps) => ({ actions: { openMakerPage: () => void deps.openExternal({ url: "https://maker.example.test/auth", purpose: "device_auth" }) } }),
      needs: [],
      gives: { hostAccount: HostAccount },
      input: () => ({}),
      result: (output) => ({ status: "done", facts: { hostAccount: output } }),
    });
    function MakerStep({ actor }: StepComponentProps) {
      return (
        <StepFrame rootProps={{ "data-scope": "maker", "data-part": "root", "data-state": "waiting" }}>
          <StepHeading viewKey="maker">Sign in at your charger's maker</StepHeading>
          <Button onClick={() => actor.send({ type: "MAKER.SIGN_IN" })}>Sign in</Button>
        </StepFrame>
      );
    }
    const journey: JourneyDefinition = { id: "maker", version: 1, source: { type: "fixed", steps: [{ flow: "maker" }] } };
    const { user } = renderWithOnflex(<OnboardingFlow journey={journey} flows={[makerFlow]} steps={{ maker: MakerStep }} onEvent={onEvent} />, {
      strict,
      openExternal: ({ url }) => {
        opened.push(url);
        return { opened: true, mode: "popup" };
      },
    });
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    await screen.findByRole("heading", { name: "You're signed up" });
    expect(opened).toEqual(["https://maker.example.test/auth"]);
    expect(onEvent).toHaveBeenCalledWith({ type: "open_external", url: "https://maker.example.test/auth", purpose: "device_auth" });
  });

  it("passes the host's resume to the step waiting for the user to come back", async () => {
    const waitingMachine = setup({
      types: { events: {} as { type: "FLOW.RESUME"; url?: string }, output: {} as { userId: string; email: string } },
    }).createMachine({
      initial: "waiting",
      states: { waiting: { on: { "FLOW.RESUME": { guard: ({ event }) => event.url?.includes("code=") === true, target: "done" } } }, done: { type: "final" } },
      output: () => ({ userId: "back-user", email: "back@example.test" }),
    });
    const waitingFlow = defineFlow({
      id: "waiting",
      version: 1,
      machine: waitingMachine,
      needs: [],
      gives: { hostAccount: HostAccount },
      input: () => ({}),
      result: (output) => ({ status: "done", facts: { hostAccount: output } }),
    });
    function WaitingStep() {
      return (
        <StepFrame rootProps={{ "data-scope": "waiting", "data-part": "root", "data-state": "waiting" }}>
          <StepHeading viewKey="waiting">Finish signing in in your browser</StepHeading>
        </StepFrame>
      );
    }
    let listener: ((payload: { url?: string }) => void) | null = null;
    const unsubscribe = vi.fn();
    const journey: JourneyDefinition = { id: "waiting", version: 1, source: { type: "fixed", steps: [{ flow: "waiting" }] } };
    renderWithOnflex(
      <OnboardingFlow
        journey={journey}
        flows={[waitingFlow]}
        steps={{ waiting: WaitingStep }}
        resume={(next) => {
          listener = next;
          return unsubscribe;
        }}
      />,
      { strict },
    );
    await screen.findByRole("heading", { name: "Finish signing in in your browser" });
    act(() => listener?.({ url: "https://app.example.test/back" }));
    expect(screen.getByRole("heading", { name: "Finish signing in in your browser" })).toBeVisible();
    act(() => listener?.({ url: "https://app.example.test/back?code=abc" }));
    await screen.findByRole("heading", { name: "You're signed up" });
  });
});
