import { SANDBOX, SANDBOX_VIRTUAL_KEY, type OnboardingApi, type RegisteredDevice, type SandboxApi } from "@onflex/core";
import { RegisteredDevice as RegisteredDeviceSchema } from "@onflex/core";
import { needsVirtualKey, type ExternalOpenRequest, type ExternalOpenResult, type JourneyDefinition } from "@onflex/machines";
import { createMemoryPersistence, OnboardingFlow, VirtualKeyStep } from "@onflex/react";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { correction, generate } from "lean-qr";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, modes, renderWithOnflex, sandbox } from "./render.js";

async function registeredTesla(api: SandboxApi): Promise<RegisteredDevice> {
  const { vehicle } = SANDBOX.devices.carPreferred;
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: vehicle.make });
  const model = models.find((item) => item.model === vehicle.model)!;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
}

/** The sandbox with its status checks counted, and an opener that records what it opens. */
async function setup(options: { opens?: ExternalOpenResult; failOnce?: ("virtualKey.details" | "virtualKey.status")[] } = {}) {
  const api = sandbox({ failOnce: options.failOnce ?? [] });
  const device = await registeredTesla(api);
  const calls = { status: 0 };
  const counted: OnboardingApi = { ...api, virtualKey: { ...api.virtualKey, status: (input, o) => ((calls.status += 1), api.virtualKey.status(input, o)) } };
  const opened: ExternalOpenRequest[] = [];
  const openExternal = vi.fn((request: ExternalOpenRequest) => (opened.push(request), options.opens ?? { opened: true, mode: "system_browser" as const }));
  const simulate = (outcome: (typeof SANDBOX.virtualKey)[keyof typeof SANDBOX.virtualKey]) => api.simulation.simulateVirtualKey(device.deviceId, outcome);
  return { api, counted, device, calls, opened, openExternal, simulate };
}

let hidden = false;
Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
/** The user switches to the Tesla app and back: the step checks at once on return. */
function switchAwayAndBack() {
  hidden = true;
  fireEvent(document, new Event("visibilitychange"));
  hidden = false;
  fireEvent(document, new Event("visibilitychange"));
}

/** A phone: a touch screen without a mouse. */
function pretendHandheld() {
  vi.stubGlobal("matchMedia", (query: string) => ({ matches: true, media: query, addEventListener: () => {}, removeEventListener: () => {} }));
}

afterEach(() => {
  hidden = false;
  vi.unstubAllGlobals();
});

const qrName = `QR code that opens the Tesla app to add the key “${SANDBOX_VIRTUAL_KEY.name}”`;

describe.each(modes)("<VirtualKeyStep> ($name)", ({ strict }) => {
  it("on a desktop: a QR code of the key's link with its name, the link as text, and \"I've added the key\" guides until the key is there", async () => {
    const { counted, device, simulate } = await setup();
    const onComplete = vi.fn();
    const { user, container } = renderWithOnflex(<VirtualKeyStep device={device} onComplete={onComplete} />, { strict, api: counted });
    await screen.findByRole("heading", { name: "Add our key to your Tesla Model 3" });
    const qr = await screen.findByRole("img", { name: qrName });
    // The picture is the link's QR code: its size and its dark modules are the encoder's, inside a quiet zone.
    const code = generate(SANDBOX_VIRTUAL_KEY.uri, { minCorrectionLevel: correction.M });
    expect(qr.getAttribute("viewBox")).toBe(`0 0 ${code.size + 8} ${code.size + 8}`);
    let dark = 0;
    for (let y = 0; y < code.size; y += 1) for (let x = 0; x < code.size; x += 1) if (code.get(x, y)) dark += 1;
    expect(qr.querySelector("path")?.getAttribute("d")?.match(/M/g)).toHaveLength(dark);
    expect(qr.querySelector("path")?.getAttribute("d")).toMatch(/^M4 4h1v1h-1z/);
    expect(screen.getByRole("link", { name: SANDBOX_VIRTUAL_KEY.uri })).toHaveAttribute("href", SANDBOX_VIRTUAL_KEY.uri);
    expect(screen.getByText(/Onflex Sandbox \(simulated\)/)).toBeInTheDocument();
    await expectNoAxeViolations(container);

    simulate(SANDBOX.virtualKey.notAdded);
    await user.click(screen.getByRole("button", { name: "I've added the key" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("We can't see the key on your car yet");
    await expectNoAxeViolations(container);
    // The key is still offered beside the guidance.
    expect(screen.getByRole("img", { name: qrName })).toBeInTheDocument();

    simulate(SANDBOX.virtualKey.added);
    await user.click(screen.getByRole("button", { name: "Check again" }));
    await screen.findByRole("heading", { name: "The key is on your Tesla Model 3" });
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toEqual({ outcome: "paired", deviceId: device.deviceId, virtualKeyName: SANDBOX_VIRTUAL_KEY.name, pairedAt: "2026-11-21T09:30:00.000Z" });
  });

  it("on a phone: a button opens the link through the host inside the click; no QR code unless asked for", async () => {
    pretendHandheld();
    const { counted, device, opened, openExternal } = await setup();
    const { user, container } = renderWithOnflex(<VirtualKeyStep device={device} />, { strict, api: counted, openExternal });
    const open = await screen.findByRole("button", { name: "Open the Tesla app" });
    expect(screen.queryByRole("img")).toBeNull();
    await user.click(open);
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(opened[0]).toEqual({ url: SANDBOX_VIRTUAL_KEY.uri, purpose: "virtual_key" });
    await screen.findByText("Approve the key in the Tesla app, then come back here.");
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Show a QR code to scan with another phone" }));
    await screen.findByRole("img", { name: qrName });
    await user.click(screen.getByRole("button", { name: "I'm on the phone with the Tesla app" }));
    await screen.findByRole("button", { name: "Open the Tesla app" });
  });

  it("a host that could not open the link: the link itself, said plainly", async () => {
    const { counted, device, openExternal } = await setup({ opens: { opened: false, mode: "popup" } });
    const { user } = renderWithOnflex(<VirtualKeyStep device={device} display="link" />, { strict, api: counted, openExternal });
    await user.click(await screen.findByRole("button", { name: "Open the Tesla app" }));
    expect(await screen.findByText(/The Tesla app didn't open/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: SANDBOX_VIRTUAL_KEY.uri })).toHaveAttribute("rel", "noopener noreferrer");
  });

  it("the Tesla app opened without asking for the key: a folded answer says what to do", async () => {
    const { counted, device } = await setup();
    const { user } = renderWithOnflex(<VirtualKeyStep device={device} display="link" />, { strict, api: counted });
    const summary = await screen.findByText("The Tesla app opened but didn't ask to add the key?");
    const help = screen.getByText(/If you have more than one car, choose this one in the app first/);
    expect(help).not.toBeVisible();
    await user.click(summary);
    expect(help).toBeVisible();
  });

  it("moves on by itself when the key appears while the user was away in the Tesla app", async () => {
    const { counted, device, calls, simulate } = await setup();
    const onComplete = vi.fn();
    renderWithOnflex(<VirtualKeyStep device={device} onComplete={onComplete} />, { strict, api: counted });
    await screen.findByRole("img", { name: qrName });
    const before = calls.status;
    simulate(SANDBOX.virtualKey.added);
    act(() => switchAwayAndBack());
    await screen.findByRole("heading", { name: "The key is on your Tesla Model 3" });
    expect(calls.status).toBeGreaterThan(before);
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it("a car that is asleep has its own guidance", async () => {
    const { counted, device, simulate } = await setup();
    const { user } = renderWithOnflex(<VirtualKeyStep device={device} />, { strict, api: counted });
    simulate(SANDBOX.virtualKey.vehicleOffline);
    await user.click(await screen.findByRole("button", { name: "I've added the key" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Your car isn't answering");
    expect(screen.getByRole("button", { name: "Check again" })).toBeEnabled();
  });

  it("Tesla failing: the check fails with Try again and a way out; Try again works once it recovers, Leave sign-up leaves", async () => {
    const { counted, device, simulate } = await setup();
    const onExit = vi.fn();
    const { user, container } = renderWithOnflex(<VirtualKeyStep device={device} onExit={onExit} />, { strict, api: counted });
    await screen.findByRole("img", { name: qrName });
    simulate(SANDBOX.virtualKey.providerFailing);
    await user.click(screen.getByRole("button", { name: "I've added the key" }));
    await screen.findByRole("heading", { name: "We couldn't check your car" });
    await expectNoAxeViolations(container);
    simulate(SANDBOX.virtualKey.providerRecovered);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("We can't see the key on your car yet");
    simulate(SANDBOX.virtualKey.providerFailing);
    await user.click(screen.getByRole("button", { name: "Check again" }));
    await user.click(await screen.findByRole("button", { name: "Leave sign-up" }));
    await waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
  });

  it("loading the key fails: Try again loads it", async () => {
    const { counted, device } = await setup({ failOnce: ["virtualKey.details"] });
    const { user } = renderWithOnflex(<VirtualKeyStep device={device} />, { strict, api: counted });
    await screen.findByRole("heading", { name: "We couldn't get your key ready" });
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("img", { name: qrName });
  });
});

/** A journey that places the key after a registered device, only for a Tesla, as a host's would after device authorisation. */
const journey: JourneyDefinition = {
  id: "virtual-key-test",
  version: 1,
  inputs: { device: RegisteredDeviceSchema },
  source: { type: "fixed", steps: [{ flow: "virtualKey", when: needsVirtualKey }] },
};

describe.each(modes)("<OnboardingFlow> with the virtual key ($name)", ({ strict }) => {
  it("runs its step from the registry with its progress label, resumes after a reload, and completes with the virtualKey fact", async () => {
    const { counted, device, simulate } = await setup();
    const storage = createMemoryPersistence();
    const first = renderWithOnflex(<OnboardingFlow journey={journey} facts={{ device }} persistence={storage} />, { strict, api: counted });
    await screen.findByRole("img", { name: qrName });
    expect(screen.getAllByText(/Virtual key/).length).toBeGreaterThan(0);
    // Not added yet: the guidance is part of the flow's saved state.
    await first.user.click(screen.getByRole("button", { name: "I've added the key" }));
    await screen.findByRole("alert");
    await waitFor(() => expect(storage.value).toContain("not_paired"));
    first.unmount();

    simulate(SANDBOX.virtualKey.added);
    const onComplete = vi.fn();
    const second = renderWithOnflex(<OnboardingFlow journey={journey} facts={{ device }} persistence={storage} onComplete={onComplete} />, { strict, api: counted });
    // Resumed where it was, guidance and all, rather than started again.
    expect(await screen.findByRole("alert")).toHaveTextContent("We can't see the key on your car yet");
    await second.user.click(screen.getByRole("button", { name: "Check again" }));
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ facts: { virtualKey: { deviceId: device.deviceId, virtualKeyName: SANDBOX_VIRTUAL_KEY.name } } });
    second.unmount();
  });
});
