import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import type { ConsentInput } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { ConsentStep } from "./consent-step.js";

const meta = {
  title: "Flows/Consent",
  component: ConsentStep,
  render: (args) => <ConsentStep {...args} />,
  args: { mpan: SANDBOX.mpans.domestic, proposition: AXLE_PROPOSITIONS.smartCharging },
} satisfies Meta<Omit<ConsentInput, "api">>;
export default meta;
type Story = StoryObj<typeof meta>;

export const LoadingTerms: Story = {
  parameters: { holdOperations: ["consents.terms"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent(/Loading the terms/);
  },
};

export const Terms: Story = {
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("region", { name: /terms/ })).toBeVisible();
  },
};

export const MustAgreeFirst: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("region", { name: /terms/ });
    await userEvent.click(canvas.getByRole("button", { name: "Accept" }));
    await expect(await canvas.findByText(/to confirm you agree/)).toBeVisible();
  },
};

export const Recording: Story = {
  parameters: { holdOperations: ["consents.record"] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("region", { name: /terms/ });
    await userEvent.click(canvas.getByRole("checkbox", { name: /agree to these terms/ }));
    await userEvent.click(canvas.getByRole("button", { name: "Accept" }));
    await expect(await canvas.findByRole("status")).toHaveTextContent(/Recording your agreement/);
  },
};

export const Recorded: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("region", { name: /terms/ });
    await userEvent.click(canvas.getByRole("checkbox", { name: /agree to these terms/ }));
    await userEvent.click(canvas.getByRole("button", { name: "Accept" }));
    await expect(await canvas.findByRole("heading", { name: "Agreement recorded" })).toBeVisible();
  },
};

export const Declined: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("region", { name: /terms/ });
    await userEvent.click(canvas.getByRole("button", { name: "Decline" }));
    await expect(await canvas.findByRole("heading", { name: "You declined the terms" })).toBeVisible();
  },
};
