import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { appearanceToCssVariables, type AppearanceColors } from "../src/theme/index.js";

/** `satisfies` fails the typecheck when a colour is added to or removed from `AppearanceColors` without this list. */
const EVERY_COLOR = {
  primary: "#000001",
  onPrimary: "#000002",
  background: "#000003",
  text: "#000004",
  muted: "#000005",
  danger: "#000006",
  success: "#000007",
  border: "#000008",
} satisfies Record<keyof AppearanceColors, string>;

const stylesheet = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../src/styles.css"), "utf8");

/** The custom properties a rule block of styles.css declares. */
function declaredIn(selector: string): string[] {
  const start = stylesheet.indexOf(`${selector} {`);
  expect(start, `${selector} in styles.css`).toBeGreaterThanOrEqual(0);
  const block = stylesheet.slice(start, stylesheet.indexOf("}", start));
  return [...block.matchAll(/(--onflex-[a-z-]+)\s*:/g)].map((match) => match[1]!).sort();
}

// The theme tokens docs page (Storybook, Theme/Tokens) lists what `appearance` can set, so
// every property of the stylesheet has to be one of those, and the other way round.
describe("theme tokens", () => {
  const settable = Object.keys(
    appearanceToCssVariables({ colors: EVERY_COLOR, fontFamily: "serif", radius: 4, spacing: 8 }),
  ).sort();

  it("every custom property of styles.css is settable through appearance, and only those", () => {
    expect(declaredIn(".onflex")).toEqual(settable);
  });

  it("the dark palette redefines every colour", () => {
    expect(declaredIn('.onflex[data-color-scheme="dark"]')).toEqual(settable.filter((name) => name.startsWith("--onflex-color-")));
  });
});
