import { SANDBOX } from "@onflex/core";
import { presets } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { createMemoryPersistence } from "./persistence.js";
import { OnboardingFlow } from "./onboarding-flow.js";

const meta = {
  title: "Flows/Journey",
  component: OnboardingFlow,
  args: { journey: presets.axleSmartCharging, assetModel: SANDBOX.assetModels.qualified },
} satisfies Meta<typeof OnboardingFlow>;
export default meta;
type Story = StoryObj<typeof meta>;

async function chooseFirstAddress(canvasElement: HTMLElement, postcode: string) {
  const canvas = within(canvasElement);
  await userEvent.type(canvas.getByRole("textbox", { name: /postcode/i }), `${postcode}{Enter}`);
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
