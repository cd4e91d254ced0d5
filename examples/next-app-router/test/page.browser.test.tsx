// The same route in the browser: the server's HTML hydrated by the client component, whose
// API object calls the host's backend (/api/onflex), served here by MSW on Onflex's sandbox.
import { createSandboxApi, SANDBOX } from "@onflex/core";
import { createSandboxHandlers } from "@onflex/core/msw";
import * as browser from "@onflex/react";
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { setupServer } from "msw/node";
import { StrictMode } from "react";
import { hydrateRoot, type Root } from "react-dom/client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { renderOnServerWithoutDom } from "../../../packages/react/test/server.js";
import BrowserPage from "../app/onboarding/page";

const backend = setupServer(...createSandboxHandlers(createSandboxApi(), { baseUrl: new URL("/api/onflex", location.href).href }));
let ServerPage: typeof BrowserPage;
let root: Root | undefined;

beforeAll(async () => {
  backend.listen({ onUnhandledRequest: "error" });
  // The server's own copy of the page and of @onflex/react, as a server process has (see
  // packages/react/test/hydration.test.tsx); the browser's step chunks are fetched first, so
  // they stay the browser copy's.
  await Promise.all(Object.values(browser.onflexSteps).map((entry) => entry.load?.()));
  vi.resetModules();
  ServerPage = (await import("../app/onboarding/page")).default;
});

afterEach(() => {
  act(() => root?.unmount());
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

afterAll(() => backend.close());

describe("the Next.js App Router example, hydrated in the browser", () => {
  it("adopts the server's HTML and runs the journey against the host's backend", async () => {
    const searchParams = { charger: SANDBOX.assetModels.qualified };
    const container = document.createElement("div");
    // The App Router turns StrictMode on by default.
    container.innerHTML = await renderOnServerWithoutDom(<StrictMode>{await ServerPage({ searchParams: Promise.resolve(searchParams) })}</StrictMode>);
    document.body.append(container);
    const serverInput = within(container).getByRole("textbox", { name: "Postcode" });

    const requests: Request[] = [];
    backend.events.on("request:start", ({ request }) => void requests.push(request.clone()));
    const recoverable: unknown[] = [];
    const consoleError = vi.spyOn(console, "error");
    const tree = <StrictMode>{await BrowserPage({ searchParams: Promise.resolve(searchParams) })}</StrictMode>;
    await act(async () => {
      root = hydrateRoot(container, tree, { onRecoverableError: (error) => void recoverable.push(error) });
    });
    expect(recoverable).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    expect(screen.getByRole("textbox", { name: "Postcode" })).toBe(serverInput);

    const user = userEvent.setup();
    await user.type(serverInput, `${SANDBOX.postcodes.happy}{Enter}`);
    await user.click(within(await screen.findByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` })).getAllByRole("radio")[0]!);
    await user.click(screen.getByRole("button", { name: "Use this address" }));
    expect(await screen.findByRole("heading", { name: "Read and agree to the terms" }, { timeout: 5000 })).toBeInTheDocument();

    // Every request went to the host's backend, and the charger from the URL reached the eligibility check.
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const request of requests) expect(request.url).toMatch(new RegExp(`^${location.origin}/api/onflex/v1/`));
    const check = requests.find((request) => request.url.endsWith("/v1/eligibility/check"));
    expect(await check?.json()).toMatchObject({ assetModel: SANDBOX.assetModels.qualified });
    expect(recoverable).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });
});
