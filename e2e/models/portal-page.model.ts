import { expect, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { expectNoA11yViolations } from "./a11y.js";

/** The demo's "Embedded portal" page: a host page framing the portal from another origin. */
export class PortalPageModel {
  constructor(readonly page: Page) {}

  get frameElement(): Locator {
    return this.page.getByTitle("Onflex onboarding portal");
  }

  get portal(): FrameLocator {
    return this.page.frameLocator('iframe[title="Onflex onboarding portal"]');
  }

  get eventLog(): Locator {
    return this.page.getByRole("log", { name: "Events from the portal" });
  }

  async open(): Promise<void> {
    await this.page.goto("/portal");
    await expect(this.page.getByRole("heading", { level: 1, name: "Embedded portal" })).toBeVisible();
  }

  async seePortalFrom(origin: string): Promise<void> {
    await expect(this.frameElement).toBeVisible();
    const src = await this.frameElement.getAttribute("src");
    expect(new URL(src ?? "about:blank").origin).toBe(origin);
  }

  async seeEvent(type: string): Promise<void> {
    await expect(this.eventLog.getByRole("listitem").filter({ has: this.page.getByText(type, { exact: true }) }).first()).toBeVisible();
  }

  async checkAccessibility(): Promise<void> {
    await expectNoA11yViolations(this.page);
  }
}
