import { createSandboxApi, type OnboardingApi, type SandboxOptions } from "@onflex/core";
import { OnflexProvider, type OnflexProviderProps } from "@onflex/react";
import { render, screen, type RenderResult } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { StrictMode, type ReactNode } from "react";
import { expect } from "vitest";

/** Every key test runs twice: React's StrictMode double-mounts effects, real apps may not. */
export const modes = [
  { name: "StrictMode", strict: true },
  { name: "no StrictMode", strict: false },
] as const;

export const FIXED_NOW = new Date("2026-11-21T09:30:00.000Z");

export function sandbox(options: SandboxOptions = {}) {
  return createSandboxApi({ clock: () => FIXED_NOW, ...options });
}

export interface RenderOptions extends Partial<Omit<OnflexProviderProps, "children">> {
  strict?: boolean;
  api?: OnboardingApi;
}

export function renderWithOnflex(ui: ReactNode, { strict = false, api = sandbox(), ...provider }: RenderOptions = {}) {
  const wrap = (node: ReactNode) => {
    const tree = (
      <OnflexProvider api={api} {...provider}>
        {node}
      </OnflexProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
  const user = userEvent.setup();
  const result: RenderResult = render(wrap(ui));
  return { ...result, user, api, rerenderWith: (node: ReactNode) => result.rerender(wrap(node)) };
}

/**
 * Fails on any axe violation in the container. jsdom has no layout, so colour contrast
 * is left to the Storybook browser run (scripts/test-stories.ts).
 */
export async function expectNoAxeViolations(container: Element) {
  const results = await axe.run(container, {
    rules: { "color-contrast": { enabled: false } },
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  });
  const summary = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(" | ")}`);
  expect(summary).toEqual([]);
}

export type User = ReturnType<typeof renderWithOnflex>["user"];

/** Types into a combobox, moves to the first match with the arrow key and chooses it with Enter. */
export async function chooseByKeyboard(user: User, name: string, typed: string, expected: string) {
  const combobox = await screen.findByRole("combobox", { name });
  await user.click(combobox);
  await user.keyboard(typed);
  expect(combobox).toHaveAttribute("aria-expanded", "true");
  await user.keyboard("{ArrowDown}");
  const active = screen.getByRole("option", { name: expected });
  expect(combobox).toHaveAttribute("aria-activedescendant", active.id);
  await user.keyboard("{Enter}");
  expect(combobox).toHaveValue(expected);
  expect(combobox).toHaveAttribute("aria-expanded", "false");
}

/** Intl writes some gaps as no-break spaces ("50 $", "1 234"); compare with plain ones. */
export const plainSpaces = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");
