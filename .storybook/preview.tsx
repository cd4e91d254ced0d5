import { createSandboxApi, OnflexError, type OnboardingApi, type SandboxOptions } from "@onflex/core";
import type { Appearance } from "@onflex/react";
import { OnflexProvider } from "@onflex/react";
import type { Decorator, Preview } from "@storybook/react-vite";
import "../packages/react/src/styles.css";
import "./preview.css";

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

const THEMES: Record<string, Appearance> = {
  light: { colorScheme: "light" },
  dark: { colorScheme: "dark" },
  brand: {
    colorScheme: "light",
    colors: { primary: "#5b1f8f", onPrimary: "#ffffff", text: "#22172b", muted: "#5a4d66", border: "#7a6a88" },
    fontFamily: 'Georgia, "Times New Roman", serif',
    radius: 14,
    spacing: 10,
  },
};

/**
 * Each story gets a fresh simulated API (loaders run per render), so one story's "fails
 * once" or stored consents never leak into the next.
 */
const withOnflex: Decorator = (Story, context) => {
  const api = context.loaded.api as OnboardingApi;
  const theme = THEMES[String(context.globals.theme)] ?? THEMES.light;
  return (
    <OnflexProvider api={api} appearance={theme} locale={String(context.globals.locale ?? "en-GB")} clock={storyClock} className="onflex-story-canvas">
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
      toolbar: { title: "Locale", icon: "globe", items: ["en-GB", "en-US"], dynamicTitle: true },
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
