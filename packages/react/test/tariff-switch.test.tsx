import { SANDBOX, type OnboardingApi, type RegisteredDevice, type SandboxApi } from "@onflex/core";
import { RegisteredDevice as RegisteredDeviceFact } from "@onflex/core";
import { bindFlow, requiresTariffSwitch, TariffRequirementFact, tariffSwitchFlow, tariffSwitchPending, type JourneyDefinition, type TariffSwitchMode } from "@onflex/machines";
import { createI18n, OnboardingFlow, TariffSwitchStep, formatMinorPrice, formatMoney, minorToMajor } from "@onflex/react";
import { deDE } from "@onflex/react/locales/de-DE";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createActor, fromPromise } from "xstate";
import { expectNoAxeViolations, modes, renderWithOnflex, sandbox } from "./render.js";

async function registered(api: SandboxApi): Promise<RegisteredDevice> {
  const { vehicle } = SANDBOX.devices.carPreferred;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: vehicle.make, model: vehicle.model, provider: "TESLA" });
}

/** The flow on an API, its waits between checks a few milliseconds long, for the step to render. */
function flowActor(api: OnboardingApi, device: RegisteredDevice, mode: TariffSwitchMode, tariffCode: string | null = null) {
  const machine = bindFlow(tariffSwitchFlow, { api }).provide({
    actors: { waitBeforeCheck: fromPromise<void, { ms: number }>(() => new Promise<void>((resolve) => setTimeout(resolve, 5))) },
  });
  return createActor(machine, { input: { mode, device, tariffCode } }).start();
}

let hidden = false;
Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
afterEach(() => {
  hidden = false;
});

describe.each(modes)("<TariffSwitchStep> ($name)", ({ strict }) => {
  it("shows the tariff's rates, standing charge and exit fees in pounds and pence, says the switch waits on the test, and accepts", async () => {
    const api = sandbox();
    const device = await registered(api);
    const onComplete = vi.fn();
    const { user, container } = renderWithOnflex(<TariffSwitchStep device={device} tariffCode={SANDBOX.tariffs.fixedWithExitFees} onComplete={onComplete} />, { strict, api });
    await screen.findByRole("heading", { name: "Move to the EV Fixed 12M (simulated) tariff" });
    const facts = within(container.querySelector('[data-part="tariff"]') as HTMLElement);
    expect(facts.getAllByRole("term").map((term) => term.textContent)).toEqual(["Off-peak, 00:00 to 04:00", "Standard, 04:00 to 00:00", "Standing charge", "Exit fees", "Contract"]);
    expect(facts.getAllByRole("definition").map((value) => value.textContent)).toEqual([
      "8.95p per kWh",
      "25.6725p per kWh",
      "53.35p a day",
      "£75.00 for electricity",
      "Fixed for 12 months",
    ]);
    expect(screen.getByText("Your tariff changes once your car has passed its test.")).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Accept tariff" }));
    await screen.findByRole("heading", { name: "Tariff accepted" });
    expect(screen.getByText(/changes to EV Fixed 12M \(simulated\) once your car has passed its test/)).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ outcome: "accepted", tariffSwitch: { status: "PENDING_TEST_CHARGE" } });
    // One switch, whatever StrictMode replays.
    expect(api.simulation.tariffSwitches()).toHaveLength(1);
  });

  it("asks before declining; going back keeps the offer; declining records it and reports the ending", async () => {
    const api = sandbox();
    const device = await registered(api);
    const onComplete = vi.fn();
    const { user, container } = renderWithOnflex(<TariffSwitchStep device={device} onComplete={onComplete} />, { strict, api });
    await user.click(await screen.findByRole("button", { name: "Decline" }));
    await screen.findByRole("heading", { name: "Decline the EV Night (simulated) tariff?" });
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Back to the tariff" }));
    await user.click(await screen.findByRole("button", { name: "Decline" }));
    await user.click(await screen.findByRole("button", { name: "Decline and leave" }));
    await screen.findByRole("heading", { name: "You declined the tariff" });
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ outcome: "declined", tariffSwitch: { status: "DECLINED" } });
    expect(api.simulation.tariffSwitches().map((item) => item.status)).toEqual(["DECLINED"]);
  });

  it("a failing offer shows Try again and a way out; an expired offer is fetched again on Try again", async () => {
    const api = sandbox({ failOnce: ["tariffs.offer"] });
    const device = await registered(api);
    const onExit = vi.fn();
    const { user, container } = renderWithOnflex(<TariffSwitchStep device={device} tariffCode={SANDBOX.tariffs.expiresOnce} onExit={onExit} />, { strict, api });
    await screen.findByRole("heading", { name: "We couldn't get the tariff" });
    expect(screen.getByRole("button", { name: "Leave sign-up" })).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await user.click(await screen.findByRole("button", { name: "Accept tariff" }));
    await screen.findByRole("heading", { name: "This offer has expired" });
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await user.click(await screen.findByRole("button", { name: "Accept tariff" }));
    await screen.findByRole("heading", { name: "Tariff accepted" });
    expect(onExit).not.toHaveBeenCalled();
  });

  it("placed after the test: says the tariff changes once the car has passed, pauses while hidden, and moves on when it has", async () => {
    const api = sandbox();
    const device = await registered(api);
    const offer = await api.tariffs.offer({ deviceId: device.deviceId });
    await api.tariffs.accept({ deviceId: device.deviceId, offerId: offer.offerId });
    let checks = 0;
    const counted: OnboardingApi = { ...api, tariffs: { ...api.tariffs, switchStatus: (input, o) => ((checks += 1), api.tariffs.switchStatus(input, o)) } };
    const actor = flowActor(counted, device, "wait");
    const { user, container } = renderWithOnflex(<TariffSwitchStep actor={actor} />, { strict, api: counted });
    await screen.findByRole("heading", { name: "Your tariff changes once your car has passed its test" });
    expect(screen.getByRole("status")).toHaveTextContent("Waiting for your car to pass its test…");
    await expectNoAxeViolations(container);
    act(() => {
      hidden = true;
      fireEvent(document, new Event("visibilitychange"));
    });
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Checking is paused while this page is hidden."));
    const paused = checks;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(checks).toBe(paused);
    api.simulation.setDeviceStatus(device.deviceId, "PENDING_LIVE");
    act(() => {
      hidden = false;
      fireEvent(document, new Event("visibilitychange"));
    });
    await screen.findByRole("heading", { name: "You're on the EV Night (simulated) tariff" });
    expect(screen.getByText("Your new prices apply from 21 November 2026.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(actor.getSnapshot().output).toMatchObject({ outcome: "accepted", tariffSwitch: { status: "COMPLETE" } }));
    actor.stop();
  });
});

describe.each(modes)("the tariff switch in <OnboardingFlow> ($name)", ({ strict }) => {
  const journey: JourneyDefinition = {
    id: "tariff-in-flow",
    version: 1,
    inputs: { device: RegisteredDeviceFact, tariffRequirement: TariffRequirementFact },
    source: {
      type: "fixed",
      steps: [
        { flow: "tariffSwitch", when: requiresTariffSwitch },
        { id: "tariffSwitchLive", flow: "tariffSwitch", params: { waitForSwitch: true }, when: tariffSwitchPending },
      ],
    },
  };

  // The wait checks the switch after 2 s, as it does for real.
  it("runs where a switch is required: offer, accepted, then pending on the test until the car passes", { timeout: 15_000 }, async () => {
    const api = sandbox();
    const device = await registered(api);
    const onComplete = vi.fn();
    const { user } = renderWithOnflex(<OnboardingFlow journey={journey} facts={{ device, tariffRequirement: { required: true } }} onComplete={onComplete} />, { strict, api });
    await user.click(await screen.findByRole("button", { name: "Accept tariff" }));
    await user.click(await screen.findByRole("button", { name: "Continue" }));
    await screen.findByRole("heading", { name: "Your tariff changes once your car has passed its test" });
    api.simulation.setDeviceStatus(device.deviceId, "LIVE");
    await user.click(await screen.findByRole("button", { name: "Continue" }, { timeout: 4000 }));
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ steps: ["tariffSwitch", "tariffSwitchLive"], facts: { tariffSwitch: { status: "COMPLETE" } } });
  });

  it("is skipped where none is required", async () => {
    const api = sandbox();
    const device = await registered(api);
    const onComplete = vi.fn();
    renderWithOnflex(<OnboardingFlow journey={journey} facts={{ device, tariffRequirement: { required: false } }} onComplete={onComplete} />, { strict, api });
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole("button", { name: "Accept tariff" })).toBeNull();
    expect(api.simulation.tariffSwitches()).toEqual([]);
  });
});

describe("tariff money formatting", () => {
  const gb = createI18n("en-GB");
  it("formats exact decimal strings without float rounding, in the reader's locale", () => {
    expect(formatMinorPrice(gb, "25.6725", "GBP")).toBe("25.6725p");
    expect(formatMinorPrice(gb, "7", "GBP")).toBe("7.00p");
    expect(formatMoney(gb, "7500", "GBP")).toBe("£75.00");
    expect(formatMoney(gb, "1234567", "GBP")).toBe("£12,345.67");
    expect(formatMoney(createI18n("de-DE", {}, deDE), "7500", "EUR")).toBe("75,00\u00a0€");
    // A currency without a catalogue word for its minor unit: major units, extra digits kept.
    expect(formatMinorPrice(gb, "24.5", "EUR")).toBe("€0.245");
    expect(formatMoney(gb, "500", "JPY")).toBe("JP¥500");
  });

  it("moving the decimal point on the string equals exact division by 100, for any amount", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 4 }), (units, scale) => {
        const text = scale === 0 ? units.toString() : `${units / 10n ** BigInt(scale)}.${(units % 10n ** BigInt(scale)).toString().padStart(scale, "0")}`;
        const major = minorToMajor(text, 2);
        // major × 100 = minor, compared as integers at a common scale.
        const [whole, fraction = ""] = major.split(".");
        expect(BigInt(`${whole}${fraction}`)).toBe(units);
        expect(fraction.length).toBe(scale + 2);
      }),
    );
  });
});
