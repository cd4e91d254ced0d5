import { OnflexError, type OnboardingApi, type WaitingFor, type WizardState } from "@onflex/core";
import { bindFlow, waitForTransitionFlow } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useEffect, useState } from "react";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { createActor } from "xstate";
import { WaitForTransitionStep } from "./wait-for-transition-step.js";
import type { WaitForTransitionActorRef } from "./wait-for-transition.types.js";

/** What the story's SIMULATED wizard answers when the step looks: still waiting, moved on, failing, or never. */
type ServerAnswer = "waiting" | "moved_on" | "failing" | "hanging";

interface ExampleProps {
  waitingFor?: WaitingFor;
  /** The first answer; "Check now" and "Try again" get `then`. */
  first?: ServerAnswer;
  then?: ServerAnswer;
  /** Minutes since the wait began (on the flow's clock) when the second check comes. */
  minutesLater?: number;
  /** The story's sandbox (from the loader). */
  api?: OnboardingApi;
}

const START = Date.parse("2026-11-21T09:30:00.000Z");

function state(stepId: string, moved: boolean, waitingFor: WaitingFor): WizardState {
  return {
    wizardId: "sbx-wiz-story",
    template: "kraken-smartflex",
    isComplete: moved,
    isRewindable: true,
    currentStep: moved ? null : { id: stepId, type: "waitForTransition", params: { waitingFor } },
    completedSteps: ["address", "device", "auth", "testCharge", ...(moved ? [stepId] : [])],
  };
}

/** The step over the story's sandbox, with a SIMULATED wizard whose answers the story names. */
function WaitExample({ api, waitingFor = "DEVICE_LIVE", first = "waiting", then = "waiting", minutesLater = 0 }: ExampleProps) {
  const [actor, setActor] = useState<WaitForTransitionActorRef | null>(null);
  useEffect(() => {
    if (!api) return;
    let checks = 0;
    const answer = (kind: ServerAnswer): Promise<WizardState> => {
      if (kind === "hanging") return new Promise(() => {});
      if (kind === "failing") return Promise.reject(new OnflexError("upstream", "The platform did not answer (simulated).", { retryable: true }));
      return Promise.resolve(state("deviceLive", kind === "moved_on", waitingFor));
    };
    const wizard = { ...api.wizard, get: () => answer(checks++ === 0 ? first : then) };
    let reads = 0;
    const clock = () => new Date(START + (reads++ === 0 ? 0 : minutesLater * 60_000));
    const machine = bindFlow(waitForTransitionFlow, { api: { ...api, wizard }, clock });
    const created = createActor(machine, { input: { wizardId: "sbx-wiz-story", stepId: "deviceLive", waitingFor } }).start();
    setActor(created);
    return () => void created.stop();
  }, [api, waitingFor, first, then, minutesLater]);
  return actor ? <WaitForTransitionStep actor={actor} /> : null;
}

const meta = {
  title: "Flows/Wait for transition",
  component: WaitExample,
  render: (args, { loaded }) => <WaitExample {...args} api={loaded["api"] as OnboardingApi} />,
} satisfies Meta<ExampleProps>;
export default meta;
type Story = StoryObj<typeof meta>;

async function checkNow(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const button = await canvas.findByRole("button", { name: "Check now" });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  return canvas;
}

export const WaitingForTheDevice: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Finishing setting up your device" });
    await waitFor(() => expect(canvas.getByRole("button", { name: "Check now" })).toBeEnabled());
    await expect(canvas.getByRole("button", { name: "Leave sign-up" })).toBeEnabled();
  },
};

export const WaitingForTheTariff: Story = {
  args: { waitingFor: "TARIFF_SWITCH" },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole("heading", { name: "Switching you to your new tariff" });
  },
};

export const Checking: Story = {
  args: { first: "hanging" },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Checking…");
  },
};

export const StillWaitingALongTime: Story = {
  args: { minutesLater: 45 },
  play: async ({ canvasElement }) => {
    const canvas = await checkNow(canvasElement);
    await canvas.findByText("This is taking longer than usual");
  },
};

export const FailedWithRetry: Story = {
  args: { first: "failing" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't check how things are going" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeEnabled();
    await expect(canvas.getByRole("button", { name: "Leave sign-up" })).toBeEnabled();
  },
};

export const Done: Story = {
  args: { then: "moved_on" },
  play: async ({ canvasElement }) => {
    const canvas = await checkNow(canvasElement);
    await canvas.findByRole("heading", { name: "Your device is ready" });
  },
};
