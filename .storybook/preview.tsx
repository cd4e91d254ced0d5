import { createSandboxApi, OnflexError, type OnboardingApi, type SandboxOptions } from "@onflex/core";
import { OnflexProvider, type Messages } from "@onflex/react";
import { deDE } from "@onflex/react/locales/de-DE";
import { esUS } from "@onflex/react/locales/es-US";
import type { Decorator, Preview } from "@storybook/react-vite";
import "../packages/react/src/styles.css";
import "./preview.css";
import { THEMES, type ThemeName } from "./themes.ts";

/**
 * A docs page (Flows/… Overview) shows each state as a story in its own frame, and their
 * play functions reach those states the way a user would, so a step focuses its new heading.
 * Focus in such a frame would scroll the docs page itself; there it moves without scrolling.
 * Stories opened on their own, and story tests, keep the browser's normal focus.
 */
function keepDocsPageStill() {
  if (window.parent === window) return;
  let framedByDocs = false;
  try {
    framedByDocs = new URLSearchParams(window.parent.location.search).get("viewMode") === "docs";
  } catch {
    // A parent from another origin is not a Storybook docs page.
  }
  if (!framedByDocs) return;
  const focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function focusWithoutScrolling(options?: FocusOptions) {
    focus.call(this, { ...options, preventScroll: true });
  };
}
keepDocsPageStill();

/** A fixed clock so dates in stories (checked at, recorded on) read the same on every run. */
const STORY_NOW = new Date("2026-11-21T09:30:00.000Z");
const storyClock = () => STORY_NOW;

/** How long a held operation waits: far longer than anyone looks at a story. */
const HOLD_MS = 10 * 60_000;

/**
 * Holds only the named operations ("meters.byAddress"), so a story can show one loading
 * state (resolving the meter, recording consent) after the calls before it answered at once.
 */
function holdOperations(api: OnboardingApi, operations: readonly string[]): OnboardingApi {
  for (const operation of operations) {
    const [group, method] = operation.split(".") as [keyof OnboardingApi, string];
    const target = api[group] as unknown as Record<string, (input: unknown, options?: { signal?: AbortSignal }) => Promise<unknown>>;
    const original = target[method]?.bind(target);
    if (!original) continue;
    target[method] = (input, options) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => original(input, options).then(resolve, reject), HOLD_MS);
        options?.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new OnflexError("network", "The request was cancelled (simulated hold)."));
        });
      });
  }
  return api;
}

/**
 * The toolbar's languages that are not in @onflex/react's main entry, passed to the provider
 * as a host would (`catalogue`); en-GB and en-US are built in.
 */
const IMPORTED_CATALOGUES: Record<string, Messages> = { "de-DE": deDE, "es-US": esUS };

/**
 * Each story gets a fresh simulated API (loaders run per render), so one story's "fails
 * once" or stored consents never leak into the next.
 */
const withOnflex: Decorator = (Story, context) => {
  const api = context.loaded.api as OnboardingApi;
  const theme = THEMES[String(context.globals.theme) as ThemeName] ?? THEMES.light;
  const locale = String(context.globals.locale ?? "en-GB");
  return (
    <OnflexProvider api={api} appearance={theme} locale={locale} catalogue={IMPORTED_CATALOGUES[locale]} clock={storyClock} className="onflex-story-canvas">
      <Story />
    </OnflexProvider>
  );
};

const preview: Preview = {
  // `parameters.sandbox` (SandboxOptions) and `parameters.holdOperations` (["meters.byAddress"])
  // let a story show a loading state.
  loaders: [
    async (context) => ({
      api: holdOperations(
        createSandboxApi({ clock: storyClock, ...(context.parameters.sandbox as SandboxOptions | undefined) }),
        (context.parameters.holdOperations as string[] | undefined) ?? [],
      ),
    }),
  ],
  decorators: [withOnflex],
  globalTypes: {
    theme: {
      description: "Onflex appearance",
      toolbar: { title: "Theme", icon: "paintbrush", items: ["light", "dark", "brand"], dynamicTitle: true },
    },
    locale: {
      description: "Onflex locale",
      toolbar: { title: "Locale", icon: "globe", items: ["en-GB", "en-US", "de-DE", "es-US"], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: "light", locale: "en-GB" },
  parameters: {
    layout: "fullscreen",
    // addon-a11y runs axe after each story; "error" fails the story's test on a violation
    // (`npm test` runs every story in the light and the dark theme). The tags are WCAG 2.2 AA,
    // including target size, which axe leaves off unless asked, plus axe's best practices.
    a11y: {
      test: "error",
      options: { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } },
    },
  },
};

export default preview;
