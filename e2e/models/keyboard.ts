import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Moves focus with Tab (or Shift+Tab) until `target` has it, the way a keyboard user gets
 * there. Fails if it takes more than `maxPresses`: an unreachable control is a bug.
 */
export async function tabTo(page: Page, target: Locator, { backwards = false, maxPresses = 40 } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses <= maxPresses; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Could not reach ${String(target)} with ${maxPresses} presses of ${backwards ? "Shift+Tab" : "Tab"}.`);
}
