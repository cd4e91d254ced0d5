import { SANDBOX } from "@onflex/core";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { DeviceSelectionStep } from "./device-selection-step.js";

const meta = {
  title: "Flows/Device selection",
  component: DeviceSelectionStep,
  args: { mpan: SANDBOX.mpans.domestic },
} satisfies Meta<typeof DeviceSelectionStep>;
export default meta;
type Story = StoryObj<typeof meta>;

type Canvas = ReturnType<typeof within>;
type Pair = { vehicle: { make: string; model: string }; charger: { make: string; model: string } };

async function chooseType(canvasElement: HTMLElement, type = "Electric car") {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole("radio", { name: type }));
  await userEvent.click(canvas.getByRole("button", { name: "Continue" }));
  return canvas;
}

/** Types into a combobox and chooses the first match by keyboard. */
async function choose(canvas: Canvas, name: string, text: string) {
  const combobox = await canvas.findByRole("combobox", { name });
  await userEvent.click(combobox);
  await userEvent.keyboard(text);
  await userEvent.keyboard("{ArrowDown}{Enter}");
}

async function pickCar(canvas: Canvas, pair: Pair) {
  await choose(canvas, "Car make", pair.vehicle.make);
  await choose(canvas, "Car model", pair.vehicle.model);
  await userEvent.click(canvas.getByRole("button", { name: "Continue" }));
}

async function pickBoth(canvasElement: HTMLElement, pair: Pair) {
  const canvas = await chooseType(canvasElement);
  await pickCar(canvas, pair);
  await choose(canvas, "Charger make", pair.charger.make);
  await choose(canvas, "Charger model", pair.charger.model);
  await userEvent.click(canvas.getByRole("button", { name: "Continue" }));
  return canvas;
}

export const LoadingDeviceTypes: Story = {
  parameters: { holdOperations: ["devices.eligibleTypes"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent(/Finding the devices/);
  },
};

export const TypeChooser: Story = {
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("group", { name: "Devices your home can connect" })).toBeVisible();
  },
};

export const CarPicker: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await chooseType(canvasElement);
    const combobox = await canvas.findByRole("combobox", { name: "Car make" });
    await userEvent.click(combobox);
    await userEvent.keyboard("k");
    await expect(canvas.getByRole("option", { name: "Kia" })).toBeVisible();
  },
};

export const LoadingModels: Story = {
  parameters: { holdOperations: ["devices.models"] },
  play: async ({ canvasElement }) => {
    const canvas = await chooseType(canvasElement);
    await choose(canvas, "Car make", "Volkswagen");
    await expect(await canvas.findByRole("status")).toHaveTextContent(/Loading Volkswagen models/);
  },
};

export const ChargerPicker: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await chooseType(canvasElement);
    await pickCar(canvas, SANDBOX.devices.carPreferred);
    await choose(canvas, "Charger make", "myen");
    await expect(await canvas.findByRole("combobox", { name: "Charger model" })).toBeVisible();
  },
};

export const MakesFailedWithRetry: Story = {
  parameters: { sandbox: { failOnce: ["devices.makes"] } },
  play: async ({ canvasElement }) => {
    const canvas = await chooseType(canvasElement);
    await expect(await canvas.findByRole("alert")).toBeVisible();
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const BestDeviceIsTheCar: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await pickBoth(canvasElement, SANDBOX.devices.carPreferred);
    await expect(await canvas.findByRole("heading", { name: "We'll connect your Tesla Model 3" })).toBeVisible();
    await expect(canvas.getByText(/tells us how full the battery is/)).toBeVisible();
  },
};

export const BestDeviceIsTheCharger: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await pickBoth(canvasElement, SANDBOX.devices.chargerOnly);
    await expect(await canvas.findByRole("heading", { name: "We'll connect your myenergi zappi v2" })).toBeVisible();
    await expect(canvas.getByText(/can't control your Nissan Leaf/)).toBeVisible();
  },
};

export const CarNotListed: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await chooseType(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "My car isn't listed" }));
    await choose(canvas, "Charger make", SANDBOX.devices.carPreferred.charger.make);
    await choose(canvas, "Charger model", SANDBOX.devices.carPreferred.charger.model);
    await userEvent.click(canvas.getByRole("button", { name: "Continue" }));
    await expect(await canvas.findByText(/You told us your car isn't listed/)).toBeVisible();
  },
};

export const UnsupportedCombination: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await pickBoth(canvasElement, SANDBOX.devices.unsupportedCombination);
    await expect(await canvas.findByRole("heading", { name: "We can't connect your device yet" })).toBeVisible();
    await expect(canvas.getByText(/What you can do/)).toBeVisible();
  },
};

export const Registering: Story = {
  parameters: { holdOperations: ["devices.register"] },
  play: async ({ canvasElement }) => {
    const canvas = await pickBoth(canvasElement, SANDBOX.devices.carPreferred);
    await userEvent.click(await canvas.findByRole("button", { name: "Connect this device" }));
    await expect(await canvas.findByRole("status")).toHaveTextContent(/Registering your Tesla Model 3/);
  },
};

export const Registered: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await pickBoth(canvasElement, SANDBOX.devices.carPreferred);
    await userEvent.click(await canvas.findByRole("button", { name: "Connect this device" }));
    await expect(await canvas.findByRole("heading", { name: "Your Tesla Model 3 is registered" })).toBeVisible();
  },
};
