import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import type { EligibilityInput } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { EligibilityStep } from "./eligibility-step.js";

const meta = {
  title: "Flows/Eligibility",
  component: EligibilityStep,
  render: (args) => <EligibilityStep {...args} />,
  args: { mpan: SANDBOX.mpans.domestic, assetModel: SANDBOX.assetModels.qualified },
} satisfies Meta<Omit<EligibilityInput, "api">>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Checking: Story = {
  parameters: { holdOperations: ["eligibility.check"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent(/Checking which/);
  },
};

export const Eligible: Story = {
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("heading", { name: "Good news: you're eligible" })).toBeVisible();
  },
};

export const IneligibleWithReasons: Story = {
  args: { mpan: SANDBOX.mpans.notHalfHourly, assetModel: SANDBOX.assetModels.notQualified },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("list", { name: "Reasons: Smart Charging" })).toBeVisible();
  },
};

export const NonDomestic: Story = {
  args: { mpan: SANDBOX.mpans.nonDomestic, propositions: [AXLE_PROPOSITIONS.flexLite] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(/registered to a business/)).toBeVisible();
  },
};

export const CheckFailed: Story = {
  args: { mpan: SANDBOX.mpans.unknown },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("heading", { name: "We couldn't check your eligibility" })).toBeVisible();
  },
};
