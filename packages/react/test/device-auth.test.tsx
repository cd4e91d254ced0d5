import { SANDBOX, type OnboardingApi, type RegisteredDevice, type SandboxApi } from "@onflex/core";
import { bindFlow, deviceAuthFlow, type ExternalOpenRequest, type ExternalOpenResult } from "@onflex/machines";
import { DEVICE_AUTH_RETURN_MESSAGE, DeviceAuthStep } from "@onflex/react";
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

  it("a provider that connects through its own app says it can't be connected here yet", async () => {
    const api = sandbox();
    const device = await registered(api, SANDBOX.devices.noOAuth.vehicle);
    const { container } = renderWithOnflex(<DeviceAuthStep device={device} />, { strict, api });
    await screen.findByRole("heading", { name: "We can't connect this device here yet" });
    expect(screen.getByText(/Jedlix connects devices through its own app/)).toBeInTheDocument();
    await expectNoAxeViolations(container);
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
