import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import { defineFlow, presets, type JourneyDefinition, type PartProps, type Send } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { assertEvent, assign, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from "xstate";
import * as z from "zod/mini";
import { Button, StepHeading, TextField } from "../primitives/index.js";
import { lazyEntry } from "../step/lazy.js";
import { StepFrame } from "../step/step-frame.js";
import type { StepComponentProps } from "../step/step.types.js";
import { useDraftedForm } from "../step/use-form-draft.js";
import { useFlowView } from "../step/use-flow.js";
import { OnboardingFlow } from "./onboarding-flow.js";
import { createMemoryPersistence } from "./persistence.js";

declare module "@onflex/machines" {
  interface JourneyFacts {
    /** A host's own account, given by the "Create your account" step below. */
    hostAccount: { userId: string; email: string };
  }
}

const meta = {
  title: "Flows/Journey",
  component: OnboardingFlow,
  args: { journey: presets.axleSmartCharging, assetModel: SANDBOX.assetModels.qualified },
} satisfies Meta<typeof OnboardingFlow>;
export default meta;
type Story = StoryObj<typeof meta>;

async function chooseFirstAddress(canvasElement: HTMLElement, postcode: string) {
  const canvas = within(canvasElement);
  await userEvent.type(await canvas.findByRole("textbox", { name: /postcode/i }), `${postcode}{Enter}`);
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

/** Blocked: the eligibility flow says the home cannot join (reason "ineligible"). */
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

/** The server decides each next step (`api.wizard`): progress says "Step N" with no total. */
export const ServerDriven: Story = {
  args: { journey: presets.axleSmartChargingServer },
  play: async ({ canvasElement }) => {
    const canvas = await chooseFirstAddress(canvasElement, SANDBOX.postcodes.happy);
    await expect(await canvas.findByRole("region", { name: /terms/ })).toBeVisible();
    await expect(canvas.getByText("Step 3")).toBeVisible();
  },
};

/** The server sends a step this app has no flow for: the journey fails with Retry. */
export const FailedUnsupportedStep: Story = {
  args: {
    journey: { id: "sandbox-unsupported-step", version: 1, source: { type: "server", template: SANDBOX.wizardTemplates.unsupportedStep } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("heading", { name: "Sign-up stopped" })).toBeVisible();
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

/** A step condition that does not hold: the step stays in the progress list, marked skipped. */
export const SkippedStep: Story = {
  args: {
    journey: {
      id: "story-skipped",
      version: 1,
      source: {
        type: "fixed",
        steps: [
          { flow: "address" },
          { flow: "eligibility", params: { require: AXLE_PROPOSITIONS.smartCharging }, when: (facts) => facts.assetModel !== undefined },
          { flow: "consent", params: { proposition: AXLE_PROPOSITIONS.flexLite } },
        ],
      },
    },
  },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(/skipped/)).toBeVisible();
  },
};

/** A step's code that never arrives: the skeleton a slow network shows. */
export const StepLoading: Story = {
  args: { journey: presets.axleFlexLite, steps: { address: lazyEntry<StepComponentProps>(() => new Promise(() => undefined)) } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status", { name: "Loading the next step…" })).toBeInTheDocument();
  },
};

// A host step, as a host writes one: "Create your account", a machine, its flow definition,
// a connect function and a component. Here its backend is a short wait.
const accountMachine = setup({
  types: {
    context: {} as { email: string; userId: string | null },
    events: {} as { type: "ACCOUNT.SUBMIT"; email: string },
    input: {} as { email?: string },
    output: {} as { userId: string; email: string } | null,
  },
  actors: { createAccount: fromPromise<{ userId: string }, { email: string }>(() => Promise.reject(new Error("No account backend."))) },
}).createMachine({
  context: ({ input }) => ({ email: input.email ?? "", userId: null }),
  initial: "editing",
  states: {
    editing: {
      on: {
        "ACCOUNT.SUBMIT": {
          target: "creating",
          actions: assign(({ event }) => {
            assertEvent(event, "ACCOUNT.SUBMIT");
            return { email: event.email };
          }),
        },
      },
    },
    creating: {
      invoke: {
        src: "createAccount",
        input: ({ context }) => ({ email: context.email }),
        onDone: { target: "done", actions: assign(({ event }) => ({ userId: event.output.userId })) },
      },
    },
    done: { type: "final" },
  },
  output: ({ context }) => (context.userId ? { userId: context.userId, email: context.email } : null),
});

const accountFlow = defineFlow({
  id: "account",
  version: 1,
  machine: accountMachine,
  implement: () => ({
    actors: {
      createAccount: fromPromise<{ userId: string }, { email: string }>(
        ({ input }) => new Promise((resolve) => setTimeout(() => resolve({ userId: `story:${input.email}` }), 300)),
      ),
    },
  }),
  needs: [],
  gives: { hostAccount: z.object({ userId: z.string(), email: z.string() }) },
  input: ({ previous }) => (previous?.hostAccount ? { email: previous.hostAccount.email } : {}),
  result: (output) => (output ? { status: "done", facts: { hostAccount: output } } : { status: "exited", reason: "user_closed" }),
});

function connectAccount(snapshot: SnapshotFrom<typeof accountMachine>, send: Send<{ type: "ACCOUNT.SUBMIT"; email: string }>) {
  return {
    isCreating: snapshot.matches("creating"),
    email: snapshot.context.email,
    submit: (email: string) => send({ type: "ACCOUNT.SUBMIT", email }),
    getRootProps: (): PartProps => ({ "data-scope": "account", "data-part": "root", "data-state": String(snapshot.value) }),
  };
}

function AccountStep({ actor }: StepComponentProps) {
  const view = useFlowView(actor as ActorRefFrom<typeof accountMachine>, connectAccount);
  const { register, handleSubmit } = useDraftedForm("account", { defaultValues: { email: view.email } });
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isCreating} status={view.isCreating ? "Creating your account…" : undefined}>
      <StepHeading viewKey="account">Create your account</StepHeading>
      <form noValidate onSubmit={handleSubmit((values) => view.submit(values.email))}>
        <TextField label="Email address" type="email" autoComplete="email" {...register("email")} />
        <div className="onflex-actions">
          <Button type="submit" busy={view.isCreating}>
            Create account
          </Button>
        </div>
      </form>
    </StepFrame>
  );
}

/** The host's account first, then the meter, consent to Flex Lite, and eligibility checked behind them. */
const customJourney: JourneyDefinition = {
  id: "story-custom",
  version: 1,
  source: {
    type: "fixed",
    steps: [
      { flow: "account" },
      { flow: "address" },
      { flow: "consent", params: { proposition: AXLE_PROPOSITIONS.flexLite } },
      { flow: "eligibility", params: { require: AXLE_PROPOSITIONS.flexLite }, background: true },
    ],
  },
};

const hostFlows = [accountFlow];
const hostSteps = { account: AccountStep };

/** A custom journey: a host step ("Create your account") before Onflex's flows, reordered. */
export const CustomJourneyWithHostStep: Story = {
  args: { journey: customJourney },
  // The flow definition holds a machine (not JSON), so it is passed here rather than as an arg.
  render: (args) => <OnboardingFlow {...args} flows={hostFlows} steps={hostSteps} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByRole("textbox", { name: "Email address" }), "ada@example.test{Enter}");
    await expect(await canvas.findByRole("heading", { name: "Find your address" })).toBeVisible();
  },
};
