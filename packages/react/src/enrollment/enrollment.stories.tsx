import { SANDBOX_SITES } from "@onflex/core";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { EnrollmentStep } from "./enrollment-step.js";
import { NoProgramsScreen } from "./no-programs-screen.js";

const meta = {
  title: "Flows/Enrollment",
  component: EnrollmentStep,
  args: {},
} satisfies Meta<typeof EnrollmentStep>;
export default meta;
type Story = StoryObj<typeof meta>;

async function open(canvasElement: HTMLElement, program: string) {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole("button", { name: `See ${program}` }));
  await canvas.findByRole("heading", { level: 2, name: program });
  return canvas;
}

async function agreeAndEnrol(canvas: ReturnType<typeof within>) {
  await userEvent.click(canvas.getByRole("checkbox", { name: /I have read and agree/ }));
  await userEvent.click(canvas.getByRole("button", { name: "Enrol" }));
}

export const Loading: Story = {
  parameters: { holdOperations: ["programs.list"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent(/Finding programmes/);
  },
};

export const ProgramList: Story = {
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("button", { name: "See Off-Peak EV Charging" })).toBeVisible();
  },
};

export const ListFailed: Story = {
  parameters: { sandbox: { failOnce: ["programs.list"] } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("heading", { name: "We couldn't load the programmes" })).toBeVisible();
  },
};

export const AskZipCode: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.noZipCode } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("textbox", { name: "ZIP code" })).toBeVisible();
  },
};

export const NoPrograms: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.noPrograms } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("heading", { name: "No programmes for your home yet" })).toBeVisible();
  },
};

export const Details: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await open(canvasElement, "Water Heater Flex");
    await expect(canvas.getByRole("region", { name: "Terms and conditions" })).toHaveTextContent("<script>");
  },
};

export const MustAgree: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await open(canvasElement, "Peak Battery Rewards");
    await userEvent.click(canvas.getByRole("button", { name: "Enrol" }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/Tick the box/);
  },
};

export const MissingInformation: Story = {
  play: async ({ canvasElement }) => {
    const canvas = await open(canvasElement, "Off-Peak EV Charging");
    await agreeAndEnrol(canvas);
    await expect(await canvas.findByRole("heading", { name: "A few more details" })).toBeVisible();
    await expect(canvas.getByRole("group", { name: "Do you have solar panels?" })).toBeVisible();
  },
};

export const Enrolling: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.complete }, holdOperations: ["enrollments.create"] },
  play: async ({ canvasElement }) => {
    const canvas = await open(canvasElement, "Summer Thermostat Saver");
    await agreeAndEnrol(canvas);
    await expect(await canvas.findByRole("status")).toHaveTextContent(/Enrolling you in Summer Thermostat Saver/);
  },
};

export const EnrolFailed: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.complete, failOnce: ["enrollments.create"] } },
  play: async ({ canvasElement }) => {
    const canvas = await open(canvasElement, "Summer Thermostat Saver");
    await agreeAndEnrol(canvas);
    await expect(await canvas.findByRole("heading", { name: "We couldn't enrol you" })).toBeVisible();
  },
};

export const Pending: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.complete } },
  play: async ({ canvasElement }) => {
    const canvas = await open(canvasElement, "Summer Thermostat Saver");
    await agreeAndEnrol(canvas);
    await expect(await canvas.findByRole("button", { name: "Cancel enrolment" })).toBeVisible();
  },
};

export const Cancelled: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.complete } },
  play: async ({ canvasElement }) => {
    const canvas = await open(canvasElement, "Summer Thermostat Saver");
    await agreeAndEnrol(canvas);
    await userEvent.click(await canvas.findByRole("button", { name: "Cancel enrolment" }));
    await expect(await canvas.findByText(/was cancelled/)).toBeVisible();
  },
};

export const CancelFailed: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledPending, failOnce: ["enrollments.cancel"] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Cancel enrolment" }));
    await expect(await canvas.findByRole("heading", { name: "We couldn't cancel your enrolment" })).toBeVisible();
  },
};

export const AlreadyEnrolled: Story = {
  parameters: { sandbox: { site: SANDBOX_SITES.enrolledActive } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("heading", { name: "You're enrolled" })).toBeVisible();
  },
};

export const AmericanEnglish: Story = {
  globals: { locale: "en-US" },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("heading", { name: "Programs for your home" })).toBeVisible();
  },
};

/** A programme's details in German (de-DE): dollars, months and the commitment's plural from Intl and ICU. */
export const ProgramDetailsInGerman: Story = {
  globals: { locale: "de-DE" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Water Heater Flex ansehen" }));
    await expect(await canvas.findByRole("heading", { level: 2, name: "Water Heater Flex" })).toBeVisible();
    await expect(canvas.getByText("6 Monate")).toBeVisible();
  },
};

/** The journey's screen when the enrollment flow is blocked (reason "no_programs"). */
export const NoProgramsOutcome: Story = {
  render: () => (
    <NoProgramsScreen blocked={{ stepId: "enrollment", flow: "enrollment", reason: "no_programs", details: { zipCode: "88803" } }} canGoBack back={() => {}} exit={() => {}} />
  ),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("button", { name: "Leave for now" })).toBeVisible();
  },
};
