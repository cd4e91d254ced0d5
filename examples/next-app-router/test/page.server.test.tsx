// @vitest-environment node
// What a Next.js server does with /onboarding: run the server components (the layout and the
// page), then render what they return, client component included, to HTML. Plain Node: no
// window, no document. Runs in the "react" and "react-18" projects (Next 15 uses React 19,
// Next 14 React 18).
import { SANDBOX } from "@onflex/core";
import { within } from "@testing-library/react";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderOnServer } from "../../../packages/react/test/server.js";
import RootLayout from "../app/layout";
import OnboardingPage from "../app/onboarding/page";

// jsdom parses the HTML once the render is over; it ships no types, and only its constructor is used.
const { JSDOM } = createRequire(import.meta.url)("jsdom") as { JSDOM: new (html: string) => { window: Window } };

async function renderRoute(search: Record<string, string>) {
  const page = await OnboardingPage({ searchParams: Promise.resolve(search) });
  const html = await renderOnServer(<RootLayout>{page}</RootLayout>);
  return { html, page: new JSDOM(html).window.document.body };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the Next.js App Router example, rendered on the server", () => {
  it("renders the page and the journey's first step to HTML without a DOM or a request", async () => {
    // The host's backend is not called while rendering: the journey's requests start in the browser.
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.reject(new Error("no request expected on the server")));
    vi.stubGlobal("fetch", fetch);
    expect(typeof window).toBe("undefined");

    const { html, page } = await renderRoute({ charger: SANDBOX.assetModels.qualified });

    expect(typeof window).toBe("undefined");
    expect(fetch).not.toHaveBeenCalled();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en-GB">/);
    expect(within(page).getByRole("heading", { level: 1, name: "Set up smart charging" })).toBeInTheDocument();
    const main = within(within(page).getByRole("main"));
    expect(main.getByRole("navigation", { name: "Progress" })).toHaveTextContent("Step 1 of 3");
    // The first step itself, not its skeleton: the render waited for the step's code.
    expect(main.getByRole("heading", { level: 2, name: "Find your address" })).toBeInTheDocument();
    expect(main.getByRole("textbox", { name: "Postcode" })).toHaveAccessibleDescription(/postcode of the home/);
    expect(main.getByRole("button", { name: "Find address" })).toBeInTheDocument();
    expect(main.queryByRole("status", { name: "Loading the next step…" })).not.toBeInTheDocument();
  });
});
