import { SANDBOX } from "@onflex/core";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { AddressStep } from "./address-step.js";


const meta = {
  title: "Flows/Address",
  component: AddressStep,
} satisfies Meta<typeof AddressStep>;
export default meta;
type Story = StoryObj<typeof meta>;

async function search(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await userEvent.click(canvas.getByRole("button", { name: "Find address" }));
  return canvas;
}

export const Empty: Story = {};

export const InvalidPostcode: Story = {
  args: { postcode: "QQ1" },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    await expect(await canvas.findByText(/too short/)).toBeVisible();
  },
};

export const Searching: Story = {
  args: { postcode: SANDBOX.postcodes.happy },
  parameters: { holdOperations: ["addresses.search"] },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    await expect(await canvas.findByRole("status")).toHaveTextContent(/Searching for addresses/);
  },
};

export const Results: Story = {
  args: { postcode: SANDBOX.postcodes.happy },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    await expect(await canvas.findByRole("heading", { name: "Choose your address" })).toBeVisible();
  },
};

/** The results in German (de-DE): the count is an ICU plural. */
export const ResultsInGerman: Story = {
  args: { postcode: SANDBOX.postcodes.happy },
  globals: { locale: "de-DE" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Adresse suchen" }));
    await expect(await canvas.findByRole("heading", { name: "Wählen Sie Ihre Adresse" })).toBeVisible();
    await expect(canvas.getByText(/^\d+ Adressen für SW1A 1AA gefunden$/)).toBeVisible();
  },
};

export const NoResults: Story = {
  args: { postcode: SANDBOX.postcodes.noAddresses },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    await expect(await canvas.findByRole("heading", { name: "No addresses found" })).toBeVisible();
  },
};

export const ErrorWithRetry: Story = {
  args: { postcode: SANDBOX.postcodes.failsOnce },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    await expect(await canvas.findByRole("alert")).toBeVisible();
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const InvalidResponse: Story = {
  args: { postcode: SANDBOX.postcodes.malformed },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/couldn't read/);
  },
};

export const ResolvingMeter: Story = {
  args: { postcode: SANDBOX.postcodes.happy },
  parameters: { holdOperations: ["meters.byAddress"] },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    const group = await canvas.findByRole("group", { name: /Addresses at/ });
    await userEvent.click(within(group).getAllByRole("radio")[0]!);
    await userEvent.click(canvas.getByRole("button", { name: "Use this address" }));
    await expect(await canvas.findByRole("heading", { name: "Finding your meter" })).toBeVisible();
  },
};

export const SeveralMeters: Story = {
  args: { postcode: SANDBOX.postcodes.twoMeters },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    const group = await canvas.findByRole("group", { name: /Addresses at/ });
    await userEvent.click(within(group).getAllByRole("radio")[0]!);
    await userEvent.click(canvas.getByRole("button", { name: "Use this address" }));
    await expect(await canvas.findByRole("heading", { name: "Choose your meter" })).toBeVisible();
  },
};

export const ManualEntry: Story = {
  args: { postcode: SANDBOX.postcodes.noAddresses },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Enter address manually" }));
    await expect(await canvas.findByRole("heading", { name: "Enter your address and meter number" })).toBeVisible();
  },
};

export const ManualEntryBadCheckDigit: Story = {
  args: { postcode: SANDBOX.postcodes.noAddresses },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Enter address manually" }));
    await userEvent.type(canvas.getByRole("textbox", { name: "Address line 1" }), "1 Sandbox Row");
    await userEvent.type(canvas.getByRole("textbox", { name: /Town|City/ }), "London");
    const good = SANDBOX.mpans.domestic;
    await userEvent.type(canvas.getByRole("textbox", { name: "MPAN" }), good.slice(0, 12) + String((Number(good[12]) + 1) % 10));
    await userEvent.click(canvas.getByRole("button", { name: "Continue" }));
    await expect(await canvas.findByText(/last digit doesn't match/)).toBeVisible();
  },
};

export const MeterNotFound: Story = {
  args: { postcode: SANDBOX.postcodes.meterNotFound },
  play: async ({ canvasElement }) => {
    const canvas = await search(canvasElement);
    const group = await canvas.findByRole("group", { name: /Addresses at/ });
    await userEvent.click(within(group).getAllByRole("radio")[0]!);
    await userEvent.click(canvas.getByRole("button", { name: "Use this address" }));
    await expect(await canvas.findByText(/couldn't match it to a meter/)).toBeVisible();
  },
};
