import { createSandboxApi, SANDBOX_PROGRAM_IDS, SANDBOX_SITES } from "@onflex/core";
import type { Enrollment } from "@onflex/core";
import { bindFlow, manageEnrollmentFlow } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useActorRef } from "@xstate/react";
import { useState } from "react";
import { expect, userEvent, within } from "storybook/test";
import { ManageEnrollmentStep } from "./manage-enrollment-step.js";

/**
 * The enrolment a journey's `enrollment` fact would hold. The step reads it again from the
 * sandbox (the story's `SANDBOX_SITES` fixture), whose first enrolment is always `sbx-enr-1`.
 */
const enrollment = (programId: string = SANDBOX_PROGRAM_IDS.batteryPeak): Enrollment => ({
  id: "sbx-enr-1",
  site_id: "site_sandbox",
  program_id: programId,
  device_ids: ["sbx-dev-battery"],
  status: "ACTIVE",
  enroll_method: "USER_ACTION",
  has_agreed_to_terms_and_conditions: true,
  terms_and_conditions_version: "2026-01",
  program_specific_attributes: [],
  created_at: "2026-11-21T09:30:00.000Z",
});

const meta = {
  title: "Flows/Manage enrollment",
  component: ManageEnrollmentStep,
  args: { enrollment: enrollment() },
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledActive } },
} satisfies Meta<typeof ManageEnrollmentStep>;
export default meta;
type Story = StoryObj<typeof meta>;

const active = { sandbox: { site: SANDBOX_SITES.enrolledActive } };
const evActive = { args: { enrollment: enrollment(SANDBOX_PROGRAM_IDS.evOffPeak) } };

async function currentEvents(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const region = await canvas.findByRole("region", { name: "Upcoming and in progress" });
  return { canvas, events: within(region).getAllByRole("listitem") };
}

async function setReserve(canvasElement: HTMLElement, value: string) {
  const { canvas, events } = await currentEvents(canvasElement);
  const event = within(events[1]!);
  await userEvent.type(event.getByRole("textbox", { name: "Backup reserve for this event (%)" }), value);
  await userEvent.click(event.getByRole("button", { name: "Set reserve" }));
  return canvas;
}

async function review(canvasElement: HTMLElement, program: string) {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole("button", { name: `Leave ${program}` }));
  await canvas.findByRole("heading", { name: `Leave ${program}?` });
  return canvas;
}

export const Loading: Story = {
  parameters: { ...active, holdOperations: ["events.list"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Loading your enrolment…");
  },
};

export const LoadFailed: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledActive, failOnce: ["events.list"] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("heading", { name: "We couldn't load your enrolment" })).toBeVisible();
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const Pending: Story = {
  ...evActive,
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledPending } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("button", { name: "Cancel enrolment" })).toBeVisible();
  },
};

export const ConfirmCancel: Story = {
  ...evActive,
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledPending } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Cancel enrolment" }));
    await expect(await canvas.findByRole("heading", { name: "Cancel your enrolment in Off-Peak EV Charging?" })).toBeVisible();
  },
};

export const Cancelled: Story = {
  ...evActive,
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledPending } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Cancel enrolment" }));
    await userEvent.click(await canvas.findByRole("button", { name: "Yes, cancel it" }));
    await expect(await canvas.findByRole("heading", { name: "Your enrolment is cancelled" })).toBeVisible();
  },
};

export const CancelFailed: Story = {
  ...evActive,
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledPending, failOnce: ["enrollments.cancel"] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Cancel enrolment" }));
    await userEvent.click(await canvas.findByRole("button", { name: "Yes, cancel it" }));
    await expect(await canvas.findByRole("heading", { name: "We couldn't cancel your enrolment" })).toBeVisible();
  },
};

export const ActiveWithEvents: Story = {
  play: async ({ canvasElement }) => {
    const { canvas, events } = await currentEvents(canvasElement);
    await expect(events).toHaveLength(3);
    await expect(within(await canvas.findByRole("region", { name: "Past events" })).getAllByRole("listitem")).toHaveLength(3);
  },
};

export const ConfirmOptOut: Story = {
  play: async ({ canvasElement }) => {
    const { canvas, events } = await currentEvents(canvasElement);
    await userEvent.click(within(events[0]!).getByRole("button", { name: /^Sit out this event/ }));
    await expect(await canvas.findByRole("group", { name: /^Sit out the event/ })).toBeVisible();
  },
};

export const OptedOut: Story = {
  play: async ({ canvasElement }) => {
    const { canvas, events } = await currentEvents(canvasElement);
    await userEvent.click(within(events[0]!).getByRole("button", { name: /^Sit out this event/ }));
    await userEvent.click(within(await canvas.findByRole("group", { name: /^Sit out the event/ })).getByRole("button", { name: "Confirm" }));
    const current = canvas.getByRole("region", { name: "Upcoming and in progress" });
    await expect(await within(current).findByText("No, you're sitting this one out")).toBeVisible();
  },
};

export const ConfirmReserve: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await setReserve(canvasElement, "60");
    await expect(await canvas.findByRole("group", { name: /^Keep 60% in your battery/ })).toBeVisible();
  },
};

export const ReserveOutOfBounds: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await setReserve(canvasElement, "10");
    await expect(await canvas.findByText("Enter a level between 20% and 80%.")).toBeVisible();
  },
};

export const SavingChange: Story = {
  parameters: { ...active, holdOperations: ["events.update"] },
  play: async ({ canvasElement }) => {
    const canvas = await setReserve(canvasElement, "60");
    await userEvent.click(within(await canvas.findByRole("group", { name: /^Keep 60%/ })).getByRole("button", { name: "Confirm" }));
    await expect(await canvas.findByRole("status")).toHaveTextContent("Saving your change…");
  },
};

export const UpdateFailed: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledActive, failOnce: ["events.update"] } },
  play: async ({ canvasElement }) => {
    const canvas = await setReserve(canvasElement, "60");
    await userEvent.click(within(await canvas.findByRole("group", { name: /^Keep 60%/ })).getByRole("button", { name: "Confirm" }));
    await expect(await canvas.findByRole("heading", { name: "We couldn't change the event" })).toBeVisible();
  },
};

/** Within the 12-month commitment: leaving costs the programme's penalty, said before confirming. */
export const UnenrollWithPenalty: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await review(canvasElement, "Peak Battery Rewards");
    await expect(canvas.getByText(/the programme charges US\$50/)).toBeVisible();
  },
};

/** Past the commitment: leaving is free. */
export const UnenrollFree: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.activePastCommitment } },
  play: async ({ canvasElement }) => {
    const canvas = await review(canvasElement, "Peak Battery Rewards");
    await expect(canvas.getByText("Leaving costs nothing.")).toBeVisible();
  },
};

/** A commitment that does not let members leave early: the date, and no way to confirm. */
export const UnenrollNotYet: Story = {
  ...evActive,
  parameters: { sandbox: { site: SANDBOX_SITES.cannotUnenrollYet } },
  play: async ({ canvasElement }) => {
    const canvas = await review(canvasElement, "Off-Peak EV Charging");
    await expect(canvas.queryByRole("button", { name: "Leave the programme" })).toBeNull();
  },
};

export const Unenrolled: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await review(canvasElement, "Peak Battery Rewards");
    await userEvent.click(canvas.getByRole("button", { name: "Leave the programme" }));
    await expect(await canvas.findByRole("heading", { name: "You've left Peak Battery Rewards" })).toBeVisible();
  },
};

export const UnenrollFailed: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledActive, failOnce: ["enrollments.unenroll"] } },
  play: async ({ canvasElement }) => {
    const canvas = await review(canvasElement, "Peak Battery Rewards");
    await userEvent.click(canvas.getByRole("button", { name: "Leave the programme" }));
    await expect(await canvas.findByRole("heading", { name: "We couldn't take you out of the programme" })).toBeVisible();
  },
};

/**
 * The programme refuses although the device's clock says the commitment is over (its own
 * clock says not yet): explained with the date, never as an error code.
 */
export const UnenrollRefused: Story = {
  render: function Refused() {
    const [machine] = useState(() =>
      bindFlow(manageEnrollmentFlow, {
        api: createSandboxApi({ clock: () => new Date("2026-11-21T09:30:00.000Z"), site: SANDBOX_SITES.cannotUnenrollYet }),
        clock: () => new Date("2027-06-01T00:00:00.000Z"),
      }),
    );
    const actor = useActorRef(machine, { input: { enrollment: enrollment(SANDBOX_PROGRAM_IDS.evOffPeak) } });
    return <ManageEnrollmentStep actor={actor} />;
  },
  play: async ({ canvasElement }) => {
    const canvas = await review(canvasElement, "Off-Peak EV Charging");
    await userEvent.click(canvas.getByRole("button", { name: "Leave the programme" }));
    await expect(await canvas.findByRole("heading", { name: "You can't leave Off-Peak EV Charging yet" })).toBeVisible();
    await expect(canvas.queryByRole("alert")).toBeNull();
  },
};

export const Rejected: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.rejected } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("heading", { name: "Peak Battery Rewards didn't accept your enrolment" })).toBeVisible();
  },
};

export const AmericanEnglish: Story = {
  globals: { locale: "en-US" },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("heading", { name: "You're enrolled in Peak Battery Rewards" })).toBeVisible();
  },
};
