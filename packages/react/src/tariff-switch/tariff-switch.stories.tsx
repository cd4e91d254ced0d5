import { SANDBOX, type DeviceStatus, type OnboardingApi, type SandboxApi } from "@onflex/core";
import { bindFlow, tariffSwitchFlow, type TariffSwitchMode } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useEffect, useState } from "react";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { createActor } from "xstate";
import { TariffSwitchStep } from "./tariff-switch-step.js";
import type { TariffSwitchActorRef } from "./tariff-switch.types.js";

interface ExampleProps {
  /** Where the journey placed the step: the offer, or after the test charge. */
  mode?: TariffSwitchMode;
  /** The tariff the proposition requires (a `SANDBOX.tariffs` code); the sandbox's pick when absent. */
  tariffCode?: string;
  /** The car's status when the step starts (the SIMULATED test charge moves it). */
  deviceStatus?: DeviceStatus;
  /** The user accepted the offer earlier in the journey. */
  acceptedBefore?: boolean;
  /** The story's sandbox (from the loader). */
  api?: OnboardingApi;
}

/**
 * The step on the story's sandbox: a car is registered first (Tesla Model 3), its status set
 * as the SIMULATED test charge would leave it, and, for the wait, the offer accepted earlier.
 */
function TariffSwitchExample({ api, mode = "offer", tariffCode, deviceStatus = "ONBOARDING", acceptedBefore = false }: ExampleProps) {
  const [actor, setActor] = useState<TariffSwitchActorRef | null>(null);
  useEffect(() => {
    if (!api) return;
    const sandbox = api as SandboxApi;
    let live = true;
    let created: TariffSwitchActorRef | null = null;
    void (async () => {
      const { vehicle } = SANDBOX.devices.carPreferred;
      const device = await sandbox.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: vehicle.make, model: vehicle.model, provider: "TESLA" });
      if (acceptedBefore) {
        const offer = await sandbox.tariffs.offer({ deviceId: device.deviceId, ...(tariffCode ? { tariffCode } : {}) });
        await sandbox.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId });
      }
      sandbox.simulation.setDeviceStatus(device.deviceId, deviceStatus);
      if (!live) return;
      created = createActor(bindFlow(tariffSwitchFlow, { api: sandbox }), { input: { mode, device, tariffCode: tariffCode ?? null } }).start();
      setActor(created);
    })();
    return () => {
      live = false;
      created?.stop();
    };
  }, [api, mode, tariffCode, deviceStatus, acceptedBefore]);
  return actor ? <TariffSwitchStep actor={actor} /> : null;
}

const meta = {
  title: "Flows/Tariff switch",
  component: TariffSwitchExample,
  render: (args, { loaded }) => <TariffSwitchExample {...args} api={loaded["api"] as OnboardingApi} />,
} satisfies Meta<ExampleProps>;
export default meta;
type Story = StoryObj<typeof meta>;

async function accept(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole("button", { name: "Accept tariff" }));
  return canvas;
}

async function declineAsked(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole("button", { name: "Decline" }));
  await canvas.findByRole("heading", { name: "Decline the EV Night (simulated) tariff?" });
  return canvas;
}

export const Loading: Story = {
  parameters: { holdOperations: ["tariffs.switchStatus"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Checking your tariff switch…");
  },
};

export const Offer: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Move to the EV Night (simulated) tariff" });
    await expect(canvas.getByText("Off-peak, 23:30 to 05:30")).toBeVisible();
    await expect(canvas.getByText("7.00p per kWh")).toBeVisible();
    await expect(canvas.getByText("Your tariff changes once your car has passed its test.")).toBeVisible();
  },
};

export const OfferWithExitFees: Story = {
  args: { tariffCode: SANDBOX.tariffs.fixedWithExitFees },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Move to the EV Fixed 12M (simulated) tariff" });
    await expect(canvas.getByText("£75.00 for electricity")).toBeVisible();
    await expect(canvas.getByText("Fixed for 12 months")).toBeVisible();
  },
};

export const OfferThreeRates: Story = {
  args: { tariffCode: SANDBOX.tariffs.threeRate, deviceStatus: "LIVE" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Move to the Three-Rate Flex (simulated) tariff" });
    await expect(canvas.getByText("Peak, 16:00 to 19:00")).toBeVisible();
    // The car has passed its test already: nothing to wait for.
    await expect(canvas.queryByText(/once your car has passed its test/)).toBeNull();
  },
};

export const Accepting: Story = {
  parameters: { holdOperations: ["tariffs.accept"] },
  play: async ({ canvasElement }) => {
    const canvas = await accept(canvasElement);
    await expect(await canvas.findByRole("status")).toHaveTextContent("Accepting the tariff…");
  },
};

export const AcceptedPendingTheTest: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await accept(canvasElement);
    await canvas.findByRole("heading", { name: "Tariff accepted" });
    await expect(canvas.getByText(/changes to EV Night \(simulated\) once your car has passed its test/)).toBeVisible();
  },
};

export const AcceptedScheduled: Story = {
  args: { tariffCode: SANDBOX.tariffs.fixedWithExitFees, deviceStatus: "LIVE" },
  play: async ({ canvasElement }) => {
    const canvas = await accept(canvasElement);
    await canvas.findByRole("heading", { name: "Tariff accepted" });
    await expect(canvas.getByText("You'll move to EV Fixed 12M (simulated) on 22 November 2026.")).toBeVisible();
  },
};

export const PendingOnTheTestCharge: Story = {
  args: { mode: "wait", acceptedBefore: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Your tariff changes once your car has passed its test" });
    await waitFor(() => expect(canvas.getByRole("status")).toHaveTextContent("Waiting for your car to pass its test…"));
  },
};

export const Switched: Story = {
  args: { mode: "wait", acceptedBefore: true, deviceStatus: "LIVE" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "You're on the EV Night (simulated) tariff" });
    await expect(canvas.getByRole("button", { name: "Continue" })).toBeEnabled();
  },
};

export const ConfirmDecline: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await declineAsked(canvasElement);
    await expect(canvas.getByRole("button", { name: "Back to the tariff" })).toBeVisible();
  },
};

export const Declining: Story = {
  parameters: { holdOperations: ["tariffs.decline"] },
  play: async ({ canvasElement }) => {
    const canvas = await declineAsked(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Decline and leave" }));
    await expect(await canvas.findByRole("status")).toHaveTextContent("Declining the tariff…");
    await expect(canvas.getByRole("button", { name: "Decline and leave" })).toBeDisabled();
  },
};

export const Declined: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await declineAsked(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Decline and leave" }));
    await canvas.findByRole("heading", { name: "You declined the tariff" });
  },
};

export const LoadFailed: Story = {
  parameters: { sandbox: { failOnce: ["tariffs.offer"] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't get the tariff" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const AcceptFailed: Story = {
  parameters: { sandbox: { failOnce: ["tariffs.accept"] } },
  play: async ({ canvasElement }) => {
    const canvas = await accept(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't accept the tariff" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const OfferExpired: Story = {
  args: { tariffCode: SANDBOX.tariffs.expiresOnce },
  play: async ({ canvasElement }) => {
    const canvas = await accept(canvasElement);
    await canvas.findByRole("heading", { name: "This offer has expired" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const DeclineFailed: Story = {
  parameters: { sandbox: { failOnce: ["tariffs.decline"] } },
  play: async ({ canvasElement }) => {
    const canvas = await declineAsked(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Decline and leave" }));
    await canvas.findByRole("heading", { name: "We couldn't record that you declined" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const CheckFailed: Story = {
  args: { mode: "wait", acceptedBefore: true },
  parameters: { sandbox: { failOnce: ["tariffs.switchStatus"] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't check your tariff switch" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};
