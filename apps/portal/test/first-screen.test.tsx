import { AXLE_PROPOSITIONS, createSandboxApi, SANDBOX, serveOperation } from "@onflex/core";
import { act, configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { StrictMode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PortalBoot } from "../src/shared/boot.types.js";
import { presets } from "@onflex/machines";
import { capturePrerendered, JOURNEY_FLOWS, opensOnFirstScreen } from "../src/web/first-screen.js";
import { renderFirstScreenMarkup } from "../src/web/first-screen.markup.js";
import { renderPortal as renderPortalPage } from "../src/web/main.js";
import type { PortalFlowComponent } from "../src/web/flow.load.js";
import { journeyFor } from "../src/web/journey.messages.js";
import { PortalApp } from "../src/web/portal.app.js";
import { loadServerProgress } from "../src/web/progress.storage.js";

const BOOT: PortalBoot = {
  sessionId: "ses_test",
  sessionExpiresAt: "2030-01-01T00:00:00.000Z",
  site: { id: "site_demo", name: "Voltra Home", branding: { name: "Voltra Home", primaryColor: "#0b6e4f" } },
  hostOrigin: null,
  registeredOrigins: [],
  journey: null,
  assetModel: SANDBOX.assetModels.qualified,
  proposition: AXLE_PROPOSITIONS.smartCharging,
  cleanPath: "/embed",
};

/**
 * The portal's server as the page sees it, behind an injected `fetch`: its saved progress in
 * memory, and core's router over the sandbox for the API (as the portal's REST routes do).
 */
function fakePortalServer(saved: string | null = null) {
  const api = createSandboxApi({ latency: 0 });
  const state = { saved, lookups: 0 };
  const json = (status: number, body: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.pathname === "/v1/session/progress") {
      if (request.method === "GET") return json(200, { snapshot: state.saved === null ? null : JSON.parse(state.saved) });
      if (request.method === "PUT") state.saved = JSON.stringify(((await request.json()) as { snapshot: unknown }).snapshot);
      else state.saved = null;
      return json(204, undefined);
    }
    if (url.pathname === "/v1/addresses") state.lookups += 1;
    const answer = await serveOperation(api, { method: request.method, pathname: url.pathname, query: url.searchParams, readJson: () => request.json() });
    return json(answer.status, answer.body);
  };
  return { state, fetch };
}

/** The flow's chunk, held back until the test lets it arrive. */
function gatedFlow() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const loaded = gate.then(() => import("../src/web/portal.flow.js")).then((module) => module.default);
  return { load: (): Promise<PortalFlowComponent> => loaded, arrive: async () => act(async () => (open(), void (await loaded))) };
}

function renderPortal(server: ReturnType<typeof fakePortalServer>, flow: ReturnType<typeof gatedFlow>) {
  vi.stubGlobal("fetch", server.fetch);
  const progress = loadServerProgress({ baseUrl: window.location.origin, sessionId: BOOT.sessionId, fetch: server.fetch });
  return render(
    <StrictMode>
      <PortalApp boot={BOOT} progress={progress} loadFlow={flow.load} />
    </StrictMode>,
  );
}

/**
 * Waits until the real step has replaced the shell: the flow has saved the journey it started.
 * The flow takes over after the shell's next frame, so a test that types at once could type
 * into the shell's field as it leaves (user-event keeps typing into the element it was given,
 * where a browser follows the focus to the step's field).
 */
async function realStepOnScreen(server: ReturnType<typeof fakePortalServer>) {
  await waitFor(() => expect(server.state.saved).not.toBeNull());
}

/** The main region's markup with React's generated ids made comparable. */
function markupOf(container: HTMLElement): string {
  const main = container.querySelector("main")!;
  const ids = new Map<string, string>();
  const stable = (id: string) => ids.get(id) ?? (ids.set(id, `id${ids.size}`), `id${ids.size - 1}`);
  return main.innerHTML.replace(/(id|for|aria-describedby)="([^"]*)"/g, (_all, name: string, value: string) => `${name}="${value.split(" ").map(stable).join(" ")}"`);
}

/**
 * The server's first screen in `container` as a browser parses the page: the markup, then its
 * inline script runs. innerHTML never runs scripts, so each is put back as a new element,
 * which Vitest's jsdom (runScripts: "dangerously") runs as it is inserted.
 */
function parseFirstScreen(container: HTMLElement) {
  container.innerHTML = renderFirstScreenMarkup(BOOT.site.branding);
  for (const sent of container.querySelectorAll("script")) {
    const script = document.createElement("script");
    script.textContent = sent.textContent;
    sent.replaceWith(script);
  }
}

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { region: { enabled: false }, "color-contrast": { enabled: false } } });
  expect(results.violations.map((v) => v.id)).toEqual([]);
}

beforeEach(() => {
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      disconnect() {}
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

// These tests run the real journey on the sandbox with real timers (draft saves are
// debounced, the sandbox answers after a delay): under a loaded CI machine a step takes
// seconds, so the waits and the tests get room; a handover that never happens still fails.
configure({ asyncUtilTimeout: 5_000 });

describe("the first screen's shell", { timeout: 30_000 }, () => {
  it("lists the flows of every journey the portal runs", () => {
    for (const proposition of Object.values(AXLE_PROPOSITIONS)) {
      const { source } = journeyFor(proposition);
      expect(source.type === "fixed" ? source.steps.map((step) => step.flow) : null).toEqual([...JOURNEY_FLOWS]);
    }
  });

  it("paints the first screen before the flow arrives, with the markup the real step has, and passes axe", async () => {
    const server = fakePortalServer();
    const flow = gatedFlow();
    const { container } = renderPortal(server, flow);
    expect(await screen.findByRole("textbox", { name: "Postcode" })).toBeEnabled();
    expect(screen.getByRole("heading", { name: "Find your address" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Find address" })).toBeEnabled();
    expect(within(screen.getByRole("navigation", { name: "Progress" })).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["Address", "Eligibility", "Agreement"]);
    expect(document.body).toHaveFocus();
    await expectNoAxeViolations(container);
    const shell = markupOf(container);

    await flow.arrive();
    await waitFor(() => expect(server.state.saved).not.toBeNull());
    expect(markupOf(container)).toBe(shell);
    expect(document.body).toHaveFocus();
  });

  it("hands over what was typed, the focus and the caret", async () => {
    const user = userEvent.setup();
    const server = fakePortalServer();
    const flow = gatedFlow();
    renderPortal(server, flow);
    const shellField = await screen.findByRole<HTMLInputElement>("textbox", { name: "Postcode" });
    await user.type(shellField, "SW1A 1A");
    shellField.setSelectionRange(2, 4);

    await flow.arrive();
    const field = screen.getByRole<HTMLInputElement>("textbox", { name: "Postcode" });
    expect(field).not.toBe(shellField);
    expect(field).toHaveValue("SW1A 1A");
    expect(field).toHaveFocus();
    expect([field.selectionStart, field.selectionEnd]).toEqual([2, 4]);
    // And it is the step's draft now: saved with the journey.
    await waitFor(() => expect(server.state.saved).toContain('"SW1A 1A"'), { timeout: 5000 });
    await user.type(field, "A");
    expect(field).toHaveValue("SW1A 1AA");
  });

  it("keeps a submission made before the flow arrived busy, then runs it once", async () => {
    const user = userEvent.setup();
    const server = fakePortalServer();
    const flow = gatedFlow();
    renderPortal(server, flow);
    await user.type(await screen.findByRole("textbox", { name: "Postcode" }), `${SANDBOX.postcodes.happy}{Enter}`);
    const button = screen.getByRole("button", { name: "Find address" });
    expect(button).toHaveAttribute("aria-busy", "true");
    await user.click(button);
    await user.keyboard("{Enter}");
    expect(server.state.lookups).toBe(0);

    await flow.arrive();
    expect(await screen.findByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` })).toBeInTheDocument();
    expect(server.state.lookups).toBe(1);
  });

  it("leaves validation to the real step: a postcode it rejects gets its message, and nothing is sent", async () => {
    const user = userEvent.setup();
    const server = fakePortalServer();
    const flow = gatedFlow();
    renderPortal(server, flow);
    await user.type(await screen.findByRole("textbox", { name: "Postcode" }), "SW1{Enter}");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();

    await flow.arrive();
    expect(await screen.findByRole("alert")).toHaveTextContent("That postcode is too short. Enter a full postcode, like SW1A 1AA.");
    expect(screen.getByRole("textbox", { name: "Postcode" })).toHaveAccessibleDescription(expect.stringContaining("too short"));
    expect(screen.getByRole("button", { name: "Find address" })).not.toHaveAttribute("aria-busy");
    expect(server.state.lookups).toBe(0);
  });

  it("is shown again for a journey saved on the first screen, with its draft", async () => {
    const user = userEvent.setup();
    const server = fakePortalServer();
    const first = gatedFlow();
    const { unmount } = renderPortal(server, first);
    await first.arrive();
    await realStepOnScreen(server);
    await user.type(screen.getByRole("textbox", { name: "Postcode" }), "SW1A");
    await waitFor(() => expect(server.state.saved).toContain('"SW1A"'), { timeout: 5000 });
    unmount();

    renderPortal(server, gatedFlow());
    expect(await screen.findByRole("textbox", { name: "Postcode" })).toHaveValue("SW1A");
  });

  it("is not shown for a journey saved past the first screen: loading until the flow resumes it", async () => {
    const user = userEvent.setup();
    const server = fakePortalServer();
    const first = gatedFlow();
    const { unmount } = renderPortal(server, first);
    await first.arrive();
    await realStepOnScreen(server);
    await user.type(screen.getByRole("textbox", { name: "Postcode" }), `${SANDBOX.postcodes.happy}{Enter}`);
    await screen.findByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` });
    await waitFor(() => expect(server.state.saved).toContain('"results"'), { timeout: 5000 });
    unmount();

    const flow = gatedFlow();
    renderPortal(server, flow);
    expect(await screen.findByRole("status")).toHaveTextContent("Loading…");
    expect(screen.queryByRole("textbox", { name: "Postcode" })).not.toBeInTheDocument();
    await flow.arrive();
    expect(await screen.findByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` })).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Postcode" })).not.toBeInTheDocument();
  });
});

describe("the first screen the server sends", { timeout: 30_000 }, () => {
  it("is sent for exactly the journeys that open on it", () => {
    expect(opensOnFirstScreen(null)).toBe(true);
    for (const [name, journey] of Object.entries(presets)) {
      const { source } = journey;
      const opens = source.type === "fixed" && source.steps.map((step) => step.flow).join() === JOURNEY_FLOWS.join() && !source.steps.some((step) => "when" in step);
      expect(opensOnFirstScreen(name), name).toBe(opens);
    }
  });

  it("is the shell's markup, with a labelled Postcode field that passes axe and a form that goes nowhere", async () => {
    const sent = document.createElement("div");
    sent.innerHTML = renderFirstScreenMarkup(BOOT.site.branding);
    document.body.append(sent);
    try {
      expect(within(sent).getByRole("textbox", { name: "Postcode" })).toBeEnabled();
      expect(sent.querySelector("form")).toHaveAttribute("method", "dialog");
      await expectNoAxeViolations(sent);
      const { container } = renderPortal(fakePortalServer(), gatedFlow());
      await within(container).findByRole("textbox", { name: "Postcode" });
      // Inline styles serialised as the DOM would (the app sets them property by property).
      for (const element of sent.querySelectorAll<HTMLElement>("[style]")) element.setAttribute("style", element.style.cssText);
      for (const script of sent.querySelectorAll("script")) script.remove();
      expect(markupOf(sent).replace(' method="dialog"', "")).toBe(markupOf(container));
    } finally {
      sent.remove();
    }
  });

  it("hands what was typed before any script ran, the focus and the caret straight to the real step once the flow's code is here", async () => {
    const user = userEvent.setup();
    const server = fakePortalServer();
    vi.stubGlobal("fetch", server.fetch);
    const container = document.createElement("div");
    container.id = "root";
    document.body.append(container);
    parseFirstScreen(container);
    const sentField = within(container).getByRole<HTMLInputElement>("textbox", { name: "Postcode" });
    await user.type(sentField, "SW1A 1A");
    sentField.setSelectionRange(2, 4);

    // The page's own start-up (main.tsx): the server's screen stays, armed by its inline script,
    // until the saved journey and the flow's code are both here; then the real step replaces it.
    const root = renderPortalPage({ ...BOOT, sessionId: "ses_prerendered" });
    try {
      expect(container.querySelector("[data-onflex-prerendered] form[data-onflex-armed]")).not.toBeNull();
      await waitFor(() => expect(container.querySelector("[data-onflex-prerendered]")).toBeNull(), { timeout: 10_000 });
      const fields = within(container).getAllByRole<HTMLInputElement>("textbox", { name: "Postcode" });
      expect(fields).toHaveLength(1);
      const [field] = fields as [HTMLInputElement];
      expect(field).not.toBe(sentField);
      expect(field).toHaveValue("SW1A 1A");
      expect(field).toHaveFocus();
      expect([field.selectionStart, field.selectionEnd]).toEqual([2, 4]);
      // The real step, not a copy: it saves the journey with what was typed as its draft.
      await waitFor(() => expect(server.state.saved).toContain('"SW1A 1A"'), { timeout: 10_000 });
    } finally {
      act(() => root.unmount());
      container.remove();
    }
  });

  it("keeps a press of Find address made on it before the page's code has run, busy, and runs it once through the real step", async () => {
    const user = userEvent.setup();
    const server = fakePortalServer();
    // The saved journey is read only when the test says: until then the server's screen stays.
    let answerProgress!: () => void;
    const progressHeld = new Promise<void>((resolve) => {
      answerProgress = resolve;
    });
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      if (new URL(new Request(input, init).url).pathname === "/v1/session/progress") await progressHeld;
      return server.fetch(input, init);
    });
    const container = document.createElement("div");
    container.id = "root";
    document.body.append(container);
    parseFirstScreen(container);
    // Pressed as the page paints: none of the page's own code has run yet.
    const sentField = within(container).getByRole<HTMLInputElement>("textbox", { name: "Postcode" });
    await user.type(sentField, `${SANDBOX.postcodes.happy}{Enter}`);
    const button = within(container).getByRole("button", { name: "Find address" });
    expect(button).toHaveAttribute("aria-busy", "true");
    expect(button.closest("section")).toHaveAttribute("aria-busy", "true");
    await user.click(button);
    const root = renderPortalPage({ ...BOOT, sessionId: "ses_armed" });
    try {
      await user.click(button);
      expect(container.querySelector("[data-onflex-prerendered]")).not.toBeNull();
      expect(server.state.lookups).toBe(0);

      answerProgress();

      expect(await within(container).findByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` }, { timeout: 10_000 })).toBeInTheDocument();
      expect(container.querySelector("[data-onflex-prerendered]")).toBeNull();
      expect(server.state.lookups).toBe(1);
    } finally {
      act(() => root.unmount());
      container.remove();
    }
  });

  it("goes nowhere on a press when its inline script did not run, and the real step then takes the field over", async () => {
    const user = userEvent.setup();
    const server = fakePortalServer();
    vi.stubGlobal("fetch", server.fetch);
    const container = document.createElement("div");
    container.id = "root";
    // innerHTML: the markup without its script running (as when a proxy changed the script and the CSP refused it).
    container.innerHTML = renderFirstScreenMarkup(BOOT.site.branding);
    document.body.append(container);
    const sentField = within(container).getByRole<HTMLInputElement>("textbox", { name: "Postcode" });
    await user.type(sentField, `${SANDBOX.postcodes.happy}{Enter}`);
    expect(container.querySelector("form[data-onflex-armed]")).toBeNull();
    expect(within(container).getByRole("button", { name: "Find address" })).not.toHaveAttribute("aria-busy");
    const root = renderPortalPage({ ...BOOT, sessionId: "ses_unarmed" });
    try {
      await waitFor(() => expect(container.querySelector("[data-onflex-prerendered]")).toBeNull(), { timeout: 10_000 });
      await realStepOnScreen(server);
      expect(within(container).getByRole("textbox", { name: "Postcode" })).toHaveValue(SANDBOX.postcodes.happy);
      expect(server.state.lookups).toBe(0);
    } finally {
      act(() => root.unmount());
      container.remove();
    }
  });

  it("finds nothing to take over in a page the server sent without it", () => {
    const container = document.createElement("div");
    expect(capturePrerendered(container)).toBeNull();
    container.innerHTML = `<form><input name="postcode" value="typed elsewhere"></form>`;
    expect(capturePrerendered(container)).toBeNull();
  });
});
