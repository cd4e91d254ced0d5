import { SANDBOX } from "@onflex/core";
import { signPortalUrl } from "@onflex/embed/server";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { expectNoA11yViolations } from "./models/a11y.js";
import { tabTo } from "./models/keyboard.js";

// Uses only what the root Playwright config starts: the portal on 127.0.0.1:4400 with its
// sandbox sites (registered origins http://127.0.0.1:5173 and http://localhost:5173) and the
// demo host on 127.0.0.1:5173, which frames the portal. The unregistered host is a real
// loopback server started here: a page.route() page would be stopped by Chromium's local
// network access checks before the portal's CSP is even consulted.
const PORTAL = "http://127.0.0.1:4400";
const REGISTERED_HOST = "http://localhost:5173";
const SITE_ID = "site_demo";
const API_KEY = "onflex_sandbox_demo_api_key";
const KEY_ID = "k2026";
const SECRET = "onflex-sandbox-demo-secret-k2026";
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function siteToken(page: Page): Promise<string> {
  const response = await page.request.post(`${PORTAL}/v1/auth/site/${SITE_ID}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { site_access_token: string }).site_access_token;
}

async function signedLink(page: Page, options: { expiresInSeconds?: number; now?: () => number; hostOrigin?: string } = {}): Promise<string> {
  return signPortalUrl({
    baseUrl: `${PORTAL}/embed`,
    siteId: SITE_ID,
    token: await siteToken(page),
    secret: SECRET,
    keyId: KEY_ID,
    hostOrigin: options.hostOrigin ?? REGISTERED_HOST,
    ...(options.expiresInSeconds ? { expiresInSeconds: options.expiresInSeconds } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** The portal resumes a site's saved journey; these tests start from a clean one. */
async function clearSavedJourney(page: Page): Promise<void> {
  const entry = await page.request.get(await signedLink(page));
  const sessionId = /"sessionId":"([^"]+)"/.exec(await entry.text())?.[1];
  expect(sessionId).toBeTruthy();
  const cleared = await page.request.delete(`${PORTAL}/v1/session/progress`, { headers: { Authorization: `Bearer ${sessionId}` } });
  expect(cleared.status()).toBe(204);
}

/**
 * Records every message the host window receives, and which of them a careful host accepts:
 * from the portal's origin AND from the portal iframe's window.
 */
const RECORD_MESSAGES = `
  window.accepted = []; window.seen = [];
  window.addEventListener("message", (event) => {
    window.seen.push({ origin: event.origin, data: event.data });
    const frame = document.querySelector("iframe");
    if (event.origin === ${JSON.stringify(PORTAL)} && frame && event.source === frame.contentWindow) window.accepted.push(event.data);
  });`;

/** A host page on an origin the portal does not know, framing a valid link. */
async function startUnregisteredHost(link: string): Promise<{ origin: string; server: Server }> {
  const html = `<!doctype html><html lang="en"><head><title>Host</title></head><body><h1>Unregistered host</h1>
<iframe title="Onflex portal" src="${link.replace(/&/g, "&amp;")}" style="width:100%;height:600px;border:0"></iframe>
<script>${RECORD_MESSAGES}</script></body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

type Recorded = { version: number; type: string; payload: Record<string, unknown> };
async function accepted(page: Page): Promise<Recorded[]> {
  return page.evaluate(() => (window as unknown as { accepted: Recorded[] }).accepted);
}

/** The journey inside the frame, by keyboard only. */
class FramedJourney {
  constructor(
    readonly page: Page,
    readonly frame: FrameLocator,
  ) {}

  get flow(): FrameLocator {
    return this.frame;
  }

  async press(name: string): Promise<void> {
    const button = this.flow.getByRole("button", { name, exact: true });
    await tabTo(this.page, button, { maxPresses: 60 });
    await this.page.keyboard.press("Enter");
  }

  async run(postcode: string): Promise<void> {
    const field = this.flow.getByRole("textbox", { name: "Postcode" });
    await tabTo(this.page, field, { maxPresses: 60 });
    await this.page.keyboard.type(postcode);
    await this.press("Find address");
    const first = this.flow.getByRole("group", { name: `Addresses at ${postcode}` }).getByRole("radio").first();
    await tabTo(this.page, first);
    await this.page.keyboard.press("Space");
    await expect(first).toBeChecked();
    await this.press("Use this address");
    // An eligible result may move straight on to the terms; otherwise it waits for Continue.
    const eligible = this.flow.getByRole("heading", { name: "Good news: you're eligible" });
    const terms = this.flow.getByRole("heading", { name: "Read and agree to the terms" });
    await expect(eligible.or(terms)).toBeVisible();
    if (await eligible.isVisible()) await this.press("Continue");
    await expect(terms).toBeVisible();
    const box = this.flow.getByRole("checkbox", { name: "I have read and agree to these terms" });
    await tabTo(this.page, box);
    await this.page.keyboard.press("Space");
    await expect(box).toBeChecked();
    await this.press("Accept");
    await expect(this.flow.getByRole("heading", { name: "You're signed up" })).toBeVisible();
  }
}

test.describe("portal: embedded in a host on another origin", () => {
  test("a keyboard user completes the journey in the iframe; the host receives completed with the consent timestamp", async ({ page }) => {
    const startedAt = Date.now();
    await clearSavedJourney(page);
    await page.addInitScript(RECORD_MESSAGES);
    await page.goto("/portal");
    const frame = page.frameLocator('iframe[title="Onflex onboarding portal"]');
    await expect(frame.getByText("Voltra Home", { exact: true })).toBeVisible();
    // The signature is dropped from the framed page's address once the session is taken.
    await expect.poll(() => page.frames().find((f) => f.url().startsWith(PORTAL))?.url()).toBe(`${PORTAL}/embed`);

    await new FramedJourney(page, frame).run(SANDBOX.postcodes.happy);

    await expect.poll(async () => (await accepted(page)).map((m) => m.type)).toContain("completed");
    const messages = await accepted(page);
    expect(messages[0]?.type).toBe("ready");
    expect(messages.some((m) => m.type === "resize")).toBe(true);
    expect(messages.every((m) => m.version === 3)).toBe(true);
    const steps = messages.filter((m) => m.type === "step").map((m) => m.payload);
    expect(steps.map((step) => step["stepId"])).toEqual(expect.arrayContaining(["address", "consent"]));
    expect(steps[0]).toEqual({ stepId: "address", flow: "address", index: 0, total: 3 });
    const completed = messages.find((m) => m.type === "completed");
    const output = completed?.payload["output"] as { journeyId: string; steps: string[]; facts: { consent: { givenAt: string; recordedAt: string; termsVersion: string }; meter: { mpan: string } } };
    expect(output.journeyId).toBe("axle-smart-charging");
    expect(output.steps).toEqual(["address", "eligibility", "consent"]);
    expect(output.facts.meter.mpan).toMatch(/^\d{13}$/);
    const consent = output.facts.consent;
    expect(consent.givenAt).toMatch(ISO_UTC);
    expect(consent.recordedAt).toMatch(ISO_UTC);
    expect(consent.termsVersion).toBe(SANDBOX.terms.full_asset_schedule_control);
    expect(Date.parse(consent.givenAt)).toBeGreaterThanOrEqual(startedAt - 1000);
    // The demo host (<OnflexPortal>) heard it through onComplete, and shows the facts.
    await expect(page.getByRole("log", { name: "Events from the portal" }).getByText("onComplete", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Completion output" }).getByText(SANDBOX.terms.full_asset_schedule_control, { exact: true })).toBeVisible();
  });

  test("the portal refuses to render when framed by an unregistered origin", async ({ page }) => {
    const refusals: string[] = [];
    page.on("console", (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    const host = await startUnregisteredHost(await signedLink(page, { hostOrigin: REGISTERED_HOST }));
    try {
      await page.goto(`${host.origin}/`);
      await expect(page.getByRole("heading", { name: "Unregistered host" })).toBeVisible();
      await expect.poll(() => refusals.length).toBeGreaterThan(0);
      await expect(page.frameLocator('iframe[title="Onflex portal"]').getByText("Voltra Home")).toHaveCount(0);
      expect(await accepted(page)).toEqual([]);
    } finally {
      host.server.close();
    }
  });

  test("the demo host ignores a hostile window's messages", async ({ page, context }) => {
    await page.goto("/portal");
    const log = page.getByRole("log", { name: "Events from the portal" });
    await expect(log.getByText("onReady", { exact: true }).first()).toBeVisible();
    // Well-formed: only where it comes from gives it away.
    const forged = { source: "onflex-portal", version: 3, type: "exit", payload: { reason: "user_closed", stepId: null, flow: null } };
    // Another origin's window that holds a reference to the host (an opener relationship).
    const hostile = await context.newPage();
    await hostile.route("http://hostile.test/", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Hostile</title>" }));
    await hostile.goto("http://hostile.test/");
    const popupPromise = page.waitForEvent("popup");
    await page.evaluate(() => void window.open("http://hostile.test/", "hostile"));
    const popup = await popupPromise;
    await popup.evaluate((message) => window.opener.postMessage(message, "*"), forged);
    // The host's own window posting to itself (same origin as the host, not the portal's).
    await page.evaluate((message) => window.postMessage(message, "*"), forged);
    await page.waitForTimeout(500);
    await expect(log.getByText("onExit", { exact: true })).toHaveCount(0);
    await hostile.close();
  });
});

/** Holds the flow's chunk back (the first screen, from the server's HTML, stays up meanwhile) until `release()`. */
async function holdFlowChunk(page: Page): Promise<{ release(): void; requested: () => number }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let requested = 0;
  await page.route(/\/assets\/portal\.flow-[^/]+\.js$/, async (route) => {
    requested += 1;
    await held;
    await route.continue();
  });
  return { release, requested: () => requested };
}

test.describe("portal: the first screen before the journey's code", () => {
  test("the page's HTML brings the first screen: typing and Find address work before the app's code has loaded, and the page carries on from them", async ({ page }) => {
    await clearSavedJourney(page);
    let releaseEntry!: () => void;
    const entryHeld = new Promise<void>((resolve) => {
      releaseEntry = resolve;
    });
    await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await entryHeld;
      await route.continue();
    });
    let lookups = 0;
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/v1/addresses") lookups += 1;
    });
    await page.goto(await signedLink(page), { waitUntil: "commit" });
    const field = page.getByRole("textbox", { name: "Postcode" });
    await expect(field).toBeEnabled();
    await expect(page.locator("[data-onflex-prerendered]")).toHaveCount(1);
    await expectNoA11yViolations(page);
    await tabTo(page, field);
    await page.keyboard.type(SANDBOX.postcodes.happy);
    // The page's inline script (allowed by the CSP's hash) keeps the press: the page stays,
    // with what was typed, and shows it is busy.
    const url = page.url();
    await page.keyboard.press("Enter");
    const button = page.getByRole("button", { name: "Find address" });
    await expect(button).toHaveAttribute("aria-busy", "true");
    expect(page.url()).toBe(url);
    await expect(field).toHaveValue(SANDBOX.postcodes.happy);
    expect(lookups).toBe(0);

    releaseEntry();
    // The real step runs the kept press once, through its own validation.
    await expect(page.getByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` })).toBeVisible();
    await expect(page.locator("[data-onflex-prerendered]")).toHaveCount(0);
    expect(lookups).toBe(1);
  });

  test("what is typed while the flow loads stays, with the focus, and the journey goes on with it", async ({ page }) => {
    await clearSavedJourney(page);
    const flow = await holdFlowChunk(page);
    await page.goto(await signedLink(page));
    const field = page.getByRole("textbox", { name: "Postcode" });
    await expect(field).toBeEnabled();
    await expect(page.getByRole("heading", { name: "Find your address" })).toBeVisible();
    await expectNoA11yViolations(page);
    await tabTo(page, field);
    await page.keyboard.type(SANDBOX.postcodes.happy);
    await expect.poll(flow.requested).toBe(1);

    flow.release();
    // The real step has taken over once the journey reports its first step (the flow sends `ready`, then `step`).
    await expect(field).toHaveValue(SANDBOX.postcodes.happy);
    await expect(field).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test("Find address pressed before the flow arrives waits, busy, and runs once when it does", async ({ page }) => {
    await clearSavedJourney(page);
    const flow = await holdFlowChunk(page);
    let lookups = 0;
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/v1/addresses") lookups += 1;
    });
    await page.goto(await signedLink(page));
    const field = page.getByRole("textbox", { name: "Postcode" });
    await tabTo(page, field);
    await page.keyboard.type(SANDBOX.postcodes.happy);
    await page.keyboard.press("Enter");
    const button = page.getByRole("button", { name: "Find address" });
    await expect(button).toHaveAttribute("aria-busy", "true");
    await button.click();
    await expectNoA11yViolations(page);

    flow.release();
    await expect(page.getByRole("group", { name: `Addresses at ${SANDBOX.postcodes.happy}` })).toBeVisible();
    expect(lookups).toBe(1);
  });
});

test.describe("portal: rejected links", () => {
  test("a tampered link shows its own rejection page", async ({ page }) => {
    const url = new URL(await signedLink(page));
    url.searchParams.set("token", `${url.searchParams.get("token")}x`);
    const response = await page.goto(url.toString());
    expect(response?.status()).toBe(401);
    await expect(page.getByRole("heading", { level: 1, name: "This link has been changed" })).toBeVisible();
  });

  test("an expired link shows its own rejection page", async ({ page }) => {
    const link = await signedLink(page, { expiresInSeconds: 60, now: () => Date.now() - 10 * 60_000 });
    const response = await page.goto(link);
    expect(response?.status()).toBe(410);
    await expect(page.getByRole("heading", { level: 1, name: "This link has expired" })).toBeVisible();
  });

  test("a replayed link shows its own rejection page", async ({ page }) => {
    const link = await signedLink(page);
    expect((await page.goto(link))?.status()).toBe(200);
    await expect(page.getByText("Voltra Home", { exact: true })).toBeVisible();
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    await expect(page.getByRole("heading", { level: 1, name: "This link has already been used" })).toBeVisible();
  });
});
