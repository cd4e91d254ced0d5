import { SANDBOX, type OnboardingApi, type SandboxApi } from "@onflex/core";
import { bindFlow, deviceAuthFlow } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useEffect, useState } from "react";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { createActor } from "xstate";
import { DeviceAuthStep } from "./device-auth-step.js";
import type { DeviceAuthActorRef } from "./device-auth.types.js";
import { GuidedNotSupportedScreen } from "./guided-not-supported-screen.js";

type Outcome = (typeof SANDBOX.deviceAuth)[keyof typeof SANDBOX.deviceAuth] | "garbled";

interface ExampleProps {
  /** How the SIMULATED maker answers once the sign-in opens (none: the user is still there). */
  outcome?: Outcome;
  /** Whether the browser lets the sign-in window open. */
  popup?: boolean;
  device?: { make: string; model: string };
  /** The story's sandbox (from the loader). */
  api?: OnboardingApi;
}

/**
 * The step on the story's sandbox: the device is registered first, then the sign-in opens
 * "in a popup" that the sandbox's simulated maker answers, its return URL sent back to the
 * flow as the sign-in window's message would be.
 */
function DeviceAuthExample({ api, outcome, popup = true, device = SANDBOX.devices.carPreferred.vehicle }: ExampleProps) {
  const [actor, setActor] = useState<DeviceAuthActorRef | null>(null);
  useEffect(() => {
    if (!api) return;
    const sandbox = api as SandboxApi;
    let live = true;
    let created: DeviceAuthActorRef | null = null;
    void (async () => {
      const { models } = await sandbox.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: device.make });
      const model = models.find((item) => item.model === device.model)!;
      const registered = await sandbox.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
      if (!live) return;
      const answer = async (url: string) => {
        if (!outcome || outcome === SANDBOX.deviceAuth.close) return;
        // A window answers after it has opened, never inside the click.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (outcome === "garbled") return created?.send({ type: "AUTH.RETURNED", url: "not a url %%" });
        const state = new URL(url).searchParams.get("state") ?? "";
        const { continuationUri } = await sandbox.simulation.simulateSignIn(state, outcome, { callback: false });
        if (continuationUri) created?.send({ type: "AUTH.RETURNED", url: continuationUri });
      };
      const machine = bindFlow(deviceAuthFlow, {
        api: sandbox,
        openExternal: ({ url }) => {
          if (popup) void answer(url);
          return { opened: popup, mode: "popup" };
        },
      });
      created = createActor(machine, { input: { device: registered } }).start();
      setActor(created);
    })();
    return () => {
      live = false;
      created?.stop();
    };
  }, [api, outcome, popup, device]);
  return actor ? <DeviceAuthStep actor={actor} /> : null;
}

const meta = {
  title: "Flows/Device authorisation",
  component: DeviceAuthExample,
  render: (args, { loaded }) => <DeviceAuthExample {...args} api={loaded["api"] as OnboardingApi} />,
} satisfies Meta<ExampleProps>;
export default meta;
type Story = StoryObj<typeof meta>;

async function signIn(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const button = await canvas.findByRole("button", { name: "Sign in with Tesla" });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  return canvas;
}

export const Preparing: Story = {
  parameters: { holdOperations: ["deviceAuth.start"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Getting the Tesla sign-in ready…");
  },
};

export const Ready: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Allow us to control your Tesla Model 3" });
    await waitFor(() => expect(canvas.getByRole("button", { name: "Sign in with Tesla" })).toBeEnabled());
  },
};

export const PopupBlocked: Story = {
  args: { popup: false },
  play: async ({ canvasElement }) => {
    const canvas = await signIn(canvasElement);
    await expect(await canvas.findByRole("link", { name: "Open the Tesla sign-in" })).toHaveAttribute("target", "_blank");
  },
};

export const WaitingForTheUser: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await signIn(canvasElement);
    await canvas.findByRole("heading", { name: "Finish signing in in the window that opened" });
    await expect(canvas.getByRole("button", { name: "Cancel" })).toBeVisible();
  },
};

export const Authorised: Story = {
  args: { outcome: SANDBOX.deviceAuth.approve },
  play: async ({ canvasElement }) => {
    await (await signIn(canvasElement)).findByRole("heading", { name: "Your Tesla Model 3 is connected" });
  },
};

export const Denied: Story = {
  args: { outcome: SANDBOX.deviceAuth.deny },
  play: async ({ canvasElement }) => {
    const canvas = await signIn(canvasElement);
    await canvas.findByRole("heading", { name: "Access wasn't allowed" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const Cancelled: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await signIn(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Cancel" }));
    await canvas.findByRole("heading", { name: "Signing in was cancelled" });
  },
};

export const StateMismatch: Story = {
  args: { outcome: SANDBOX.deviceAuth.stateMismatch },
  play: async ({ canvasElement }) => {
    await (await signIn(canvasElement)).findByRole("heading", { name: "We couldn't match that sign-in" });
  },
};

export const CodeUsedOrExpired: Story = {
  args: { outcome: SANDBOX.deviceAuth.codeReused },
  play: async ({ canvasElement }) => {
    await (await signIn(canvasElement)).findByRole("heading", { name: "That sign-in has expired" });
  },
};

export const MakerUnavailable: Story = {
  args: { outcome: SANDBOX.deviceAuth.providerFailing },
  play: async ({ canvasElement }) => {
    await (await signIn(canvasElement)).findByRole("heading", { name: "Tesla isn't answering" });
  },
};

export const StartFailed: Story = {
  parameters: { sandbox: { failOnce: ["deviceAuth.start"] } },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole("heading", { name: "We couldn't start the sign-in" });
  },
};

export const GarbledReturn: Story = {
  args: { outcome: "garbled" },
  play: async ({ canvasElement }) => {
    await (await signIn(canvasElement)).findByRole("heading", { name: "We couldn't finish the sign-in" });
  },
};

export const GuidedProviderNotSupported: Story = {
  args: { device: SANDBOX.devices.noOAuth.vehicle },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole("heading", { name: "We can't connect this device here yet" });
  },
};

export const GuidedNotSupportedOutcome: Story = {
  render: () => (
    <GuidedNotSupportedScreen
      blocked={{ stepId: "deviceAuth", flow: "deviceAuth", reason: "guided_not_supported_yet", details: { provider: "JEDLIX" } }}
      canGoBack
      back={() => {}}
      exit={() => {}}
    />
  ),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(/Jedlix connects devices through its own app/)).toBeVisible();
  },
};
