import { SANDBOX } from "@onflex/core";
import { AddressStep } from "@onflex/react";
import type { AddressOutput } from "@onflex/machines";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, modes, renderWithOnflex } from "./render.js";

describe.each(modes)("<AddressStep> ($name)", ({ strict }) => {
  it("finds the address and its meter by keyboard alone", async () => {
    const onComplete = vi.fn<(output: AddressOutput) => void>();
    const { user, container } = renderWithOnflex(<AddressStep onComplete={onComplete} />, { strict });
    await expectNoAxeViolations(container);

    await user.tab();
    expect(screen.getByRole("textbox", { name: /postcode/i })).toHaveFocus();
    await user.keyboard(SANDBOX.postcodes.happy.toLowerCase().replace(" ", "") + "{Enter}");

    const heading = await screen.findByRole("heading", { name: "Choose your address" });
    await waitFor(() => expect(heading).toHaveFocus());
    const group = screen.getByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` });
    await expectNoAxeViolations(container);

    const radios = within(group).getAllByRole("radio");
    expect(radios.length).toBeGreaterThanOrEqual(3);
    await user.tab();
    expect(radios[0]).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(radios[1]).toBeChecked();
    await user.tab();
    expect(screen.getByRole("button", { name: "Use this address" })).toHaveFocus();
    await user.keyboard("{Enter}");

    await screen.findByRole("heading", { name: "Address confirmed" });
    expect(onComplete).toHaveBeenCalledTimes(1);
    const output = onComplete.mock.calls[0]![0];
    expect(output.isManual).toBe(false);
    expect(output.meter.mpan).toMatch(/^\d{13}$/);
    expect(output.address.postcode).toBe(SANDBOX.postcodes.happy);
  });

  it("explains an invalid postcode inline and sends no request", async () => {
    const { user, api } = renderWithOnflex(<AddressStep />, { strict });
    const search = vi.spyOn(api.addresses, "search");
    const input = screen.getByRole("textbox", { name: /postcode/i });
    await user.type(input, "QQ1{Enter}");
    const message = await screen.findByText(/too short/i);
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(expect.stringContaining(message.textContent!));
    expect(search).not.toHaveBeenCalled();
  });

  it("shows an error with Retry when the search fails, then recovers", async () => {
    const { user, container } = renderWithOnflex(<AddressStep postcode={SANDBOX.postcodes.failsOnce} />, { strict });
    await user.click(screen.getByRole("button", { name: "Find address" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(/isn't answering/i);
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Choose your address" })).toBeInTheDocument();
  });

  it("lets the user choose between import and export meters", async () => {
    const onComplete = vi.fn<(output: AddressOutput) => void>();
    const { user, container } = renderWithOnflex(<AddressStep postcode={SANDBOX.postcodes.twoMeters} onComplete={onComplete} />, { strict });
    await user.click(screen.getByRole("button", { name: "Find address" }));
    const group = await screen.findByRole("group", { name: /Addresses at/ });
    await user.click(within(group).getAllByRole("radio")[0]!);
    await user.click(screen.getByRole("button", { name: "Use this address" }));
    await screen.findByRole("heading", { name: "Choose your meter" });
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Use this meter" }));
    expect(await screen.findByText("Choose a meter to continue.")).toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: /Export meter/ }));
    await user.click(screen.getByRole("button", { name: "Use this meter" }));
    await screen.findByRole("heading", { name: "Address confirmed" });
    expect(onComplete.mock.calls[0]![0].meter.direction).toBe("export");
  });

  it("takes a manual address and explains a bad MPAN check digit", async () => {
    const onComplete = vi.fn<(output: AddressOutput) => void>();
    const { user, container } = renderWithOnflex(<AddressStep postcode={SANDBOX.postcodes.noAddresses} onComplete={onComplete} />, { strict });
    await user.click(screen.getByRole("button", { name: "Find address" }));
    await screen.findByRole("heading", { name: "No addresses found" });
    await user.click(screen.getByRole("button", { name: "Enter address manually" }));
    await screen.findByRole("heading", { name: "Enter your address and meter number" });
    expect(screen.getByRole("textbox", { name: "Postcode" })).toHaveValue(SANDBOX.postcodes.noAddresses);

    await user.type(screen.getByRole("textbox", { name: "Address line 1" }), "1 Sandbox Row");
    await user.type(screen.getByRole("textbox", { name: "Town or city" }), "London");
    const domestic = SANDBOX.mpans.domestic;
    const wrongCheckDigit = domestic.slice(0, 12) + String((Number(domestic[12]) + 1) % 10);
    const mpan = screen.getByRole("textbox", { name: "MPAN" });
    await user.type(mpan, wrongCheckDigit);
    await user.click(screen.getByRole("button", { name: "Continue" }));

    expect(await screen.findByText(/last digit doesn't match/)).toBeInTheDocument();
    expect(mpan).toHaveAttribute("aria-invalid", "true");
    expect(mpan).toHaveFocus();
    await expectNoAxeViolations(container);

    await user.clear(mpan);
    await user.type(mpan, domestic);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByRole("heading", { name: "Address confirmed" });
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ isManual: true, meter: { mpan: domestic }, address: { line1: "1 Sandbox Row" } });
  });

  it("keeps the manual form editable when no meter has the MPAN", async () => {
    const { user } = renderWithOnflex(<AddressStep postcode={SANDBOX.postcodes.noAddresses} />, { strict });
    await user.click(screen.getByRole("button", { name: "Find address" }));
    await user.click(await screen.findByRole("button", { name: "Enter address manually" }));
    await user.type(screen.getByRole("textbox", { name: "Address line 1" }), "1 Sandbox Row");
    await user.type(screen.getByRole("textbox", { name: "Town or city" }), "London");
    const mpan = screen.getByRole("textbox", { name: "MPAN" });
    await user.type(mpan, SANDBOX.mpans.unknown);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByText(/couldn't find a meter with that MPAN/)).toBeInTheDocument();
    await waitFor(() => expect(mpan).toHaveFocus());
    expect(mpan).toHaveAttribute("aria-invalid", "true");
  });
});
