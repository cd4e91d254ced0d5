import { RegisteredDevice as RegisteredDeviceSchema, SANDBOX, type OnboardingApi, type RegisteredDevice, type SandboxApi } from "@onflex/core";
import { bindFlow, deviceAuthFlow, type ExternalOpenRequest, type ExternalOpenResult, type JourneyDefinition } from "@onflex/machines";
import { createMemoryPersistence, DEVICE_AUTH_RETURN_MESSAGE, DeviceAuthStep, OnboardingFlow } from "@onflex/react";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createActor } from "xstate";
import { expectNoAxeViolations, modes, renderWithOnflex, sandbox } from "./render.js";

async function registered(api: SandboxApi, pick: { make: string; model: string } = SANDBOX.devices.carPreferred.vehicle): Promise<RegisteredDevice> {
  const { models } = await api.devices.models({ deviceType: "ELECTRIC_VEHICLES", make: pick.make });
  const model = models.find((item) => item.model === pick.model)!;
  return api.devices.register({ mpan: SANDBOX.mpans.domestic, deviceType: "ELECTRIC_VEHICLES", make: model.make, model: model.model, provider: model.provider! });
}

/** The sandbox with its deviceAuth calls counted, and an opener that records each page it opens. */
async function setup(opens: ExternalOpenResult = { opened: true, mode: "popup" }) {
  const api = sandbox();
  const device = await registered(api);
  const calls = { start: 0, status: 0, complete: 0, guide: 0, submitCode: 0, guidedStatus: 0 };
  const counted: OnboardingApi = {
    ...api,
    deviceAuth: {
      start: (input, o) => ((calls.start += 1), api.deviceAuth.start(input, o)),
      status: (input, o) => ((calls.status += 1), api.deviceAuth.status(input, o)),
      complete: (input, o) => ((calls.complete += 1), api.deviceAuth.complete(input, o)),
      guide: (input, o) => ((calls.guide += 1), api.deviceAuth.guide(input, o)),
      submitCode: (input, o) => ((calls.submitCode += 1), api.deviceAuth.submitCode(input, o)),
      guidedStatus: (input, o) => ((calls.guidedStatus += 1), api.deviceAuth.guidedStatus(input, o)),
    },
  };
  const opened: ExternalOpenRequest[] = [];
  const openExternal = vi.fn((request: ExternalOpenRequest) => (opened.push(request), opens));
  return { api, counted, device, calls, opened, openExternal };
}

let hidden = false;
Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
/** The user switches to the sign-in window and back: the step checks at once on return. */
function switchAwayAndBack() {
  hidden = true;
  fireEvent(document, new Event("visibilitychange"));
  hidden = false;
  fireEvent(document, new Event("visibilitychange"));
}
afterEach(() => {
  hidden = false;
});

const stateOf = (opened: ExternalOpenRequest[]) => new URL(opened[0]!.url).searchParams.get("state")!;

describe.each(modes)("<DeviceAuthStep> ($name)", ({ strict }) => {
  it("explains, opens one sign-in inside the click, waits, and moves on when the maker approved", async () => {
    const { api, counted, device, calls, opened, openExternal } = await setup();
    const onComplete = vi.fn();
    const { user, container } = renderWithOnflex(<DeviceAuthStep device={device} onComplete={onComplete} />, { strict, api: counted, openExternal });
    await screen.findByRole("heading", { name: "Allow us to control your Tesla Model 3" });
    const button = await screen.findByRole("button", { name: "Sign in with Tesla" });
    await waitFor(() => expect(button).toBeEnabled());
    expect(screen.getByText(/never see your Tesla password/)).toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(button);
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(opened[0]).toMatchObject({ purpose: "device_auth", url: expect.stringMatching(/^https:\/\/maker\.sandbox\.onflex\.invalid\/tesla\/authorize\?/) });
    await screen.findByRole("heading", { name: "Finish signing in in the window that opened" });
    expect(screen.getByRole("button", { name: "Cancel" })).toBeInTheDocument();
    await expectNoAxeViolations(container);

    await api.simulation.simulateSignIn(stateOf(opened), SANDBOX.deviceAuth.approve);
    act(() => switchAwayAndBack());
    await screen.findByRole("heading", { name: "Your Tesla Model 3 is connected" }, { timeout: 3000 });
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ outcome: "authorised", device: { authState: "AUTHENTICATION_COMPLETE" } });
    // One sign-in, learnt from the server: the browser never exchanged a code.
    // (StrictMode mounts the step twice, so it may start a second sign-in; only one is opened.)
    expect(calls.start).toBeLessThanOrEqual(strict ? 2 : 1);
    expect([calls.complete, openExternal.mock.calls.length]).toEqual([0, 1]);
  });

  it("a blocked popup shows a link to the sign-in that opens in a new tab", async () => {
    const { counted, device, openExternal } = await setup({ opened: false, mode: "popup" });
    const { user, container } = renderWithOnflex(<DeviceAuthStep device={device} />, { strict, api: counted, openExternal });
    const button = await screen.findByRole("button", { name: "Sign in with Tesla" });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    await screen.findByRole("heading", { name: "Your browser blocked the sign-in window" });
    const link = screen.getByRole("link", { name: "Open the Tesla sign-in" });
    expect(link).toHaveAttribute("href", expect.stringMatching(/^https:\/\/maker\.sandbox\.onflex\.invalid\//));
    expect(link).toHaveAttribute("target", "_blank");
    expect(link).toHaveAttribute("rel", "noopener noreferrer");
    await expectNoAxeViolations(container);
    link.addEventListener("click", (event) => event.preventDefault());
    await user.click(link);
    await screen.findByRole("heading", { name: "Finish signing in in the window that opened" });
  });

  it("denied: says so, and Try again starts a new sign-in; the return URL twice is exchanged once", async () => {
    const { api, counted, device, calls, openExternal, opened } = await setup();
    const actor = createActor(bindFlow(deviceAuthFlow, { api: counted, openExternal }), { input: { device } }).start();
    const { user, container } = renderWithOnflex(<DeviceAuthStep actor={actor} />, { strict, api: counted, openExternal });
    const button = await screen.findByRole("button", { name: "Sign in with Tesla" });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    const { continuationUri } = await api.simulation.simulateSignIn(stateOf(opened), SANDBOX.deviceAuth.deny, { callback: false });
    act(() => {
      actor.send({ type: "AUTH.RETURNED", url: continuationUri! });
      actor.send({ type: "FLOW.RESUME", url: continuationUri! });
    });
    await screen.findByRole("heading", { name: "Access wasn't allowed" });
    expect(screen.getByText(/You chose not to allow access at Tesla/)).toBeInTheDocument();
    expect(calls.complete).toBe(1);
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    const again = await screen.findByRole("button", { name: "Sign in with Tesla" });
    await waitFor(() => expect(again).toBeEnabled());
    expect(calls.start).toBe(2);
    actor.stop();
  });

  it("Cancel while waiting says the sign-in was cancelled, with Try again and a way out", async () => {
    const { counted, device, openExternal } = await setup();
    const onExit = vi.fn();
    const { user } = renderWithOnflex(<DeviceAuthStep device={device} onExit={onExit} />, { strict, api: counted, openExternal });
    const button = await screen.findByRole("button", { name: "Sign in with Tesla" });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    await user.click(await screen.findByRole("button", { name: "Cancel" }));
    await screen.findByRole("heading", { name: "Signing in was cancelled" });
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Leave sign-up" }));
    await waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
  });

  it("guided (JEDLIX): choose the maker's app, follow its steps, open it inside the tap, wait, check now, and move on with the same facts", async () => {
    const { api, counted, calls, opened, openExternal } = await setup();
    const device = await registered(api, SANDBOX.devices.noOAuth.vehicle);
    const onComplete = vi.fn();
    const { user, container } = renderWithOnflex(<DeviceAuthStep device={device} onComplete={onComplete} />, { strict, api: counted, openExternal });
    await screen.findByRole("heading", { name: "Connect your Renault Zoe in the Jedlix (simulated) app" });
    const way = await screen.findByRole("button", { name: "Connect in the Jedlix (simulated) app" });
    await waitFor(() => expect(way).toBeEnabled());
    expect(calls.start).toBe(0);
    await expectNoAxeViolations(container);
    await user.click(way);
    await screen.findByRole("heading", { name: "Connect in the Jedlix (simulated) app" });
    expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Install the Jedlix (simulated) app and open it.",
      "Sign in to your Jedlix (simulated) account, or create one.",
      "Add your Renault Zoe.",
      "When the app asks, allow smart charging.",
    ]);
    expect(screen.getByRole("link", { name: "On a computer? Open Jedlix (simulated) in a new tab" })).toHaveAttribute("href", "https://jedlix.sandbox.onflex.invalid/app/connect");
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Open the Jedlix (simulated) app" }));
    expect(opened).toEqual([{ url: "https://jedlix.sandbox.onflex.invalid/app/connect", purpose: "device_auth_app" }]);
    await screen.findByRole("heading", { name: "Waiting for Jedlix (simulated) to confirm" });
    expect(screen.getByRole("status")).toHaveTextContent("Waiting for Jedlix (simulated) to confirm your device…");
    await expectNoAxeViolations(container);
    api.simulation.simulateGuidedAuth(device.deviceId, SANDBOX.guidedAuth.app.approve);
    await user.click(screen.getByRole("button", { name: "Check now" }));
    await screen.findByRole("heading", { name: "Your Renault Zoe is connected" });
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ outcome: "authorised", device: { deviceId: device.deviceId, provider: "JEDLIX", authState: "AUTHENTICATION_COMPLETE" } });
  });

  it("guided pairing code: says what a valid code looks like, refuses a bad one in the field, keeps the code after a wrong one, and pairs with a good one", async () => {
    const { api, counted, calls } = await setup();
    const device = await registered(api, SANDBOX.devices.noOAuth.vehicle);
    const { user, container } = renderWithOnflex(<DeviceAuthStep device={device} />, { strict, api: counted });
    const way = await screen.findByRole("button", { name: "Enter a pairing code" });
    await waitFor(() => expect(way).toBeEnabled());
    await user.click(way);
    const field = await screen.findByRole("textbox", { name: "Pairing code" });
    expect(field).toHaveAccessibleDescription(/8 letters and numbers, like JDLX-7K4P\. A code works for 10 minutes\./);
    await user.click(screen.getByRole("button", { name: "Pair my device" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Enter the pairing code from the Jedlix (simulated) app.");
    await user.type(field, "JDLO-12");
    await user.click(screen.getByRole("button", { name: "Pair my device" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Codes never contain the letters O or I"));
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(calls.submitCode).toBe(0);
    await expectNoAxeViolations(container);
    await user.clear(field);
    await user.type(field, "wrng 2222");
    await user.click(screen.getByRole("button", { name: "Pair my device" }));
    await screen.findByRole("heading", { name: "That code didn't work" });
    expect(screen.getByRole("alert")).toHaveTextContent("Check the code in the app and type it again.");
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    // The code is still there to correct (as sent; in a journey, as typed: see below).
    expect(await screen.findByRole("textbox", { name: "Pairing code" })).toHaveValue("WRNG-2222");
    await user.clear(screen.getByRole("textbox", { name: "Pairing code" }));
    await user.type(screen.getByRole("textbox", { name: "Pairing code" }), `${SANDBOX.guidedAuth.codes.expired}{Enter}`);
    await screen.findByRole("heading", { name: "That code has expired" });
    expect(screen.getByRole("alert")).toHaveTextContent("Get a new code in the Jedlix (simulated) app");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await user.clear(await screen.findByRole("textbox", { name: "Pairing code" }));
    await user.type(screen.getByRole("textbox", { name: "Pairing code" }), "jdlx7k4p{Enter}");
    await screen.findByRole("heading", { name: "Your Renault Zoe is connected" });
  });

  it("guided: the maker reporting a failure says so with Try again; another way and I can't do this now are always there", async () => {
    const { api, counted } = await setup();
    const device = await registered(api, SANDBOX.devices.noOAuth.vehicle);
    const onExit = vi.fn();
    const { user, container } = renderWithOnflex(<DeviceAuthStep device={device} onExit={onExit} />, { strict, api: counted });
    const way = await screen.findByRole("button", { name: "Enter a pairing code" });
    await waitFor(() => expect(way).toBeEnabled());
    await user.click(way);
    await user.type(await screen.findByRole("textbox", { name: "Pairing code" }), `${SANDBOX.guidedAuth.codes.makerFailing}{Enter}`);
    // The maker takes the code, then reports the device failed: the first check says so.
    await screen.findByRole("heading", { name: "Jedlix (simulated) couldn't connect your device" });
    expect(screen.getByRole("alert")).toHaveTextContent("Jedlix reported a problem connecting your Renault Zoe.");
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await user.click(await screen.findByRole("button", { name: "Connect in the Jedlix (simulated) app" }));
    await user.click(await screen.findByRole("button", { name: "I've done this" }));
    await user.click(await screen.findByRole("button", { name: "Choose another way" }));
    await user.click(await screen.findByRole("button", { name: "I can't do this now" }));
    await waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
  });

  it("the sign-in window's message from this origin finishes at once; a message from elsewhere is ignored", async () => {
    const { api, counted, device, calls, opened, openExternal } = await setup();
    const { user } = renderWithOnflex(<DeviceAuthStep device={device} />, { strict, api: counted, openExternal });
    const button = await screen.findByRole("button", { name: "Sign in with Tesla" });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    await screen.findByRole("heading", { name: "Finish signing in in the window that opened" });
    const { continuationUri } = await api.simulation.simulateSignIn(stateOf(opened), SANDBOX.deviceAuth.approve, { callback: false });
    act(() => {
      window.dispatchEvent(new MessageEvent("message", { origin: "https://evil.example", data: { type: DEVICE_AUTH_RETURN_MESSAGE, url: continuationUri } }));
      window.dispatchEvent(new MessageEvent("message", { origin: window.location.origin, data: "garbage" }));
    });
    expect(calls.complete).toBe(0);
    act(() => {
      window.dispatchEvent(new MessageEvent("message", { origin: window.location.origin, data: { type: DEVICE_AUTH_RETURN_MESSAGE, url: continuationUri } }));
    });
    await screen.findByRole("heading", { name: "Your Tesla Model 3 is connected" });
    expect(calls.complete).toBe(1);
  });
});

/** A journey that authorises a registered device, as a host's would after device selection. */
const guidedJourney: JourneyDefinition = {
  id: "device-auth-test",
  version: 1,
  inputs: { device: RegisteredDeviceSchema },
  source: { type: "fixed", steps: [{ flow: "deviceAuth" }] },
};

describe.each(modes)("<OnboardingFlow> with guided device authorisation ($name)", ({ strict }) => {
  it("a typed pairing code survives a reload, and the journey completes with the authorisation fact", async () => {
    const api = sandbox();
    const device = await registered(api, SANDBOX.devices.noOAuth.vehicle);
    const storage = createMemoryPersistence();
    const first = renderWithOnflex(<OnboardingFlow journey={guidedJourney} facts={{ device }} persistence={storage} />, { strict, api });
    const way = await screen.findByRole("button", { name: "Enter a pairing code" });
    await waitFor(() => expect(way).toBeEnabled());
    await first.user.click(way);
    await first.user.type(await screen.findByRole("textbox", { name: "Pairing code" }), "jdlx 7k4p");
    await waitFor(() => expect(storage.value).toContain("jdlx 7k4p"));
    first.unmount();

    const onComplete = vi.fn();
    const second = renderWithOnflex(<OnboardingFlow journey={guidedJourney} facts={{ device }} persistence={storage} onComplete={onComplete} />, { strict, api });
    const field = await screen.findByRole("textbox", { name: "Pairing code" });
    expect(field).toHaveValue("jdlx 7k4p");
    await second.user.click(screen.getByRole("button", { name: "Pair my device" }));
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(onComplete.mock.calls[0]![0]).toMatchObject({ facts: { authorisation: { deviceId: device.deviceId, provider: "JEDLIX", authState: "AUTHENTICATION_COMPLETE" } } });
    second.unmount();
  });
});

