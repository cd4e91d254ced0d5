import { SANDBOX_PROGRAM_IDS, SANDBOX_SITES } from "@onflex/core";
import type { EnrollmentOutput } from "@onflex/machines";
import { createMemoryPersistence, EnrollmentStep, OnboardingFlow, presets, type JourneyExit, type JourneyHostEvent } from "@onflex/react";
import { render, screen, waitFor, within } from "@testing-library/react";
import fc from "fast-check";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { SafeMarkdown } from "../src/shared/safe-markdown.js";
import { expectNoAxeViolations, modes, renderWithOnflex, sandbox } from "./render.js";

describe.each(modes)("<EnrollmentStep> ($name)", ({ strict }) => {
  it("lists programmes, shows one's details and safe terms, asks for what is missing, enrols, and cancels while pending", async () => {
    const onComplete = vi.fn<(output: EnrollmentOutput) => void>();
    const api = sandbox();
    const { user, container } = renderWithOnflex(<EnrollmentStep onComplete={onComplete} />, { strict, api });

    await screen.findByRole("heading", { name: "Programmes for your home" });
    const list = await screen.findByRole("list", { name: "Programmes for your home" });
    expect(within(list).getAllByRole("heading").map((h) => h.textContent)).toEqual(["Peak Battery Rewards", "Off-Peak EV Charging", "Water Heater Flex"]);
    // Dollars, as a British reader sees them.
    expect(within(list).getByText("US$50 when you join, then US$120 a year")).toBeInTheDocument();
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole("button", { name: "See Water Heater Flex" }));
    const heading = await screen.findByRole("heading", { level: 2, name: "Water Heater Flex" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText("US$60.50")).toBeInTheDocument();
    expect(screen.getByText("6 months")).toBeInTheDocument();
    expect(screen.getByText("November, December, January and February")).toBeInTheDocument();
    expect(screen.getByText("Water heater")).toBeInTheDocument();
    // The terms are Markdown shown as text: the script is words on the page, the javascript: link is no link.
    const terms = screen.getByRole("region", { name: "Terms and conditions" });
    expect(within(terms).getByText("3 hours").tagName).toBe("STRONG");
    expect(within(terms).getAllByRole("listitem")).toHaveLength(2);
    expect(container.querySelector("script")).toBeNull();
    expect(terms).toHaveTextContent("<script>alert('terms are text, never HTML')</script>");
    expect(within(terms).getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual(["https://example.com/water-heater-flex"]);
    await expectNoAxeViolations(container);

    // Enrol without agreeing: told why, focus on the checkbox.
    await user.click(screen.getByRole("button", { name: "Enrol" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Tick the box to confirm you agree to the terms.");
    const agree = screen.getByRole("checkbox", { name: "I have read and agree to the terms and conditions of Water Heater Flex" });
    expect(agree).toHaveFocus();
    await user.click(agree);
    await user.click(screen.getByRole("button", { name: "Enrol" }));

    await screen.findByRole("heading", { name: "A few more details" });
    await user.click(screen.getByRole("button", { name: "Save and enrol" }));
    expect(await screen.findAllByText("Enter this to continue.")).not.toHaveLength(0);
    await user.type(screen.getByRole("textbox", { name: "Street address" }), "1 Sandbox Way");
    await user.type(screen.getByRole("textbox", { name: "City" }), "Testville");
    await user.click(within(screen.getByRole("group", { name: "Is the heater in a heated space?" })).getByRole("radio", { name: "No" }));
    await user.type(screen.getByRole("textbox", { name: "Tank size (gallons)" }), "fifty");
    await user.type(screen.getByRole("textbox", { name: "Heater serial number" }), "WH-1234");
    await user.click(screen.getByRole("button", { name: "Save and enrol" }));
    expect(await screen.findByText("Enter a number.")).toBeInTheDocument();
    await user.clear(screen.getByRole("textbox", { name: "Tank size (gallons)" }));
    await user.type(screen.getByRole("textbox", { name: "Tank size (gallons)" }), "50");
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Save and enrol" }));

    await screen.findByRole("heading", { name: "Your enrolment in Water Heater Flex is pending" });
    expect(api.simulation.site()).toMatchObject({ street_address: "1 Sandbox Way", city: "Testville" });
    expect(api.simulation.enrollments()[0]).toMatchObject({
      status: "PENDING",
      program_specific_attributes: [
        { name: "heated_space", value: false },
        { name: "tank_gallons", value: 50 },
        { name: "heater_serial", value: "WH-1234" },
      ],
    });
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Cancel enrolment" }));
    expect(await screen.findByText("Your enrolment in Water Heater Flex was cancelled. You can choose a programme again.")).toBeInTheDocument();
    expect(api.simulation.enrollments()[0]?.status).toBe("UNENROLLED");
    expect(onComplete).not.toHaveBeenCalled();
  });

  it("88803: says kindly there is no programme and what happens next", async () => {
    renderWithOnflex(<EnrollmentStep />, { strict, api: sandbox({ site: SANDBOX_SITES.noPrograms }) });
    await screen.findByRole("heading", { name: "No programmes for your home yet" });
    expect(screen.getByText("There aren't any programmes for your home's devices at 88803 right now.")).toBeInTheDocument();
    expect(screen.getByText(/Nothing has been signed up/)).toBeInTheDocument();
  });

  it("asks for a ZIP code the site lacks, refusing one that is not five digits", async () => {
    const { user } = renderWithOnflex(<EnrollmentStep />, { strict, api: sandbox({ site: SANDBOX_SITES.noZipCode }) });
    const zip = await screen.findByRole("textbox", { name: "ZIP code" });
    await user.type(zip, "8880");
    await user.click(screen.getByRole("button", { name: "Find programmes" }));
    expect(await screen.findByText("Enter a 5-digit ZIP code.")).toBeInTheDocument();
    await user.clear(zip);
    await user.type(zip, "88801{Enter}");
    await screen.findByRole("button", { name: "See Summer Thermostat Saver" });
  });

  it("a failed load offers Try again, which works", async () => {
    const { user } = renderWithOnflex(<EnrollmentStep />, { strict, api: sandbox({ failOnce: ["programs.list"] }) });
    await screen.findByRole("heading", { name: "We couldn't load the programmes" });
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("button", { name: "See Peak Battery Rewards" });
  });

  it("an ACTIVE enrolment completes at once", async () => {
    const onComplete = vi.fn<(output: EnrollmentOutput) => void>();
    renderWithOnflex(<EnrollmentStep onComplete={onComplete} />, { strict, api: sandbox({ site: SANDBOX_SITES.enrolledActive }) });
    await screen.findByRole("heading", { name: "You're enrolled" });
    expect(screen.getByText("Your enrolment is active.")).toBeInTheDocument();
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ outcome: "enrolled", enrollment: { program_id: SANDBOX_PROGRAM_IDS.batteryPeak } });
  });

  it("in a journey (flipEnrollment), 88803 shows the no_programs screen, and leaving says it was blocked", async () => {
    const onExit = vi.fn<(exit: JourneyExit) => void>();
    const { user, container } = renderWithOnflex(<OnboardingFlow journey={presets.flipEnrollment} onExit={onExit} />, {
      strict,
      api: sandbox({ site: SANDBOX_SITES.noPrograms }),
    });
    const heading = await screen.findByRole("heading", { name: "No programmes for your home yet" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText("There aren't any programmes for your home's devices at 88803 right now.")).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Leave for now" }));
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(onExit.mock.calls[0]![0]).toMatchObject({ reason: "blocked", blocked: { reason: "no_programs", details: { zipCode: "88803" } } });
  });

  it("in a journey (flipEnrollment), enrolling leads to managing the pending enrolment, and Done completes it with the enrollment fact; onEvent hears the enrolment once, as the flow's notice", async () => {
    const onComplete = vi.fn();
    const onEvent = vi.fn<(event: JourneyHostEvent) => void>();
    const { user } = renderWithOnflex(<OnboardingFlow journey={presets.flipEnrollment} onComplete={onComplete} onEvent={onEvent} />, {
      strict,
      api: sandbox({ site: SANDBOX_SITES.complete }),
    });
    await user.click(await screen.findByRole("button", { name: "See Summer Thermostat Saver" }));
    await user.click(await screen.findByRole("checkbox", { name: /I have read and agree/ }));
    await user.click(screen.getByRole("button", { name: "Enrol" }));
    await user.click(await screen.findByRole("button", { name: "Done" }));
    // Managing it comes next: pending, so it can still be cancelled.
    await screen.findByRole("heading", { name: /^Your enrolment in .+ is pending$/ });
    expect(onComplete).not.toHaveBeenCalled();
    await user.click(await screen.findByRole("button", { name: "Done" }));
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ facts: { enrollment: { status: "PENDING", program_id: SANDBOX_PROGRAM_IDS.thermostatSummer } } });
    const notices = onEvent.mock.calls.map(([event]) => event).filter((event) => event.type === "notice");
    const enrollmentId = (onComplete.mock.calls[0]![0] as { facts: { enrollment: { id: string } } }).facts.enrollment.id;
    expect(notices).toEqual([{ type: "notice", flow: "enrollment", stepId: "enrollment", notice: { change: "enrolled", enrollmentId, programId: SANDBOX_PROGRAM_IDS.thermostatSummer } }]);
    // Narrowed by `flow`: the enrolment flow's notice is typed.
    const [notice] = notices;
    if (notice?.type === "notice" && notice.flow === "enrollment") expect(notice.notice.change).toBe("enrolled");
  });

  it("in a journey, what the user typed into the missing details survives a reload", async () => {
    const storage = createMemoryPersistence();
    const api = sandbox();
    const first = renderWithOnflex(<OnboardingFlow journey={presets.flipEnrollment} persistence={storage} />, { strict, api });
    await first.user.click(await screen.findByRole("button", { name: "See Water Heater Flex" }));
    await first.user.click(await screen.findByRole("checkbox", { name: "I have read and agree to the terms and conditions of Water Heater Flex" }));
    await first.user.click(screen.getByRole("button", { name: "Enrol" }));
    await first.user.type(await screen.findByRole("textbox", { name: "Street address" }), "1 Sandbox Way");
    await waitFor(() => expect(storage.value).toContain("1 Sandbox Way"));
    first.unmount();

    renderWithOnflex(<OnboardingFlow journey={presets.flipEnrollment} persistence={storage} />, { strict, api });
    expect(await screen.findByRole("textbox", { name: "Street address" })).toHaveValue("1 Sandbox Way");
  });

  it("speaks American English and formats dollars for en-US", async () => {
    renderWithOnflex(<EnrollmentStep />, { strict, locale: "en-US" });
    await screen.findByRole("heading", { name: "Programs for your home" });
    expect(screen.getByText("$50 when you join, then $120 a year")).toBeInTheDocument();
  });
});

describe("SafeMarkdown", () => {
  it("renders a small subset as elements and everything else as text", () => {
    const { container } = render(<SafeMarkdown source={"# T\n\n<img src=x onerror=alert(1)> **b** _i_ `c`\n\n1. one\n2. two\n\n[x](data:text/html,hi) [y](mailto:a@b.co)"} />);
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByRole("heading", { level: 3, name: "T" })).toBeInTheDocument();
    expect(container.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    expect(screen.getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual(["mailto:a@b.co"]);
    expect(container.textContent).toContain("[x](data:text/html,hi)");
  });

  it("whatever the source, renders only its few elements, and links only to http(s) or mailto", () => {
    const pieces = fc.constantFrom("# ", "- ", "1. ", "**", "*", "_", "`", "[", "](", ")", "\n", "\n\n", "<script>", "</p>", "<a href=x>", "javascript:", "https://x.test/", "mailto:a@b.co", "data:", "&lt;", '"', "x", " ");
    const urls = fc.constantFrom("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x", "//evil.test/", "/relative", "https://x.test/", "mailto:a@b.co", "http://x.test/");
    const links = fc.tuple(fc.string({ maxLength: 6 }), urls).map(([text, url]) => `[${text || "t"}](${url})`);
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, links, fc.string({ maxLength: 4 })), { maxLength: 40 }), (parts) => {
        const html = renderToStaticMarkup(<SafeMarkdown source={parts.join("")} />);
        const doc = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html");
        for (const element of doc.body.querySelectorAll("*")) {
          expect(["DIV", "H3", "H4", "H5", "H6", "P", "UL", "OL", "LI", "STRONG", "EM", "CODE", "A"]).toContain(element.tagName);
          for (const attribute of element.getAttributeNames()) expect(["href", "target", "rel"]).toContain(attribute);
          const href = element.getAttribute("href");
          if (href !== null) expect(href).toMatch(/^(https?:|mailto:)/);
        }
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });
});
