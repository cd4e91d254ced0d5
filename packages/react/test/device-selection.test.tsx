import { Meter, SANDBOX } from "@onflex/core";
import type { DeviceSelectionOutput, JourneyDefinition } from "@onflex/machines";
import { DeviceSelectionStep, OnboardingFlow } from "@onflex/react";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { chooseByKeyboard, expectNoAxeViolations, modes, renderWithOnflex, sandbox, type User } from "./render.js";

async function pickType(user: User, type: string) {
  await user.click(await screen.findByRole("radio", { name: type }));
  await user.click(screen.getByRole("button", { name: "Continue" }));
}

type Pick = { make: string; model: string };

/** An electric car, then its make and model and the charger's by keyboard, up to the charger's Continue (not pressed). */
async function chooseCarAndCharger(user: User, vehicle: Pick, charger: Pick) {
  await pickType(user, "Electric car");
  await chooseByKeyboard(user, "Car make", vehicle.make, vehicle.make);
  await chooseByKeyboard(user, "Car model", vehicle.model, vehicle.model);
  await user.click(screen.getByRole("button", { name: "Continue" }));
  await chooseByKeyboard(user, "Charger make", charger.make, charger.make);
  await chooseByKeyboard(user, "Charger model", charger.model, charger.model);
}

describe.each(modes)("<DeviceSelectionStep> ($name)", ({ strict }) => {
  it("chooses the car and the charger by keyboard, explains why the car, and registers it", async () => {
    const onComplete = vi.fn<(output: DeviceSelectionOutput) => void>();
    const { user, container } = renderWithOnflex(<DeviceSelectionStep mpan={SANDBOX.mpans.domestic} onComplete={onComplete} />, { strict });
    const group = await screen.findByRole("group", { name: "Devices your home can connect" });
    expect(within(group).getAllByRole("radio").map((radio) => radio.getAttribute("value"))).toEqual(["ELECTRIC_VEHICLES", "CHARGE_POINTS", "BATTERIES", "HEAT_PUMPS"]);
    await expectNoAxeViolations(container);
    await pickType(user, "Electric car");

    await screen.findByRole("heading", { name: "Your electric car" });
    await chooseByKeyboard(user, "Car make", "tes", "Tesla");
    await expectNoAxeViolations(container);
    await chooseByKeyboard(user, "Car model", "model 3", "Model 3");
    await user.keyboard("{Enter}");

    await screen.findByRole("heading", { name: "Your charger" });
    await chooseByKeyboard(user, "Charger make", "ohm", "Ohme");
    await chooseByKeyboard(user, "Charger model", "pro", "Home Pro");
    await user.click(screen.getByRole("button", { name: "Continue" }));

    const heading = await screen.findByRole("heading", { name: "We'll connect your Tesla Model 3" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText(/tells us how full the battery is/)).toBeInTheDocument();
    expect(screen.getByText(/your Ohme Home Pro stays as it is/)).toBeInTheDocument();
    expect(screen.getByText(/sign in to your Tesla account/)).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Connect this device" }));

    await screen.findByRole("heading", { name: "Your Tesla Model 3 is registered" });
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ outcome: "registered", reason: "state_of_charge", device: { provider: "TESLA", status: "ONBOARDING" } });
  });

  it("filters as the user types, moves with the arrows, and Escape closes then clears", async () => {
    const { user } = renderWithOnflex(<DeviceSelectionStep mpan={SANDBOX.mpans.domestic} />, { strict });
    await pickType(user, "Electric car charger");
    const combobox = await screen.findByRole("combobox", { name: "Car make" });
    await user.click(combobox);
    expect(screen.getAllByRole("option").length).toBeGreaterThanOrEqual(24);
    await user.keyboard("vol");
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual(["Volkswagen", "Volvo"]);
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(combobox).toHaveAttribute("aria-activedescendant", screen.getByRole("option", { name: "Volvo" }).id);
    await user.keyboard("{ArrowDown}");
    expect(combobox).toHaveAttribute("aria-activedescendant", screen.getByRole("option", { name: "Volkswagen" }).id);
    await user.keyboard("{ArrowUp}");
    expect(combobox).toHaveAttribute("aria-activedescendant", screen.getByRole("option", { name: "Volvo" }).id);
    await user.keyboard("{Escape}");
    expect(combobox).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("option")).toBeNull();
    expect(combobox).toHaveValue("vol");
    await user.keyboard("{Escape}");
    expect(combobox).toHaveValue("");
    await user.keyboard("zzz");
    expect(screen.queryByRole("option")).toBeNull();
    expect(screen.getByText(/Nothing matches/)).toBeInTheDocument();
  });

  it("an unsupported combination ends with why and what to do", async () => {
    const onComplete = vi.fn<(output: DeviceSelectionOutput) => void>();
    const { user, container } = renderWithOnflex(<DeviceSelectionStep mpan={SANDBOX.mpans.domestic} onComplete={onComplete} />, { strict });
    const { vehicle, charger } = SANDBOX.devices.unsupportedCombination;
    await chooseCarAndCharger(user, vehicle, charger);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByRole("heading", { name: "We can't connect your device yet" });
    expect(screen.getByText(/your car \(MG ZS EV\) or your charger \(Andersen A2\)/)).toBeInTheDocument();
    expect(screen.getByText(/What you can do/)).toBeInTheDocument();
    await expectNoAxeViolations(container);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ outcome: "unsupported", case: "unsupported_combination" });
  });

  it("a make list that fails shows Try again, which loads it", async () => {
    const { user, container } = renderWithOnflex(<DeviceSelectionStep mpan={SANDBOX.mpans.domestic} />, { strict, api: sandbox({ failOnce: ["devices.makes"] }) });
    await pickType(user, "Electric car");
    expect(await screen.findByRole("alert")).toHaveTextContent(/isn't answering/);
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("combobox", { name: "Car make" })).toBeEnabled();
  });

  it("my car isn't listed: the charger decides, and Continue without a model says what to do", async () => {
    const { user } = renderWithOnflex(<DeviceSelectionStep mpan={SANDBOX.mpans.domestic} />, { strict });
    await pickType(user, "Electric car");
    await user.click(await screen.findByRole("button", { name: "My car isn't listed" }));
    await screen.findByRole("heading", { name: "Your charger" });
    await chooseByKeyboard(user, "Charger make", "zap", "Zaptec");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByText(/Choose your model/)).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Charger model" })).toHaveAttribute("aria-invalid", "true");
    await chooseByKeyboard(user, "Charger model", "go 2", "Go 2");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByRole("heading", { name: "We'll connect your Zaptec Go 2" });
    expect(screen.getByText(/You told us your car isn't listed/)).toBeInTheDocument();
  });
});

/** Device selection for a known meter, as a host's journey would place it after the address. */
const selectionJourney: JourneyDefinition = {
  id: "device-selection-test",
  version: 1,
  inputs: { meter: Meter },
  source: { type: "fixed", steps: [{ flow: "deviceSelection" }] },
};

describe.each(modes)("<OnboardingFlow> with device selection ($name)", ({ strict }) => {
  it("Back from the charger picker keeps the charger chosen, and going forward shows it again", async () => {
    const api = sandbox();
    const meter = await api.meters.byMpan({ mpan: SANDBOX.mpans.domestic });
    const { user } = renderWithOnflex(<OnboardingFlow journey={selectionJourney} facts={{ meter }} />, { strict, api });
    const { vehicle, charger } = SANDBOX.devices.carPreferred;
    await chooseCarAndCharger(user, vehicle, charger);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByRole("heading", { name: "We'll connect your Tesla Model 3" });
    await user.click(screen.getByRole("button", { name: "Change my answers" }));
    expect(await screen.findByRole("combobox", { name: "Charger model" })).toHaveValue(charger.model);
    await user.click(screen.getAllByRole("button", { name: "Back" })[0]!);
    expect(await screen.findByRole("combobox", { name: "Car model" })).toHaveValue(vehicle.model);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByRole("combobox", { name: "Charger model" })).toHaveValue(charger.model);
    expect(screen.getByRole("combobox", { name: "Charger make" })).toHaveValue(charger.make);
  });

  it("a model taken in the charger list but not yet sent is still there after Back and Continue", async () => {
    const api = sandbox();
    const meter = await api.meters.byMpan({ mpan: SANDBOX.mpans.domestic });
    const { user } = renderWithOnflex(<OnboardingFlow journey={selectionJourney} facts={{ meter }} />, { strict, api });
    const { vehicle, charger } = SANDBOX.devices.carPreferred;
    await chooseCarAndCharger(user, vehicle, charger);
    await user.click(screen.getAllByRole("button", { name: "Back" })[0]!);
    expect(await screen.findByRole("combobox", { name: "Car model" })).toHaveValue(vehicle.model);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByRole("combobox", { name: "Charger model" })).toHaveValue(charger.model);
    expect(screen.getByRole("combobox", { name: "Charger make" })).toHaveValue(charger.make);
  });

  it("Back from the unsupported combination's blocked screen returns to the device pickers as chosen, to change one", async () => {
    const api = sandbox();
    const meter = await api.meters.byMpan({ mpan: SANDBOX.mpans.domestic });
    const { user, container } = renderWithOnflex(<OnboardingFlow journey={selectionJourney} facts={{ meter }} />, { strict, api });
    const { vehicle, charger } = SANDBOX.devices.unsupportedCombination;
    await chooseCarAndCharger(user, vehicle, charger);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByRole("heading", { name: "We can't connect your device yet" });
    await expectNoAxeViolations(container);
    await user.click(screen.getAllByRole("button", { name: "Back" })[0]!);
    expect(await screen.findByRole("combobox", { name: "Charger model" })).toHaveValue(charger.model);
    expect(screen.getByRole("combobox", { name: "Charger make" })).toHaveValue(charger.make);
  });
});
