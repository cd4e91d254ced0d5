/**
 * A host's own step, written the way a host writes one: a machine, its flow definition, a
 * connect function and a component; then a journey that runs it before Onflex's flows, in
 * an order of the host's choosing. The "custom journey" story and the journey tests both
 * run this one example, so what the docs show is what the tests prove.
 *
 * Not part of the package's build or its published files (`*.example.tsx`).
 */
import { AXLE_PROPOSITIONS } from "@onflex/core";
import { defineFlow, type JourneyDefinition, type PartProps, type Send } from "@onflex/machines";
import { assertEvent, assign, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from "xstate";
import * as z from "zod/mini";
import { Button, StepHeading, TextField } from "../primitives/index.js";
import { StepFrame } from "../step/step-frame.js";
import type { StepComponentProps } from "../step/step.types.js";
import { useDraftedForm } from "../step/use-form-draft.js";
import { useFlowView } from "../step/use-flow.js";

declare module "@onflex/machines" {
  interface JourneyFacts {
    /** A host's own account, given by the "Create your account" step. */
    hostAccount: { userId: string; email: string };
  }
}

export const HostAccount = z.object({ userId: z.string(), email: z.string() });

/** The host's backend call; the flow definition supplies it (`implement`), the machine only names it. */
export type CreateAccount = (email: string) => Promise<{ userId: string }>;

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

/** The "account" flow: gives `hostAccount`, needs nothing; Back into it keeps the email given. */
export function createAccountFlow(createAccount: CreateAccount) {
  return defineFlow({
    id: "account",
    version: 1,
    machine: accountMachine,
    implement: () => ({
      actors: { createAccount: fromPromise<{ userId: string }, { email: string }>(({ input }) => createAccount(input.email)) },
    }),
    needs: [],
    gives: { hostAccount: HostAccount },
    input: ({ previous }) => (previous?.hostAccount ? { email: previous.hostAccount.email } : {}),
    result: (output) => (output ? { status: "done", facts: { hostAccount: output } } : { status: "exited", reason: "user_closed" }),
  });
}

function connectAccount(snapshot: SnapshotFrom<typeof accountMachine>, send: Send<{ type: "ACCOUNT.SUBMIT"; email: string }>) {
  return {
    isCreating: snapshot.matches("creating"),
    email: snapshot.context.email,
    submit: (email: string) => send({ type: "ACCOUNT.SUBMIT", email }),
    getRootProps: (): PartProps => ({ "data-scope": "account", "data-part": "root", "data-state": String(snapshot.value) }),
  };
}

export function AccountStep({ actor }: StepComponentProps) {
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
export const customJourney: JourneyDefinition = {
  id: "host-custom",
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
