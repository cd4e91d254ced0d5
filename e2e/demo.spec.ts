import { SANDBOX } from "@onflex/core";
import { expect, test } from "@playwright/test";
import { DEVICES, JourneyModel } from "./models/journey.model.js";
import { PortalPageModel } from "./models/portal-page.model.js";

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

test.describe("demo: the journey used directly", () => {
  test("a keyboard-only user signs up for Smart Charging, from postcode to recorded consent", async ({ page }) => {
    const journey = new JourneyModel(page);
    const startedAt = Date.now();
    await journey.openFresh();
    await journey.checkAccessibility();

    await journey.typePostcode(SANDBOX.postcodes.happy);
    await journey.findAddresses();
    await journey.seeAddressesFor(SANDBOX.postcodes.happy);
    await journey.seeFocusOnHeading("Choose your address");
    await journey.checkAccessibility();
    await journey.chooseAddress(1);

    // An eligible home goes straight on to the terms; the check ran in the background.
    await journey.seeStep("Read and agree to the terms");
    await journey.seeFocusOnHeading("Read and agree to the terms");
    await journey.seeStepDone("Address");
    await journey.seeStepDone("Eligibility");
    await journey.agreeToTerms();
    await journey.checkAccessibility();
    await journey.accept();

    await journey.seeSignedUp();
    await journey.seeFocusOnHeading("You're signed up");
    await journey.checkAccessibility();

    const output = await journey.readCompletionOutput();
    expect(output.proposition).toBe("full_asset_schedule_control");
    expect(output.termsVersion).toBe(SANDBOX.terms.full_asset_schedule_control);
    expect(output.mpan).toMatch(/^\d{13}$/);
    expect(output.givenAt).toMatch(ISO_UTC);
    expect(output.recordedAt).toMatch(ISO_UTC);
    const givenAt = Date.parse(output.givenAt);
    expect(givenAt).toBeGreaterThanOrEqual(startedAt - 1_000);
    expect(givenAt).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(Date.parse(output.recordedAt)).toBeGreaterThanOrEqual(givenAt);
    expect(output.chargerModel).toBe(SANDBOX.assetModels.qualified);
    // The same callback names as the embedded portal page logs.
    await journey.seeCallback(/^onEvent step .*"stepId":"consent".*"total":3/);
    await journey.seeCallback(/^onComplete /);
  });

  test("the device journey: a Tesla owner goes from the address to LIVE by keyboard; the tariff waits on the test charge, and an away-from-home refusal is fixed and retried", async ({ page }) => {
    // The whole device journey, with a test charge of about 21 s at the demo's speed.
    test.setTimeout(180_000);
    const journey = new JourneyModel(page);
    await journey.openFresh("/?journey=device");
    await expect(journey.flow).toHaveAttribute("data-journey", "kraken-smartflex");
    await expect(page.getByRole("complementary", { name: "Simulated car and Tesla app" })).toContainText("20 times faster");
    await journey.typePostcode(SANDBOX.postcodes.happy);
    await journey.findAddresses();
    await journey.seeAddressesFor(SANDBOX.postcodes.happy);
    await journey.chooseAddress(0);

    await journey.chooseCarAndCharger(DEVICES.tesla, DEVICES.ohme);
    await journey.checkAccessibility();
    await journey.continueTo("We'll connect your Tesla Model 3");
    await expect(journey.flow).toContainText("tells us how full the battery is");
    await journey.connectDevice();

    // The proposition requires a tariff switch (this page says so); it waits on the test charge.
    await journey.seeStep(/^Move to the .+ tariff$/);
    await journey.checkAccessibility();
    await journey.press("Accept tariff");
    await journey.seeStep("Tariff accepted");
    await expect(journey.flow).toContainText("once your car has passed its test");
    await journey.press("Continue");

    // Signing in at the maker: the sandbox simulates its page; denying first shows why, and Try again starts over.
    await journey.seeStep("Allow us to control your Tesla Model 3");
    await journey.checkAccessibility();
    await journey.signInWith("Tesla");
    await journey.answerAtMaker("Deny");
    await journey.seeStep("Access wasn't allowed");
    await journey.checkAccessibility();
    await journey.retry();
    await journey.seeStep("Allow us to control your Tesla Model 3");
    await journey.signInWith("Tesla");
    await journey.answerAtMaker("Allow access");

    // The virtual key: a QR code on a large screen; the simulated Tesla app adds the key.
    await journey.seeStep("Add our key to your Tesla Model 3");
    await expect(journey.flow.getByRole("img", { name: /QR code/i })).toBeVisible();
    await journey.checkAccessibility();
    // Too soon: the car has no key yet, and the step says what to do.
    await journey.press("I've added the key");
    await expect(journey.flow).toContainText("We can't see the key on your car yet");
    await journey.pressOnPage("Add the key in the Tesla app");
    // The step checks again by itself (every few seconds, at most every 15 s) and moves on.

    // The test charge: refused once as away from home, then run to the end.
    await expect(journey.flow.getByRole("heading", { name: "Check we can charge your Tesla Model 3" })).toBeVisible({ timeout: 20_000 });
    // The new step takes focus to its heading as it mounts: only then does the keyboard go on from there.
    await journey.seeFocusOnHeading("Check we can charge your Tesla Model 3");
    await journey.pressOnPage("Drive the car away from home");
    await expect(page.getByRole("status").filter({ hasText: "The car drove off" })).toBeVisible();
    await journey.tick("My car is plugged in at home");
    await journey.tick("The battery isn't full");
    await journey.tick("I'm happy for it to charge for about 7 minutes now");
    await journey.checkAccessibility();
    await journey.press("Start the test charge");
    await journey.seeStep("Your car isn't at home");
    await journey.checkAccessibility();
    await journey.retry();
    await journey.seeStep("Test charge in progress");
    await expect(journey.flow.getByRole("progressbar")).toBeVisible();
    await journey.checkAccessibility();

    // About 21 s at the demo's speed; then LIVE, and the tariff switch that waited goes ahead.
    await expect(journey.flow.getByRole("heading", { name: /^You're on the .+ tariff$/ })).toBeVisible({ timeout: 60_000 });
    await journey.checkAccessibility();
    await journey.press("Continue");
    const panel = page.getByRole("region", { name: "Completion output" });
    await expect(panel).toBeVisible();
    await expect(panel).toContainText("kraken-smartflex");
    await journey.seeCallback(/^onEvent step .*"stepId":"testCharge"/);
    await journey.seeCallback(/^onComplete /);
  });

  test("the server-driven device journey: the sandbox's wizard decides each step (no virtual key for a Volkswagen), waits server-side for the switch and the device, and completes when the device is LIVE", async ({ page }) => {
    test.setTimeout(180_000);
    const journey = new JourneyModel(page);
    await journey.openFresh("/?journey=deviceServer");
    await expect(journey.flow).toHaveAttribute("data-journey", "kraken-smartflex-server");
    await journey.seeCallback(/^onEvent step .*"stepId":"address".*"total":null/);
    await journey.typePostcode(SANDBOX.postcodes.happy);
    await journey.findAddresses();
    await journey.seeAddressesFor(SANDBOX.postcodes.happy);
    await journey.chooseAddress(0);

    await journey.chooseCarAndCharger(DEVICES.volkswagen, DEVICES.ohme);
    await journey.continueTo("We'll connect your Volkswagen ID.3");
    await journey.connectDevice();

    await journey.seeStep(/^Move to the .+ tariff$/);
    await journey.press("Accept tariff");
    await journey.seeStep("Tariff accepted");
    await journey.press("Continue");

    await journey.seeStep("Allow us to control your Volkswagen ID.3");
    await journey.signInWith("Enode");
    await journey.answerAtMaker("Allow access");

    // The server skips the virtual key: straight to the test charge.
    await journey.seeStep("Check we can charge your Volkswagen ID.3");
    await journey.tick("My car is plugged in at home");
    await journey.tick("The battery isn't full");
    await journey.tick("I'm happy for it to charge for about 7 minutes now");
    await journey.press("Start the test charge");
    await journey.seeStep("Test charge in progress");

    // The test passes; the user carries on while the platform finishes (PENDING_LIVE). The server
    // has moved past the switch by itself (it went ahead with the test), and waits for the device.
    await expect(journey.flow.getByRole("heading", { name: "Test passed: almost there" })).toBeVisible({ timeout: 60_000 });
    await journey.press("Continue");
    await journey.seeStep("Finishing setting up your device");
    await expect(journey.flow.getByRole("navigation", { name: "Progress" })).toContainText("Device live");
    await journey.seeCallback(/^onEvent step .*"stepId":"deviceLive".*"flow":"waitForTransition".*"total":null/);
    // The device goes LIVE on the sandbox's clock: the wait step sees the server move on, and the journey completes.
    await expect(page.getByRole("region", { name: "Completion output" })).toContainText("kraken-smartflex-server", { timeout: 30_000 });
    await journey.seeCallback(/^onComplete /);
  });

  test("the server-driven journey: the sandbox decides each step, and the host hears steps with no known total", async ({ page }) => {
    const journey = new JourneyModel(page);
    await journey.openFresh("/?journey=server");
    await expect(page.getByRole("navigation", { name: "Journey variants" }).getByRole("link", { name: "Steps decided by the server" })).toHaveAttribute("aria-current", "page");
    await expect(journey.flow).toHaveAttribute("data-journey", "axle-smart-charging-server");
    await journey.seeCallback(/^onEvent step .*"stepId":"address".*"index":0,"total":null/);

    await journey.typePostcode(SANDBOX.postcodes.happy);
    await journey.findAddresses();
    await journey.seeAddressesFor(SANDBOX.postcodes.happy);
    await journey.chooseAddress(0);
    await journey.continueIfEligible();
    await journey.seeStep("Read and agree to the terms");
    await journey.agreeToTerms();
    await journey.accept();
    await journey.seeSignedUp();

    const output = await journey.readCompletionOutput();
    expect(output.proposition).toBe("full_asset_schedule_control");
    expect(output.termsVersion).toBe(SANDBOX.terms.full_asset_schedule_control);
    expect(output.mpan).toMatch(/^\d{13}$/);
    await expect(page.getByRole("region", { name: "Completion output" })).toContainText("axle-smart-charging-server");
    await journey.seeCallback(/^onEvent step .*"stepId":"consent".*"total":null/);
    await journey.seeCallback(/^onComplete /);
  });

  test("a reload in the middle resumes at the same step with what was typed", async ({ page }) => {
    const journey = new JourneyModel(page);
    await journey.openFresh();
    await journey.typePostcode(SANDBOX.postcodes.twoMeters);
    await journey.findAddresses();
    await journey.seeAddressesFor(SANDBOX.postcodes.twoMeters);

    await journey.reload();

    await journey.seeStep("Choose your address");
    await journey.seeAddressesFor(SANDBOX.postcodes.twoMeters);
    await journey.changePostcode();
    await journey.seePostcode(SANDBOX.postcodes.twoMeters);
  });

  test("a failed address lookup shows an error and recovers with Retry", async ({ page }) => {
    const journey = new JourneyModel(page);
    await journey.openFresh();
    await journey.typePostcode(SANDBOX.postcodes.failsOnce);
    await journey.findAddresses();

    await journey.seeSearchError();
    await journey.checkAccessibility();
    await journey.retry();

    await journey.seeAddressesFor(SANDBOX.postcodes.failsOnce);
  });
});

test.describe("demo: the embedded portal", () => {
  test("frames the portal from another origin and logs the events it sends", async ({ page }) => {
    const portalPage = new PortalPageModel(page);
    await portalPage.open();
    await portalPage.seePortalFrom("http://127.0.0.1:4400");
    await portalPage.seeEvent("onReady");
    await portalPage.checkAccessibility();
  });
});
