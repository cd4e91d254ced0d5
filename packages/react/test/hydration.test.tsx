import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import * as browser from "@onflex/react";
import type { StepComponents } from "@onflex/react";
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { StrictMode, type ReactNode } from "react";
import { hydrateRoot, type Root } from "react-dom/client";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FIXED_NOW, modes, sandbox } from "./render.js";
import { renderOnServerWithoutDom } from "./server.js";

const clock = () => FIXED_NOW;

type Onflex = typeof browser;

/**
 * The server's own copy of @onflex/react, as a server process has: its contexts, its step
 * chunks, its machines. Sharing them with the browser's copy would let the server render leave
 * context values behind for the browser to read (React's server renderer does not reset them
 * when it finishes), which no real page sees. React itself stays shared: one install, loaded once.
 */
let server: Onflex;

beforeAll(async () => {
  // The browser's step chunks first: an import after the reset below would load a third copy.
  const entries = [...Object.values(browser.onflexSteps), ...Object.values(browser.onflexOutcomes)];
  await Promise.all(entries.map((entry) => entry.load?.()));
  vi.resetModules();
  server = await import("@onflex/react");
  expect(server.OnflexProvider).not.toBe(browser.OnflexProvider);
});

/**
 * The page as a host writes it, built once on the server and once in the browser, each from
 * its own copy of the package and with its own API object, on the same fixed clock. Ids come
 * from useId, so they match when the trees do.
 */
function page(onflex: Onflex, ui: (onflex: Onflex) => ReactNode, strict: boolean) {
  const tree = (
    <onflex.OnflexProvider api={sandbox()} clock={clock}>
      {ui(onflex)}
    </onflex.OnflexProvider>
  );
  return strict ? <StrictMode>{tree}</StrictMode> : tree;
}

const roots: Root[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) act(() => root.unmount());
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

/** The server's HTML in the document, as the browser receives it, before any script runs. */
async function serverPage(ui: (onflex: Onflex) => ReactNode, strict: boolean) {
  const container = document.createElement("div");
  container.innerHTML = await renderOnServerWithoutDom(page(server, ui, strict));
  document.body.append(container);
  return container;
}

/**
 * Hydrates the server's HTML with the browser's tree. Every mismatch React notices reaches
 * `onRecoverableError`, and React 18 also logs it to console.error: the tests expect both to
 * stay empty.
 */
async function hydrate(container: HTMLElement, ui: (onflex: Onflex) => ReactNode, strict: boolean) {
  const recoverable: unknown[] = [];
  const consoleError = vi.spyOn(console, "error");
  const tree = page(browser, ui, strict);
  await act(async () => {
    roots.push(hydrateRoot(container, tree, { onRecoverableError: (error) => void recoverable.push(error) }));
  });
  return { recoverable, consoleError };
}

describe.each(modes)("hydrating the server's HTML ($name)", ({ strict }) => {
  it("adopts <AddressStep>'s markup and takes a postcode", async () => {
    const step = ({ AddressStep }: Onflex) => <AddressStep />;
    const container = await serverPage(step, strict);
    const serverInput = within(container).getByRole("textbox", { name: "Postcode" });

    const { recoverable, consoleError } = await hydrate(container, step, strict);
    expect(recoverable).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    // The same element: React kept the server's DOM instead of rendering it again.
    const input = screen.getByRole("textbox", { name: "Postcode" });
    expect(input).toBe(serverInput);

    const user = userEvent.setup();
    await user.type(input, SANDBOX.postcodes.happy);
    expect(input).toHaveValue(SANDBOX.postcodes.happy);
    await user.click(screen.getByRole("button", { name: "Find address" }));
    expect(await screen.findByRole("heading", { name: "Choose your address" })).toBeInTheDocument();
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("adopts <OnboardingFlow>'s progress and first step, then runs the journey", async () => {
    const flow = ({ OnboardingFlow, presets }: Onflex) => <OnboardingFlow journey={presets.axleSmartCharging} assetModel={SANDBOX.assetModels.qualified} />;
    const container = await serverPage(flow, strict);
    const serverInput = within(container).getByRole("textbox", { name: "Postcode" });

    const { recoverable, consoleError } = await hydrate(container, flow, strict);
    expect(recoverable).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    expect(screen.getByRole("navigation", { name: "Progress" })).toHaveTextContent("Step 1 of 3");
    const input = screen.getByRole("textbox", { name: "Postcode" });
    expect(input).toBe(serverInput);
    // Page load: the first step's heading does not take focus.
    expect(document.body).toHaveFocus();

    const user = userEvent.setup();
    await user.type(input, `${SANDBOX.postcodes.happy}{Enter}`);
    expect(await screen.findByRole("heading", { name: "Choose your address" })).toBeInTheDocument();
    expect(recoverable).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("keeps the server's step, not a skeleton, until the browser has the step's code", async () => {
    // The browser's chunk for the first step arrives when the test says so.
    let deliver!: () => void;
    const arrived = new Promise<void>((resolve) => (deliver = resolve));
    const flow =
      (steps?: (onflex: Onflex) => StepComponents) =>
      (onflex: Onflex) => <onflex.OnboardingFlow journey={onflex.presets.axleSmartCharging} steps={steps?.(onflex)} />;
    const container = await serverPage(flow(), strict);
    const serverInput = within(container).getByRole("textbox", { name: "Postcode" });

    const { recoverable, consoleError } = await hydrate(
      container,
      flow(({ AddressStep, lazyEntry }) => ({ address: lazyEntry(() => arrived.then(() => AddressStep)) })),
      strict,
    );
    expect(screen.queryByRole("status", { name: "Loading the next step…" })).not.toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Postcode" })).toBe(serverInput);

    await act(async () => deliver());
    const user = userEvent.setup();
    await user.type(serverInput, `${SANDBOX.postcodes.happy}{Enter}`);
    expect(await screen.findByRole("heading", { name: "Choose your address" })).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Postcode" })).not.toBeInTheDocument();
    expect(recoverable).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("hydrates <EligibilityStep> busy, then runs the check in the browser", async () => {
    const step = ({ EligibilityStep }: Onflex) => <EligibilityStep mpan={SANDBOX.mpans.domestic} assetModel={SANDBOX.assetModels.qualified} />;
    const container = await serverPage(step, strict);
    expect(within(container).getByRole("heading", { name: "Checking your eligibility" })).toBeInTheDocument();

    const { recoverable, consoleError } = await hydrate(container, step, strict);
    expect(recoverable).toEqual([]);
    expect(await screen.findByRole("heading", { name: "Good news: you're eligible" })).toBeInTheDocument();
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("hydrates <ConsentStep> loading, then shows the terms and takes the agreement", async () => {
    const step = ({ ConsentStep }: Onflex) => <ConsentStep mpan={SANDBOX.mpans.domestic} proposition={AXLE_PROPOSITIONS.smartCharging} />;
    const container = await serverPage(step, strict);
    expect(within(container).getByRole("status")).toHaveTextContent("Loading the terms…");

    const { recoverable, consoleError } = await hydrate(container, step, strict);
    expect(recoverable).toEqual([]);
    await screen.findByRole("region", { name: "Smart Charging terms (sandbox)" });
    const agree = screen.getByRole("checkbox", { name: "I have read and agree to these terms" });
    await userEvent.setup().click(agree);
    expect(agree).toBeChecked();
    expect(consoleError).not.toHaveBeenCalled();
  });
});
