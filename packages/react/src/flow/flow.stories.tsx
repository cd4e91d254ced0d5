import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import { presets } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { lazyEntry } from "../step/lazy.js";
import type { StepComponentProps } from "../step/step.types.js";
import { AccountStep, createAccountFlow, customJourney } from "./host-account.example.js";
import { OnboardingFlow } from "./onboarding-flow.js";
import { createMemoryPersistence } from "./persistence.js";

const meta = {
  title: "Flows/Journey",
  component: OnboardingFlow,
  args: { journey: presets.axleSmartCharging, assetModel: SANDBOX.assetModels.qualified },
} satisfies Meta<typeof OnboardingFlow>;
export default meta;
type Story = StoryObj<typeof meta>;

async function chooseFirstAddress(canvasElement: HTMLElement, postcode: string) {
  const canvas = within(canvasElement);
  await userEvent.type(await canvas.findByRole("textbox", { name: /postcode/i }), `${postcode}{Enter}`);
  const group = await canvas.findByRole("group", { name: /Addresses at/ });
  await userEvent.click(within(group).getAllByRole("radio")[0]!);
  await userEvent.click(canvas.getByRole("button", { name: "Use this address" }));
  return canvas;
}

/** The whole journey from the start: try it with the keyboard. */
export const WholeJourney: Story = {};

export const AtConsent: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await chooseFirstAddress(canvasElement, SANDBOX.postcodes.happy);
    await expect(await canvas.findByRole("region", { name: /terms/ })).toBeVisible();
  },
};

/** Blocked: the eligibility flow says the home cannot join (reason "ineligible"). */
export const Ineligible: Story = {
  args: { assetModel: SANDBOX.assetModels.notQualified },
  play: async ({ canvasElement }) => {
    const canvas = await chooseFirstAddress(canvasElement, SANDBOX.postcodes.notSmart);
    await expect(await canvas.findByRole("heading", { name: /not eligible/ })).toBeVisible();
  },
};

export const Completed: Story = {
  args: { journey: presets.axleFlexLite },
  play: async ({ canvasElement }) => {
    const canvas = await chooseFirstAddress(canvasElement, SANDBOX.postcodes.happy);
    await userEvent.click(await canvas.findByRole("checkbox", { name: /agree to these terms/ }));
    await userEvent.click(canvas.getByRole("button", { name: "Accept" }));
    await expect(await canvas.findByRole("heading", { name: "You're signed up" })).toBeVisible();
  },
};

export const DeclinedExit: Story = {
  args: { journey: presets.axleFlexLite },
  play: async ({ canvasElement }) => {
    const canvas = await chooseFirstAddress(canvasElement, SANDBOX.postcodes.happy);
    await userEvent.click(await canvas.findByRole("button", { name: "Decline" }));
    await expect(await canvas.findByRole("heading", { name: "You declined the terms" })).toBeVisible();
  },
};

export const RestoreFailed: Story = {
  args: { persistence: createMemoryPersistence("{ not a saved journey") },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("alert")).toHaveTextContent(/couldn't pick up where you left off/);
  },
};

/** The server decides each next step (`api.wizard`): progress says "Step N" with no total. */
export const ServerDriven: Story = {
  args: { journey: presets.axleSmartChargingServer },
  play: async ({ canvasElement }) => {
    const canvas = await chooseFirstAddress(canvasElement, SANDBOX.postcodes.happy);
    await expect(await canvas.findByRole("region", { name: /terms/ })).toBeVisible();
    await expect(canvas.getByText("Step 3")).toBeVisible();
  },
};

/** The server sends a step this app has no flow for: the journey fails with Retry. */
export const FailedUnsupportedStep: Story = {
  args: {
    journey: { id: "sandbox-unsupported-step", version: 1, source: { type: "server", template: SANDBOX.wizardTemplates.unsupportedStep } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("heading", { name: "Sign-up stopped" })).toBeVisible();
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

/** A step condition that does not hold: the step stays in the progress list, marked skipped. */
export const SkippedStep: Story = {
  args: {
    journey: {
      id: "story-skipped",
      version: 1,
      source: {
        type: "fixed",
        steps: [
          { flow: "address" },
          { flow: "eligibility", params: { require: AXLE_PROPOSITIONS.smartCharging }, when: (facts) => facts.assetModel !== undefined },
          { flow: "consent", params: { proposition: AXLE_PROPOSITIONS.flexLite } },
        ],
      },
    },
  },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(/skipped/)).toBeVisible();
  },
};

/** A flow placed twice reads by each step's own label: "Tariff", then "New tariff live". */
export const StepLabels: Story = {
  args: { journey: presets.krakenSmartFlex, assetModel: undefined, facts: { tariffRequirement: { required: true } } },
  play: async ({ canvasElement }) => {
    const progress = await within(canvasElement).findByRole("navigation", { name: "Progress" });
    await expect(within(progress).getByText("Tariff")).toBeVisible();
    await expect(within(progress).getByText("New tariff live")).toBeVisible();
  },
};

/** A step's code that never arrives: the skeleton a slow network shows. */
export const StepLoading: Story = {
  args: { journey: presets.axleFlexLite, steps: { address: lazyEntry<StepComponentProps>(() => new Promise(() => undefined)) } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status", { name: "Loading the next step…" })).toBeInTheDocument();
  },
};

// The host's backend: a short wait, then an account id.
const hostFlows = [
  createAccountFlow((email) => new Promise((resolve) => setTimeout(() => resolve({ userId: `story:${email}` }), 300))),
];
const hostSteps = { account: AccountStep };

/** A custom journey: a host step ("Create your account") before Onflex's flows, reordered. */
export const CustomJourneyWithHostStep: Story = {
  args: { journey: customJourney },
  // The flow definition holds a machine (not JSON), so it is passed here rather than as an arg.
  render: (args) => <OnboardingFlow {...args} flows={hostFlows} steps={hostSteps} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByRole("textbox", { name: "Email address" }), "ada@example.test{Enter}");
    await expect(await canvas.findByRole("heading", { name: "Find your address" })).toBeVisible();
  },
};
