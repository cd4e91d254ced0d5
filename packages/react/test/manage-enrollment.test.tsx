import { createSandboxApi, SANDBOX_SITES } from "@onflex/core";
import type { Enrollment, OnboardingApi, SandboxSite } from "@onflex/core";
import type { ManageEnrollmentOutput } from "@onflex/machines";
import { ManageEnrollmentStep } from "@onflex/react";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, modes, renderWithOnflex } from "./render.js";

const NOW = new Date("2026-07-14T15:00:00.000Z");
const clock = () => NOW;

async function setUp(site: SandboxSite, api?: OnboardingApi) {
  const backend = createSandboxApi({ clock, site });
  const enrollment = (await backend.enrollments.list({})).enrollments[0] as Enrollment;
  return { backend, api: api ?? backend, enrollment };
}

describe.each(modes)("<ManageEnrollmentStep> ($name)", ({ strict }) => {
  it("lists an active enrolment's events in the home's time zone; opts out of one and sets another's reserve, each confirmed", { timeout: 60_000 }, async () => {
    const { backend, enrollment } = await setUp(SANDBOX_SITES.enrolledActive);
    const onComplete = vi.fn<(output: ManageEnrollmentOutput) => void>();
    const { user, container } = renderWithOnflex(<ManageEnrollmentStep enrollment={enrollment} onComplete={onComplete} />, { strict, api: backend, clock });

    await screen.findByRole("heading", { level: 2, name: "You're enrolled in Peak Battery Rewards" });
    const current = screen.getByRole("region", { name: "Upcoming and in progress" });
    const past = screen.getByRole("region", { name: "Past events" });
    const events = within(current).getAllByRole("listitem");
    expect(events).toHaveLength(3);
    expect(within(past).getAllByRole("listitem")).toHaveLength(3);
    // New Mexico keeps Mountain time (GMT-6 in July, as en-GB names it): the event in progress runs 08:30–10:30 there.
    expect(within(events[0]!).getByRole("heading", { level: 4 })).toHaveTextContent(/^Tue 14 Jul, 08:30\s*–\s*10:30 GMT-6$/);
    expect(within(events[0]!).getByText("In progress")).toBeInTheDocument();
    expect(within(events[0]!).getByText("25% (the programme's level)")).toBeInTheDocument();
    expect(within(events[2]!).getByText("40% (set for this event)")).toBeInTheDocument();
    expect(within(past).getByText("Called off")).toBeInTheDocument();
    expect(within(past).queryByRole("button")).toBeNull();
    await expectNoAxeViolations(container);

    // Opt out: asked first; "Don't change it" sends nothing.
    await user.click(within(events[0]!).getByRole("button", { name: /^Sit out this event/ }));
    const confirm = await screen.findByRole("group", { name: /^Sit out the event Tue 14 Jul/ });
    await waitFor(() => expect(within(confirm).getByRole("heading")).toHaveFocus());
    await expectNoAxeViolations(container);
    await user.click(within(confirm).getByRole("button", { name: "Don't change it" }));
    expect((await backend.events.list({ status: "IN_PROGRESS" })).events[0]?.is_participating).toBe(true);
    await user.click(within(screen.getByRole("region", { name: "Upcoming and in progress" })).getAllByRole("button", { name: /^Sit out this event/ })[0]!);
    await user.click(within(await screen.findByRole("group", { name: /^Sit out the event/ })).getByRole("button", { name: "Confirm" }));
    await waitFor(async () => expect((await backend.events.list({ status: "IN_PROGRESS" })).events[0]?.is_participating).toBe(false));
    const first = () => within(screen.getByRole("region", { name: "Upcoming and in progress" })).getAllByRole("listitem")[0]!;
    expect(await within(first()).findByText("No, you're sitting this one out")).toBeInTheDocument();
    expect(within(first()).getByRole("button", { name: /^Take part again/ })).toBeInTheDocument();

    // A reserve out of bounds is refused beside the field, what was typed stays; then a good one.
    const second = () => within(screen.getByRole("region", { name: "Upcoming and in progress" })).getAllByRole("listitem")[1]!;
    const field = within(second()).getByRole("textbox", { name: "Backup reserve for this event (%)" });
    expect(field).toHaveAccessibleDescription(/Between 20% and 80%\. Leave empty to use the programme's 25%\./);
    await user.type(field, "10");
    await user.click(within(second()).getByRole("button", { name: "Set reserve" }));
    expect(await within(second()).findByText("Enter a level between 20% and 80%.")).toBeInTheDocument();
    expect(within(second()).getByRole("textbox", { name: "Backup reserve for this event (%)" })).toHaveValue("10");
    await user.clear(within(second()).getByRole("textbox", { name: "Backup reserve for this event (%)" }));
    await user.type(within(second()).getByRole("textbox", { name: "Backup reserve for this event (%)" }), "ten");
    await user.click(within(second()).getByRole("button", { name: "Set reserve" }));
    expect(await within(second()).findByText("Enter a whole number.")).toBeInTheDocument();
    await user.clear(within(second()).getByRole("textbox", { name: "Backup reserve for this event (%)" }));
    await user.type(within(second()).getByRole("textbox", { name: "Backup reserve for this event (%)" }), "60");
    await user.click(within(second()).getByRole("button", { name: "Set reserve" }));
    await user.click(within(await screen.findByRole("group", { name: /^Keep 60% in your battery for the event/ })).getByRole("button", { name: "Confirm" }));
    expect(await within(second()).findByText("60% (set for this event)")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Done" }));
    await screen.findByRole("heading", { name: "All set" });
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject({ outcome: "kept", changes: [{ type: "opted_out" }, { type: "reserve_set", percentage: 60 }] });
  });

  it("explains the commitment and the penalty before leaving, then leaves", { timeout: 20_000 }, async () => {
    const { backend, enrollment } = await setUp(SANDBOX_SITES.enrolledActive);
    const onComplete = vi.fn<(output: ManageEnrollmentOutput) => void>();
    const { user, container } = renderWithOnflex(<ManageEnrollmentStep enrollment={enrollment} onComplete={onComplete} />, { strict, api: backend, clock });
    await user.click(await screen.findByRole("button", { name: "Leave Peak Battery Rewards" }));
    const heading = await screen.findByRole("heading", { name: "Leave Peak Battery Rewards?" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText("Peak Battery Rewards has a minimum commitment of 12 months, until 14 July 2027.")).toBeInTheDocument();
    expect(screen.getByText("If you leave now, before it ends, the programme charges US$50.")).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Leave the programme" }));
    await screen.findByRole("heading", { name: "You've left Peak Battery Rewards" });
    expect(screen.getByText("The programme will charge the early-leaving fee of US$50.")).toBeInTheDocument();
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject({ outcome: "unenrolled", penalty: 50 });
    expect(backend.simulation.enrollments()[0]?.status).toBe("UNENROLLED");
  });

  it("a commitment that refuses early leavers: the date, no way to confirm; a refusal from the server is explained, not an error code", { timeout: 20_000 }, async () => {
    const { backend, enrollment } = await setUp(SANDBOX_SITES.cannotUnenrollYet);
    const { user, unmount } = renderWithOnflex(<ManageEnrollmentStep enrollment={enrollment} />, { strict, api: backend, clock });
    await user.click(await screen.findByRole("button", { name: "Leave Off-Peak EV Charging" }));
    await screen.findByRole("heading", { name: "Leave Off-Peak EV Charging?" });
    expect(screen.getByText("The programme doesn't let members leave before the commitment ends. You can leave from 4 October 2026.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Leave the programme" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Stay enrolled" }));
    await screen.findByRole("heading", { name: "You're enrolled in Off-Peak EV Charging" });
    unmount();

    // The device's clock is past the commitment; the programme's is not.
    const later = () => new Date("2027-01-01T00:00:00.000Z");
    const second = renderWithOnflex(<ManageEnrollmentStep enrollment={enrollment} />, { strict, api: backend, clock: later });
    await second.user.click(await screen.findByRole("button", { name: "Leave Off-Peak EV Charging" }));
    await second.user.click(await screen.findByRole("button", { name: "Leave the programme" }));
    await screen.findByRole("heading", { name: "You can't leave Off-Peak EV Charging yet" });
    expect(screen.getByText(/minimum commitment of 3 months\. You can leave from 4 October 2026; until then you stay enrolled/)).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
    await expectNoAxeViolations(second.container);
    await second.user.click(screen.getByRole("button", { name: "Back" }));
    await screen.findByRole("heading", { name: "You're enrolled in Off-Peak EV Charging" });
  });

  it("a pending enrolment: cancel asks first; a failure offers Retry and Back", { timeout: 20_000 }, async () => {
    const { backend, enrollment } = await setUp(SANDBOX_SITES.enrolledPending);
    let fail = true;
    const api: OnboardingApi = {
      ...backend,
      enrollments: {
        ...backend.enrollments,
        cancel: (input, options) => {
          if (fail) {
            fail = false;
            return Promise.reject(Object.assign(new Error("down"), { name: "Error" }));
          }
          return backend.enrollments.cancel(input, options);
        },
      },
    };
    const onComplete = vi.fn<(output: ManageEnrollmentOutput) => void>();
    const { user, container } = renderWithOnflex(<ManageEnrollmentStep enrollment={enrollment} onComplete={onComplete} />, { strict, api, clock });
    await screen.findByRole("heading", { name: "Your enrolment in Off-Peak EV Charging is pending" });
    await user.click(screen.getByRole("button", { name: "Cancel enrolment" }));
    await screen.findByRole("heading", { name: "Cancel your enrolment in Off-Peak EV Charging?" });
    await user.click(screen.getByRole("button", { name: "Yes, cancel it" }));
    await screen.findByRole("heading", { name: "We couldn't cancel your enrolment" });
    expect(screen.getByRole("alert")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Back" })).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("heading", { name: "Your enrolment is cancelled" });
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject({ outcome: "cancelled" });
  });

  it("a rejected enrolment is explained, with Done", async () => {
    const { backend, enrollment } = await setUp(SANDBOX_SITES.rejected);
    const { user } = renderWithOnflex(<ManageEnrollmentStep enrollment={enrollment} />, { strict, api: backend, clock });
    await screen.findByRole("heading", { name: "Peak Battery Rewards didn't accept your enrolment" });
    await user.click(screen.getByRole("button", { name: "Done" }));
    await screen.findByRole("heading", { name: "All set" });
  });
});

describe("<ManageEnrollmentStep> in American English", () => {
  it("says program and enrollment", async () => {
    const { backend, enrollment } = await setUp(SANDBOX_SITES.enrolledPending);
    renderWithOnflex(<ManageEnrollmentStep enrollment={enrollment} />, { api: backend, clock, locale: "en-US" });
    await screen.findByRole("heading", { name: "Your enrollment in Off-Peak EV Charging is pending" });
    expect(screen.getByRole("button", { name: "Cancel enrollment" })).toBeInTheDocument();
  });
});
