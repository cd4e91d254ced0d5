import { expect, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { expectNoA11yViolations } from "./a11y.js";
import { tabTo } from "./keyboard.js";

/** What the demo prints when a journey completes (its "Completion output" panel, from `completion.facts`). */
export interface CompletionOutput {
  proposition: string;
  termsVersion: string;
  givenAt: string;
  recordedAt: string;
  mpan: string;
  chargerModel: string;
}

/** What a user types into a make or model combobox, and the option they take. */
interface Typed {
  typed: string;
  option: string;
}
interface Choice {
  make: Typed;
  model: Typed;
}
/** A device the e2e tests pick by make and model. */
export type Device = Choice;

/** The devices the e2e tests connect. */
export const DEVICES = {
  tesla: { make: { typed: "tes", option: "Tesla" }, model: { typed: "model 3", option: "Model 3" } },
  volkswagen: { make: { typed: "volk", option: "Volkswagen" }, model: { typed: "id.3", option: "ID.3" } },
  ohme: { make: { typed: "ohm", option: "Ohme" }, model: { typed: "pro", option: "Home Pro" } },
} as const satisfies Record<string, Choice>;

/**
 * The demo's journey page as a keyboard user drives it: every verb reaches its control with
 * Tab / Shift+Tab and acts with Enter, Space or the arrow keys. Nothing here clicks.
 */
export class JourneyModel {
  /** `frame`: the embedded portal's frame (or a portal page itself), whose main landmark is the journey; without it, the demo's journey page. */
  constructor(
    readonly page: Page,
    readonly frame?: FrameLocator | Page,
  ) {}

  get flow(): Locator {
    return this.frame ? this.frame.getByRole("main") : this.page.getByRole("region", { name: "Onboarding journey" });
  }

  private heading(name: string | RegExp): Locator {
    return this.flow.getByRole("heading", { name });
  }

  /** `/` runs the journey with its steps fixed in the page; `/?journey=server` lets the server decide each step. */
  async open(path = "/"): Promise<void> {
    await this.page.goto(path);
    await this.seeStep("Find your address");
  }

  /** Starts from a clean slate: the demo keeps the journey in sessionStorage. */
  async openFresh(path = "/"): Promise<void> {
    await this.page.goto(path);
    await this.page.evaluate(() => window.sessionStorage.clear());
    await this.open(path);
  }

  /** The callbacks the demo logged, one line each ("onEvent step {…}", "onComplete {…}"). */
  get callbackLog(): Locator {
    return this.page.getByRole("log", { name: "Callbacks the host received" });
  }

  async seeCallback(text: string | RegExp): Promise<void> {
    await expect(this.callbackLog.getByRole("listitem").filter({ hasText: text }).first()).toBeVisible();
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }

  async seeStep(heading: string | RegExp): Promise<void> {
    await expect(this.heading(heading)).toBeVisible();
  }

  /** Focus moves to the new step's heading, so a screen reader user hears where they are. */
  async seeFocusOnHeading(heading: string | RegExp): Promise<void> {
    await expect(this.heading(heading)).toBeFocused();
  }

  async typePostcode(postcode: string): Promise<void> {
    const field = this.flow.getByRole("textbox", { name: "Postcode" });
    await tabTo(this.page, field);
    await expect(field).toHaveValue("");
    await this.page.keyboard.type(postcode);
  }

  async findAddresses(): Promise<void> {
    await this.pressButton("Find address");
  }

  /** Picks the n-th address (0-based) with the arrow keys, then confirms it. */
  async chooseAddress(index = 0): Promise<void> {
    const group = this.flow.getByRole("group", { name: /^Addresses at / });
    const first = group.getByRole("radio").first();
    await tabTo(this.page, first);
    await this.page.keyboard.press("Space");
    for (let i = 0; i < index; i++) await this.page.keyboard.press("ArrowDown");
    await expect(group.getByRole("radio").nth(index)).toBeChecked();
    await this.pressButton("Use this address");
  }

  async seeAddressesFor(postcode: string): Promise<void> {
    await expect(this.flow.getByRole("group", { name: `Addresses at ${postcode}` })).toBeVisible();
  }

  async changePostcode(): Promise<void> {
    await this.pressButton("Change postcode");
  }

  async seePostcode(postcode: string): Promise<void> {
    await expect(this.flow.getByRole("textbox", { name: "Postcode" })).toHaveValue(postcode);
  }

  /** The progress list marks finished steps "(done)" for screen readers as well as visually. */
  async seeStepDone(step: string): Promise<void> {
    const progress = this.flow.getByRole("navigation", { name: "Progress" });
    await expect(progress.getByRole("listitem").filter({ hasText: step })).toHaveText(`${step} (done)`);
  }

  /** An eligible result may move straight on to the terms; otherwise it waits for Continue. */
  async continueIfEligible(): Promise<void> {
    const eligible = this.heading("Good news: you're eligible");
    const terms = this.heading("Read and agree to the terms");
    await expect(eligible.or(terms)).toBeVisible();
    if (await eligible.isVisible()) await this.pressButton("Continue");
  }

  async agreeToTerms(): Promise<void> {
    const box = this.flow.getByRole("checkbox", { name: "I have read and agree to these terms" });
    await tabTo(this.page, box);
    await this.page.keyboard.press("Space");
    await expect(box).toBeChecked();
  }

  async accept(): Promise<void> {
    await this.pressButton("Accept");
  }

  async seeSignedUp(): Promise<void> {
    await expect(this.heading("You're signed up")).toBeVisible();
  }

  async seeSearchError(): Promise<void> {
    await this.seeStep("We couldn't search for addresses");
    // The sandbox's failsOnce fixture is an upstream outage, which reads as such to the user.
    await expect(this.flow.getByRole("alert")).toContainText("A service we rely on isn't answering right now");
  }

  async retry(): Promise<void> {
    await this.pressButton("Try again");
  }

  /** Reads the consent the demo printed from the journey's onComplete output, term by term. */
  async readCompletionOutput(): Promise<CompletionOutput> {
    const panel = this.page.getByRole("region", { name: "Completion output" });
    await expect(panel).toBeVisible();
    const terms = await panel.getByRole("term").allTextContents();
    const values = await panel.getByRole("definition").allTextContents();
    const read = (term: string): string => {
      const index = terms.indexOf(term);
      if (index < 0 || values[index] === undefined) throw new Error(`The completion output has no "${term}" (it has: ${terms.join(", ")}).`);
      return values[index].trim();
    };
    return {
      proposition: read("Proposition"),
      termsVersion: read("Terms version"),
      givenAt: read("Agreed at"),
      recordedAt: read("Recorded at"),
      mpan: read("MPAN"),
      chargerModel: read("Charger model"),
    };
  }

  /** Chooses a device type from the radio group with Space, then Continue. */
  async chooseDeviceType(type: string): Promise<void> {
    const radio = this.flow.getByRole("group", { name: "Devices your home can connect" }).getByRole("radio", { name: type, exact: true });
    await tabTo(this.page, radio);
    // Arrow keys move within a radio group; Space checks the focused one.
    while (!(await radio.evaluate((element) => element === document.activeElement))) await this.page.keyboard.press("ArrowDown");
    await this.page.keyboard.press("Space");
    await expect(radio).toBeChecked();
    await this.pressButton("Continue");
  }

  /** Types into a make or model combobox, moves to the match with the down arrow and takes it with Enter. */
  async chooseFromList(combobox: string, typed: string, option: string): Promise<void> {
    const field = this.flow.getByRole("combobox", { name: combobox });
    await tabTo(this.page, field);
    await this.page.keyboard.type(typed);
    await expect(field).toHaveAttribute("aria-expanded", "true");
    await this.page.keyboard.press("ArrowDown");
    await expect(field).toHaveAttribute("aria-activedescendant", (await this.flow.getByRole("option", { name: option, exact: true }).getAttribute("id")) ?? "");
    await this.page.keyboard.press("Enter");
    await expect(field).toHaveValue(option);
  }

  /**
   * From the device-type question to the review: an electric car and its charger, each make and
   * model typed (`typed`) into its combobox and taken from the list by keyboard.
   */
  async chooseCarAndCharger(car: Pick<Choice, "make" | "model">, charger: Pick<Choice, "make" | "model">): Promise<void> {
    await this.seeStep("Which device do you want to connect?");
    await this.chooseDeviceType("Electric car");
    await this.seeStep("Your electric car");
    await this.chooseFromList("Car make", car.make.typed, car.make.option);
    await this.chooseFromList("Car model", car.model.typed, car.model.option);
    await this.continueTo("Your charger");
    await this.chooseFromList("Charger make", charger.make.typed, charger.make.option);
    await this.chooseFromList("Charger model", charger.model.typed, charger.model.option);
  }

  async continueTo(heading: string | RegExp): Promise<void> {
    await this.pressButton("Continue");
    await this.seeStep(heading);
  }

  async connectDevice(): Promise<void> {
    await this.pressButton("Connect this device");
  }

  /** "Sign in with <maker>" by keyboard: the sign-in opens inside the key press. */
  async signInWith(maker: string): Promise<void> {
    await this.pressButton(`Sign in with ${maker}`);
  }

  /** Answers at the sandbox's simulated maker sign-in (a modal dialog in the demo) by keyboard. */
  async answerAtMaker(choice: string): Promise<void> {
    const dialog = this.page.getByRole("dialog", { name: "Simulated maker sign-in" });
    await expect(dialog).toBeVisible();
    const button = dialog.getByRole("button", { name: choice, exact: true });
    await tabTo(this.page, button);
    await this.page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
  }

  /** Ticks a checkbox of the step by keyboard (Space). */
  async tick(label: string): Promise<void> {
    const box = this.flow.getByRole("checkbox", { name: label });
    await tabTo(this.page, box);
    await this.page.keyboard.press("Space");
    await expect(box).toBeChecked();
  }

  /** Presses one of the step's buttons by keyboard. */
  async press(name: string): Promise<void> {
    await this.pressButton(name);
  }

  /** Presses a button of the demo page outside the journey (its simulated car and apps) by keyboard. */
  async pressOnPage(name: string): Promise<void> {
    const button = this.page.getByRole("button", { name, exact: true });
    await tabTo(this.page, button, { maxPresses: 80 });
    await this.page.keyboard.press("Enter");
  }

  async checkAccessibility(): Promise<void> {
    await expectNoA11yViolations(this.page);
  }

  private async pressButton(name: string): Promise<void> {
    const button = this.flow.getByRole("button", { name, exact: true });
    await tabTo(this.page, button);
    await this.page.keyboard.press("Enter");
  }
}
