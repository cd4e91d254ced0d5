import { SANDBOX } from "@onflex/core";
import { expect, test } from "@playwright/test";
import { JourneyModel } from "./models/journey.model.js";
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

  test("the device journey: a keyboard user picks a car and a charger, is told why the car, registers it and signs in at its maker", async ({ page }) => {
    const journey = new JourneyModel(page);
    await journey.openFresh("/?journey=device");
    await expect(journey.flow).toHaveAttribute("data-journey", "kraken-smartflex");
    await journey.typePostcode(SANDBOX.postcodes.happy);
    await journey.findAddresses();
    await journey.seeAddressesFor(SANDBOX.postcodes.happy);
    await journey.chooseAddress(0);

    await journey.seeStep("Which device do you want to connect?");
    await journey.chooseDeviceType("Electric car");
    await journey.seeStep("Your electric car");
    await journey.chooseFromList("Car make", "tes", "Tesla");
    await journey.chooseFromList("Car model", "model 3", "Model 3");
    await journey.continueTo("Your charger");
    await journey.chooseFromList("Charger make", "ohm", "Ohme");
    await journey.chooseFromList("Charger model", "pro", "Home Pro");
    await journey.checkAccessibility();
    await journey.continueTo("We'll connect your Tesla Model 3");
    await expect(journey.flow).toContainText("tells us how full the battery is");
    await journey.checkAccessibility();
    await journey.connectDevice();

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

    const panel = page.getByRole("region", { name: "Completion output" });
    await expect(panel).toContainText("Tesla Model 3 (ONBOARDING, through TESLA)");
    await expect(panel).toContainText("AUTHENTICATION_COMPLETE");
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
