import { SANDBOX, type OnboardingApi, type SandboxApi } from "@onflex/core";
import { bindFlow, deviceAuthFlow, GUIDED_PATIENCE_MS } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useEffect, useState } from "react";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { createActor, SimulatedClock, waitFor as settled } from "xstate";
import { DeviceAuthStep } from "./device-auth-step.js";
import type { DeviceAuthActorRef } from "./device-auth.types.js";

type Outcome = (typeof SANDBOX.deviceAuth)[keyof typeof SANDBOX.deviceAuth] | "garbled";

interface ExampleProps {
  /** How the SIMULATED maker answers once the sign-in opens (none: the user is still there). */
  outcome?: Outcome;
  /** Whether the browser lets the sign-in window open. */
  popup?: boolean;
  device?: { make: string; model: string };
  /** The story's sandbox (from the loader). */
  api?: OnboardingApi;
  /** Guided (JEDLIX): the SIMULATED user finishes in the maker's app as soon as it opens. */
  appApproves?: boolean;
  /** Guided: the way chosen, the user says they are done in the app, and five minutes pass on a simulated clock. */
  fastForward?: boolean;
}

/**
 * The step on the story's sandbox: the device is registered first, then the sign-in opens
 * "in a popup" that the sandbox's simulated maker answers, its return URL sent back to the
 * flow as the sign-in window's message would be.
 */
function DeviceAuthExample({ api, outcome, popup = true, device = SANDBOX.devices.carPreferred.vehicle, appApproves = false, fastForward = false }: ExampleProps) {
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
        openExternal: ({ url, purpose }) => {
          if (purpose === "device_auth_app") {
            if (appApproves) sandbox.simulation.simulateGuidedAuth(registered.deviceId, SANDBOX.guidedAuth.app.approve);
            return { opened: true, mode: "system_browser" };
          }
          if (popup) void answer(url);
          return { opened: popup, mode: "popup" };
        },
      });
      const clock = fastForward ? new SimulatedClock() : undefined;
      created = createActor(machine, { input: { device: registered }, ...(clock ? { clock } : {}) }).start();
      if (clock) {
        await settled(created, (snapshot) => snapshot.matches("choosing"));
        created.send({ type: "GUIDED.CHOOSE", way: "app" });
        created.send({ type: "GUIDED.APP_DONE" });
        clock.increment(GUIDED_PATIENCE_MS);
      }
      setActor(created);
    })();
    return () => {
      live = false;
      created?.stop();
    };
  }, [api, outcome, popup, device, appApproves, fastForward]);
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

const jedlix = { device: SANDBOX.devices.noOAuth.vehicle };
const app = "Jedlix (simulated)";

async function chooseWay(canvasElement: HTMLElement, way: "app" | "code") {
  const canvas = within(canvasElement);
  const button = await canvas.findByRole("button", { name: way === "app" ? `Connect in the ${app} app` : "Enter a pairing code" });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  return canvas;
}

async function enterCode(canvasElement: HTMLElement, code: string) {
  const canvas = await chooseWay(canvasElement, "code");
  await userEvent.type(await canvas.findByRole("textbox", { name: "Pairing code" }), code);
  await userEvent.click(canvas.getByRole("button", { name: "Pair my device" }));
  return canvas;
}

export const GuidedPreparing: Story = {
  args: jedlix,
  parameters: { holdOperations: ["deviceAuth.guide"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Getting the Jedlix steps ready…");
  },
};

export const GuidedChooseAWay: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: `Connect your Renault Zoe in the ${app} app` });
    await expect(await canvas.findByRole("button", { name: "Enter a pairing code" })).toBeVisible();
    await expect(canvas.getByRole("button", { name: "I can't do this now" })).toBeVisible();
  },
};

export const GuidedStepsFailed: Story = {
  args: jedlix,
  parameters: { sandbox: { failOnce: ["deviceAuth.guide"] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't load the steps for Jedlix" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const GuidedAppSteps: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    const canvas = await chooseWay(canvasElement, "app");
    await canvas.findByRole("heading", { name: `Connect in the ${app} app` });
    await expect(canvas.getAllByRole("listitem")).toHaveLength(4);
    await expect(canvas.getByRole("link", { name: `On a computer? Open ${app} in a new tab` })).toHaveAttribute("target", "_blank");
  },
};

export const GuidedWaiting: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    const canvas = await chooseWay(canvasElement, "app");
    await userEvent.click(await canvas.findByRole("button", { name: "I've done this" }));
    await canvas.findByRole("heading", { name: `Waiting for ${app} to confirm` });
    await expect(canvas.getByRole("button", { name: "Check now" })).toBeVisible();
  },
};

export const GuidedStillWaiting: Story = {
  args: { ...jedlix, fastForward: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "This is taking longer than usual" });
    await expect(canvas.getByRole("button", { name: "Keep waiting" })).toBeVisible();
  },
};

export const GuidedAuthorisedInTheApp: Story = {
  args: { ...jedlix, appApproves: true },
  play: async ({ canvasElement }) => {
    const canvas = await chooseWay(canvasElement, "app");
    // The page checks as it shows the wait, and the simulated user has already finished.
    await userEvent.click(await canvas.findByRole("button", { name: `Open the ${app} app` }));
    await canvas.findByRole("heading", { name: "Your Renault Zoe is connected" });
  },
};

export const GuidedPairingCode: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    const canvas = await chooseWay(canvasElement, "code");
    await canvas.findByRole("heading", { name: "Enter the pairing code" });
    await expect(canvas.getByRole("textbox", { name: "Pairing code" })).toBeVisible();
  },
};

export const GuidedPairingCodeInvalid: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    const canvas = await enterCode(canvasElement, "JDLO-12");
    await expect(await canvas.findByText(/Enter the code as the app shows it/)).toBeVisible();
  },
};

export const GuidedPairingCodeWrong: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    const canvas = await enterCode(canvasElement, SANDBOX.guidedAuth.codes.wrong);
    await canvas.findByRole("heading", { name: "That code didn't work" });
  },
};

export const GuidedPairingCodeExpired: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    const canvas = await enterCode(canvasElement, SANDBOX.guidedAuth.codes.expired);
    await canvas.findByRole("heading", { name: "That code has expired" });
  },
};

export const GuidedPairingCodeNotChecked: Story = {
  args: jedlix,
  parameters: { sandbox: { failOnce: ["deviceAuth.submitCode"] } },
  play: async ({ canvasElement }) => {
    const canvas = await enterCode(canvasElement, "JDLX-7K4P");
    await canvas.findByRole("heading", { name: "We couldn't check the code" });
  },
};

export const GuidedMakerFailed: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    // The maker takes the code, then reports the device failed: the first check says so.
    const canvas = await enterCode(canvasElement, SANDBOX.guidedAuth.codes.makerFailing);
    await canvas.findByRole("heading", { name: `${app} couldn't connect your device` });
  },
};

export const GuidedAuthorisedByCode: Story = {
  args: jedlix,
  play: async ({ canvasElement }) => {
    const canvas = await enterCode(canvasElement, "jdlx 7k4p");
    await canvas.findByRole("heading", { name: "Your Renault Zoe is connected" });
  },
};
