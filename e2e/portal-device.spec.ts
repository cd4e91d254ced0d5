import { SANDBOX } from "@onflex/core";
import { expect, test, type Page } from "@playwright/test";
import { DEVICES, JourneyModel, type Device } from "./models/journey.model.js";
import { tabTo } from "./models/keyboard.js";
import { PortalPageModel } from "./models/portal-page.model.js";

// The demo's second sandbox host (Gridwise Energy) registered the device journey at the
// portal. Its household connects a car inside the framed portal and signs in at the makers'
// stand-in: a real OAuth 2.0 server (tools/maker-oauth, oidc-provider on 127.0.0.1:4500) that
// the root Playwright config starts with the portal and the demo. The portal exchanges the
// code on its server, and the widget learns the result from it.

/** The maker's pages in the sign-in popup, by keyboard. */
class MakerSignIn {
  constructor(readonly popup: Page) {}

  async signIn(): Promise<void> {
    await expect(this.popup.getByRole("heading", { name: "Sign in to your device account" })).toBeVisible();
    const password = this.popup.getByLabel("Password");
    await tabTo(this.popup, password);
    await this.popup.keyboard.type("onflex");
    await this.popup.keyboard.press("Enter");
  }

  /** Allow or Deny on the consent page, signing in first when the maker asks. */
  async answer(choice: "Allow" | "Deny"): Promise<void> {
    const button = this.popup.getByRole("button", { name: choice, exact: true });
    const password = this.popup.getByLabel("Password");
    await expect(button.or(password)).toBeVisible();
    if (await password.isVisible()) await this.signIn();
    await tabTo(this.popup, button);
    await this.popup.keyboard.press("Enter");
  }
}

/** Opens the device host's portal page and goes, by keyboard, as far as signing in at the maker. */
async function upToSignIn(page: Page, car: Device = DEVICES.volkswagen): Promise<{ host: PortalPageModel; journey: JourneyModel; name: string }> {
  await page.goto("/portal/device");
  const host = new PortalPageModel(page);
  await expect(page.getByRole("heading", { level: 1, name: "Embedded portal: connect a device" })).toBeVisible();
  const journey = new JourneyModel(page, host.portal);
  await expect(host.portal.getByText("Gridwise Energy", { exact: true })).toBeVisible();

  await journey.seeStep("Find your address");
  await journey.typePostcode(SANDBOX.postcodes.happy);
  await journey.findAddresses();
  await journey.seeAddressesFor(SANDBOX.postcodes.happy);
  await journey.chooseAddress(0);

  await journey.chooseCarAndCharger(car, DEVICES.ohme);
  const name = `${car.make.option} ${car.model.option}`;
  await journey.continueTo(`We'll connect your ${name}`);
  await journey.connectDevice();
  await journey.seeStep(`Allow us to control your ${name}`);
  return { host, journey, name };
}

test.describe("portal: connecting a device at a real authorisation server", () => {
  test("a Tesla owner by keyboard: denies at the maker's sign-in, tries again and allows, adds the virtual key, and a reload during the test charge resumes it until LIVE", async ({ page }) => {
    // The sandbox's test charge takes about 21 s here (20 times faster than a real one).
    test.setTimeout(150_000);
    const { host, journey, name } = await upToSignIn(page, DEVICES.tesla);
    let opened = page.waitForEvent("popup");
    await journey.signInWith("Tesla");
    let maker = new MakerSignIn(await opened);
    expect(new URL(maker.popup.url()).origin).toBe("http://127.0.0.1:4500");
    await maker.signIn();
    await maker.answer("Deny");
    // The maker sent the popup back to the portal's callback; the portal learned the answer.
    await journey.seeStep("Access wasn't allowed");
    await journey.checkAccessibility();

    await journey.retry();
    await journey.seeStep(`Allow us to control your ${name}`);
    opened = page.waitForEvent("popup");
    await journey.signInWith("Tesla");
    maker = new MakerSignIn(await opened);
    await maker.answer("Allow");

    // The virtual key as a QR code on a large screen; the portal's simulated owner adds it in
    // the Tesla app a few seconds later, and the step sees it by itself.
    await journey.seeStep(`Add our key to your ${name}`);
    await expect(journey.flow.getByRole("img", { name: /QR code/i })).toBeVisible();
    await journey.checkAccessibility();

    await expect(journey.flow.getByRole("heading", { name: `Check we can charge your ${name}` })).toBeVisible({ timeout: 30_000 });
    await journey.tick("My car is plugged in at home");
    await journey.tick("The battery isn't full");
    await journey.tick("I'm happy for it to charge for about 7 minutes now");
    await journey.press("Start the test charge");
    await journey.seeStep("Test charge in progress");
    await expect(journey.flow.getByRole("progressbar")).toBeVisible();

    // A reload: a new signed link and session of the same household; the same test, still running.
    await page.reload();
    const resumed = new JourneyModel(page, host.portal);
    await resumed.seeStep("Test charge in progress");
    await expect(resumed.flow.getByRole("progressbar")).toBeVisible();
    await expect(resumed.flow).toContainText(/About \d+ minutes? left/);

    await expect(host.eventLog.getByRole("listitem").filter({ hasText: /^onComplete/ })).toBeVisible({ timeout: 60_000 });
    await expect(host.eventLog).toContainText('"journeyId":"kraken-smartflex"');
  });

  test("the host page reloads while the sign-in popup is open: the portal resumes waiting and finishes when the user allows", async ({ page }) => {
    const { host, journey } = await upToSignIn(page);
    const opened = page.waitForEvent("popup");
    await journey.signInWith("Enode");
    const maker = new MakerSignIn(await opened);
    await journey.seeStep("Finish signing in in the window that opened");

    // A new signed link, a new session of the same household: the journey resumes where it was.
    await page.reload();
    const resumed = new JourneyModel(page, host.portal);
    await resumed.seeStep("Finish signing in in the window that opened");

    await maker.answer("Allow");
    // The widget learns the answer from the server at its next status check (they back off to
    // one every 15 s), or at once when the sign-in window closes and the page is visible again.
    await expect(resumed.flow.getByRole("heading", { name: "Check we can charge your Volkswagen ID.3" })).toBeVisible({ timeout: 20_000 });
  });

  test("the user closes the sign-in popup: Cancel says so, and Try again opens a new sign-in that works", async ({ page }) => {
    const { journey, name } = await upToSignIn(page);
    let opened = page.waitForEvent("popup");
    await journey.signInWith("Enode");
    const closed = await opened;
    await journey.seeStep("Finish signing in in the window that opened");
    await closed.close();
    await journey.press("Cancel");
    await journey.seeStep("Signing in was cancelled");
    await journey.checkAccessibility();
    await journey.retry();
    await journey.seeStep(`Allow us to control your ${name}`);
    opened = page.waitForEvent("popup");
    await journey.signInWith("Enode");
    await new MakerSignIn(await opened).answer("Allow");
    await expect(journey.flow.getByRole("heading", { name: `Check we can charge your ${name}` })).toBeVisible({ timeout: 20_000 });
  });
});
