import { SANDBOX, type OnboardingApi, type SandboxApi } from "@onflex/core";
import { bindFlow, virtualKeyFlow, type VirtualKeyDisplay } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useEffect, useState } from "react";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { createActor } from "xstate";
import { VirtualKeyStep } from "./virtual-key-step.js";
import type { VirtualKeyActorRef } from "./virtual-key.types.js";

type CarOutcome = (typeof SANDBOX.virtualKey)[keyof typeof SANDBOX.virtualKey];

interface ExampleProps {
  /** How the key is offered: a QR code (a desktop) or a button (a phone). */
  display?: VirtualKeyDisplay;
  /** What has happened at the SIMULATED car or at Tesla before the user checks. */
  car?: CarOutcome[];
  /** Whether the host manages to open the link. */
  opens?: boolean;
  device?: { make: string; model: string };
  /** The story's sandbox (from the loader). */
  api?: OnboardingApi;
}

/**
 * The step on the story's sandbox: the car is registered first, then what the story names
 * happens at the simulated Tesla (the key added, the car asleep, Tesla's API failing).
 */
const NOTHING: CarOutcome[] = [];

function VirtualKeyExample({ api, display = "qr", car = NOTHING, opens = true, device = SANDBOX.devices.carPreferred.vehicle }: ExampleProps) {
  const [actor, setActor] = useState<VirtualKeyActorRef | null>(null);
  useEffect(() => {
    if (!api) return;
    const sandbox = api as SandboxApi;
    let live = true;
    let created: VirtualKeyActorRef | null = null;
    let subscription: { unsubscribe(): void } | null = null;
    void (async () => {
      const { models } = await sandbox.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: device.make });
      const model = models.find((item) => item.model === device.model)!;
      const registered = await sandbox.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
      if (!live) return;
      const machine = bindFlow(virtualKeyFlow, { api: sandbox, openExternal: () => ({ opened: opens, mode: "system_browser" }) });
      created = createActor(machine, { input: { device: registered, display } }).start();
      setActor(created);
      // Once the key is offered: what happens at the car while the user is in the Tesla app.
      let applied = false;
      subscription = created.subscribe((snapshot) => {
        if (applied || !snapshot.matches("waiting")) return;
        applied = true;
        for (const outcome of car) sandbox.simulation.simulateVirtualKey(registered.deviceId, outcome);
      });
    })();
    return () => {
      live = false;
      subscription?.unsubscribe();
      created?.stop();
    };
  }, [api, display, car, opens, device]);
  return actor ? <VirtualKeyStep actor={actor} /> : null;
}

const meta = {
  title: "Flows/Virtual key",
  component: VirtualKeyExample,
  render: (args, { loaded }) => <VirtualKeyExample {...args} api={loaded["api"] as OnboardingApi} />,
} satisfies Meta<ExampleProps>;
export default meta;
type Story = StoryObj<typeof meta>;

const QR_NAME = /QR code that opens the Tesla app to add the key/;

async function checkNow(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const button = await canvas.findByRole("button", { name: "I've added the key" });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  return canvas;
}

export const Loading: Story = {
  parameters: { holdOperations: ["virtualKey.details"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Getting your key ready…");
  },
};

export const QrCodeOnADesktop: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Add our key to your Tesla Model 3" });
    await expect(await canvas.findByRole("img", { name: QR_NAME })).toBeVisible();
    await expect(canvas.getByRole("link", { name: /^https:\/\/tesla\.sandbox\.onflex\.invalid\/_ak\// })).toBeVisible();
  },
};

export const ButtonOnAPhone: Story = {
  args: { display: "link" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Open the Tesla app" }));
    await canvas.findByText("Approve the key in the Tesla app, then come back here.");
  },
};

export const AppDidNotOpen: Story = {
  args: { display: "link", opens: false },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Open the Tesla app" }));
    await canvas.findByText(/The Tesla app didn't open/);
  },
};

export const NotAddedYet: Story = {
  args: { car: [SANDBOX.virtualKey.notAdded] },
  play: async ({ canvasElement }) => {
    const canvas = await checkNow(canvasElement);
    await expect(await canvas.findByRole("alert")).toHaveTextContent("We can't see the key on your car yet");
    await expect(canvas.getByRole("button", { name: "Check again" })).toBeVisible();
  },
};

export const CarAsleep: Story = {
  args: { car: [SANDBOX.virtualKey.vehicleOffline] },
  play: async ({ canvasElement }) => {
    const canvas = await checkNow(canvasElement);
    await expect(await canvas.findByRole("alert")).toHaveTextContent("Your car isn't answering");
  },
};

export const Paired: Story = {
  args: { car: [SANDBOX.virtualKey.added] },
  play: async ({ canvasElement }) => {
    await (await checkNow(canvasElement)).findByRole("heading", { name: "The key is on your Tesla Model 3" });
  },
};

export const CheckFailed: Story = {
  args: { car: [SANDBOX.virtualKey.providerFailing] },
  play: async ({ canvasElement }) => {
    const canvas = await checkNow(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't check your car" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
    await expect(canvas.getByRole("button", { name: "Leave sign-up" })).toBeVisible();
  },
};

export const LoadFailed: Story = {
  parameters: { sandbox: { failOnce: ["virtualKey.details"] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't get your key ready" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const NotNeeded: Story = {
  args: { device: { make: "Kia", model: "EV6" } },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole("heading", { name: "Your device doesn't need a virtual key" });
  },
};
