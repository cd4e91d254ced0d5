import { SANDBOX } from "@onflex/core";
import { expect, test, type Page } from "@playwright/test";
import { JourneyModel } from "./models/journey.model.js";
import { tabTo } from "./models/keyboard.js";

// A car whose maker has no sign-in page (a Renault, connected through Jedlix): the device
// journey guides the user through the maker's app or the pairing code it shows, on the demo's
// sandbox, whose Jedlix app is SIMULATED (its fixture codes are on the page).
const renault = { make: { typed: "ren", option: "Renault" }, model: { typed: "zoe", option: "Zoe" } };
const andersen = { make: { typed: "and", option: "Andersen" }, model: { typed: "a2", option: "A2" } };

/** The device journey by keyboard up to the Renault's authorisation, the tariff accepted on the way. */
async function toGuidedAuthorisation(page: Page): Promise<JourneyModel> {
  const journey = new JourneyModel(page);
  await journey.openFresh("/?journey=device");
  await journey.typePostcode(SANDBOX.postcodes.happy);
  await journey.findAddresses();
  await journey.seeAddressesFor(SANDBOX.postcodes.happy);
  await journey.chooseAddress(0);
  await journey.chooseCarAndCharger(renault, andersen);
  await journey.continueTo("We'll connect your Renault Zoe");
  await journey.connectDevice();
  await journey.seeStep(/^Move to the .+ tariff$/);
  await journey.press("Accept tariff");
  await journey.seeStep("Tariff accepted");
  await journey.press("Continue");
  return journey;
}

test.describe("demo: guided device authorisation", () => {
  test("a Renault owner by keyboard: a code in the wrong format, a wrong code kept to correct, then a good code; the journey moves on to the test charge", async ({ page }) => {
    test.setTimeout(120_000);
    const journey = await toGuidedAuthorisation(page);

    await journey.seeStep("Connect your Renault Zoe in the Jedlix (simulated) app");
    await journey.checkAccessibility();
    await journey.press("Enter a pairing code");
    await journey.seeStep("Enter the pairing code");
    const field = journey.flow.getByRole("textbox", { name: "Pairing code" });
    await tabTo(page, field);
    await page.keyboard.type("JDLO-12");
    await page.keyboard.press("Enter");
    await expect(journey.flow.getByRole("alert")).toContainText("Codes never contain the letters O or I");
    await journey.checkAccessibility();
    await field.focus();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(SANDBOX.guidedAuth.codes.wrong);
    await page.keyboard.press("Enter");
    await journey.seeStep("That code didn't work");
    await journey.checkAccessibility();
    await journey.retry();
    await journey.seeStep("Enter the pairing code");
    await expect(field).toHaveValue(SANDBOX.guidedAuth.codes.wrong);
    await tabTo(page, field);
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("jdlx 7k4p");
    await page.keyboard.press("Enter");

    // No virtual key for a Renault: the test charge comes next.
    await expect(journey.flow.getByRole("heading", { name: "Check we can charge your Renault Zoe" })).toBeVisible({ timeout: 20_000 });
  });

  test("the maker's app by keyboard: its steps, then the simulated app finishes and the step moves on by itself", async ({ page }) => {
    test.setTimeout(120_000);
    const journey = await toGuidedAuthorisation(page);

    await journey.press("Connect in the Jedlix (simulated) app");
    await journey.seeStep("Connect in the Jedlix (simulated) app");
    await expect(journey.flow).toContainText("Install the Jedlix (simulated) app and open it.");
    await journey.press("I've done this");
    await journey.seeStep("Waiting for Jedlix (simulated) to confirm");
    await journey.checkAccessibility();
    await journey.pressOnPage("Finish in the Jedlix app");
    await expect(journey.flow.getByRole("heading", { name: "Check we can charge your Renault Zoe" })).toBeVisible({ timeout: 30_000 });
  });
});
