import { createSandboxApi, SANDBOX, type OnboardingApi, type RegisteredDevice, type SandboxApi } from "@onflex/core";
import { TestChargeStep } from "@onflex/react";
import { deDE } from "@onflex/react/locales/de-DE";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, FIXED_NOW, modes, renderWithOnflex } from "./render.js";

const MINUTE = 60_000;

async function registered(api: SandboxApi): Promise<RegisteredDevice> {
  const { make, model } = SANDBOX.devices.carPreferred.vehicle;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make, model, provider: "TESLA" });
}

/** The sandbox and the step on one clock that the test moves; test charge starts counted. */
async function setup() {
  let now = FIXED_NOW.getTime();
  const clock = () => new Date(now);
  const api = createSandboxApi({ clock });
  const device = await registered(api);
  let starts = 0;
  const counted: OnboardingApi = { ...api, testCharge: { ...api.testCharge, start: (input, o) => ((starts += 1), api.testCharge.start(input, o)) } };
  return { api, counted, device, clock, advance: (ms: number) => (now += ms), starts: () => starts };
}

let hidden = false;
Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
/** The user leaves the tab and comes back: the step checks at once and redraws the time left. */
function switchAwayAndBack() {
  hidden = true;
  fireEvent(document, new Event("visibilitychange"));
  hidden = false;
  fireEvent(document, new Event("visibilitychange"));
}
afterEach(() => {
  hidden = false;
});

async function confirmAll(user: ReturnType<typeof renderWithOnflex>["user"]) {
  await user.click(await screen.findByRole("checkbox", { name: "My car is plugged in at home" }));
  await user.click(screen.getByRole("checkbox", { name: "The battery isn't full" }));
  await user.click(screen.getByRole("checkbox", { name: "I'm happy for it to charge for about 7 minutes now" }));
}

describe.each(modes)("<TestChargeStep> ($name)", ({ strict }) => {
  it("asks for the three preconditions, runs the test with time left and readings, and ends with the device LIVE", { timeout: 20_000 }, async () => {
    const { counted, device, clock, advance, starts } = await setup();
    const onComplete = vi.fn();
    const { user, container } = renderWithOnflex(<TestChargeStep device={device} onComplete={onComplete} />, { strict, api: counted, clock });
    await screen.findByRole("heading", { name: "Check we can charge your Tesla Model 3" });
    await screen.findByRole("checkbox", { name: "My car is plugged in at home" });
    await expectNoAxeViolations(container);

    // Starting without confirming shows what is missing and starts nothing.
    await user.click(screen.getByRole("checkbox", { name: "My car is plugged in at home" }));
    await user.click(screen.getByRole("button", { name: "Start the test charge" }));
    await screen.findByText("Tick this to agree to the test charge.");
    expect(screen.getByRole("checkbox", { name: "The battery isn't full" })).toHaveFocus();
    expect(screen.getByRole("checkbox", { name: "My car is plugged in at home" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "The battery isn't full" })).toHaveAttribute("aria-invalid", "true");
    expect(starts()).toBe(0);
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole("checkbox", { name: "The battery isn't full" }));
    await user.click(screen.getByRole("checkbox", { name: "I'm happy for it to charge for about 7 minutes now" }));
    await user.click(screen.getByRole("button", { name: "Start the test charge" }));
    await screen.findByRole("heading", { name: "Test charge in progress" });
    expect(screen.getByRole("progressbar", { name: "Test charge progress" })).toHaveAttribute("aria-valuetext", "About 7 minutes left");
    expect(screen.getByText(/Waiting for the first reading/)).toBeInTheDocument();
    await expectNoAxeViolations(container);

    advance(4 * MINUTE);
    act(() => switchAwayAndBack());
    await waitFor(() => expect(screen.getByRole("progressbar", { name: "Test charge progress" })).toHaveAttribute("aria-valuetext", "About 3 minutes left"));
    expect(screen.getByRole("progressbar", { name: "Test charge progress" })).toHaveAttribute("value", "57");
    await screen.findByText("Charging at");
    expect(screen.getByText(/^7\.\d kW$/)).toBeInTheDocument();
    expect(screen.getByText("Battery")).toBeInTheDocument();
    expect(screen.getByText(/^\d+%$/)).toBeInTheDocument();
    await expectNoAxeViolations(container);

    // The last minute is singular: one ICU plural message, by the locale's plural rules.
    advance(2 * MINUTE + 30_000);
    act(() => switchAwayAndBack());
    await waitFor(() => expect(screen.getByRole("progressbar", { name: "Test charge progress" })).toHaveAttribute("aria-valuetext", "About 1 minute left"));
    advance(30_000 + 1000);
    act(() => switchAwayAndBack());
    await screen.findByRole("heading", { name: "Test passed: almost there" });
    expect(screen.getByRole("button", { name: "Continue" })).toBeEnabled();
    advance(MINUTE);
    act(() => switchAwayAndBack());
    await screen.findByRole("heading", { name: "Your Tesla Model 3 is ready" });
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toEqual({ deviceId: device.deviceId, status: "LIVE", completedAt: "2026-11-21T09:37:00.000Z" });
    expect(starts()).toBe(1);
  });

  it("a refusal names the one thing to do, with Kraken's reference, and Try again starts the test", async () => {
    const { api, counted, device, clock } = await setup();
    api.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge.vehicleNotReady);
    const { user, container } = renderWithOnflex(<TestChargeStep device={device} />, { strict, api: counted, clock });
    await confirmAll(user);
    await user.click(screen.getByRole("button", { name: "Start the test charge" }));
    await screen.findByRole("heading", { name: "Your car isn't ready to charge" });
    expect(screen.getByText(/Wake it by opening its app/)).toBeInTheDocument();
    expect(screen.getByText("Reference: KT-CT-4379")).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("heading", { name: "Test charge in progress" });
  });

  it("a failure during the test says why; Try again asks again with the boxes still ticked", async () => {
    const { api, counted, device, clock, advance } = await setup();
    api.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge.disconnected);
    const { user, container } = renderWithOnflex(<TestChargeStep device={device} />, { strict, api: counted, clock });
    await confirmAll(user);
    await user.click(screen.getByRole("button", { name: "Start the test charge" }));
    await screen.findByRole("heading", { name: "Test charge in progress" });
    advance(4 * MINUTE);
    act(() => switchAwayAndBack());
    await screen.findByRole("heading", { name: "Your car was unplugged" });
    expect(screen.getByText(/Keep the cable plugged in/)).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("heading", { name: "Check we can charge your Tesla Model 3" });
    expect(screen.getByRole("checkbox", { name: "My car is plugged in at home" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "I'm happy for it to charge for about 7 minutes now" })).toBeChecked();
  });

  it("a status that can't be read offers Try again; Leave sign-up exits", async () => {
    let now = FIXED_NOW.getTime();
    const clock = () => new Date(now);
    const api = createSandboxApi({ clock, failOnce: ["devices.status"] });
    const device = await registered(api);
    const onExit = vi.fn();
    const { user } = renderWithOnflex(<TestChargeStep device={device} onExit={onExit} />, { strict, api, clock });
    await screen.findByRole("heading", { name: "We couldn't check your Tesla Model 3" });
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("checkbox", { name: "My car is plugged in at home" });
    now += 1;
    await user.click(screen.getByRole("button", { name: "Leave sign-up" }));
    await waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
  });
});

describe("<TestChargeStep> in German (de-DE)", () => {
  it("counts the minutes left with German plurals: 3 Minuten, then 1 Minute", { timeout: 20_000 }, async () => {
    const { counted, device, clock, advance } = await setup();
    const { user, container } = renderWithOnflex(<TestChargeStep device={device} />, { api: counted, clock, locale: "de-DE", catalogue: deDE });
    await screen.findByRole("heading", { name: "Wir prüfen, ob wir Ihr Gerät Tesla Model 3 laden können" });
    await user.click(await screen.findByRole("checkbox", { name: "Mein Auto ist zu Hause angeschlossen" }));
    await user.click(screen.getByRole("checkbox", { name: "Der Akku ist nicht voll" }));
    await user.click(screen.getByRole("checkbox", { name: "Ich bin einverstanden, dass es jetzt etwa 7 Minuten lang lädt" }));
    await user.click(screen.getByRole("button", { name: "Testladung starten" }));
    await screen.findByRole("heading", { name: "Die Testladung läuft" });
    const progress = () => screen.getByRole("progressbar", { name: "Fortschritt der Testladung" });
    expect(progress()).toHaveAttribute("aria-valuetext", "Noch etwa 7 Minuten");

    advance(4 * MINUTE);
    act(() => switchAwayAndBack());
    await waitFor(() => expect(progress()).toHaveAttribute("aria-valuetext", "Noch etwa 3 Minuten"));
    // The same words on screen as in the progress bar's value (and the status region).
    const timeLeft = () => container.querySelector('[data-part="time-left"]');
    expect(timeLeft()).toHaveTextContent("Noch etwa 3 Minuten");
    await screen.findByText("Ladeleistung");
    // The power in German digits, with a decimal comma.
    expect(screen.getByText(/^7,\d kW$/)).toBeInTheDocument();
    expect(screen.getByText("Ladezustand")).toBeInTheDocument();
    await expectNoAxeViolations(container);

    advance(2 * MINUTE + 30_000);
    act(() => switchAwayAndBack());
    await waitFor(() => expect(progress()).toHaveAttribute("aria-valuetext", "Noch etwa 1 Minute"));
    expect(timeLeft()).toHaveTextContent(/^Noch etwa 1 Minute$/);
  });
});
