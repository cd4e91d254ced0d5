import { createSandboxApi, type SandboxOptions } from "@onflex/core";
import type { Appearance } from "@onflex/react";
import { OnflexProvider } from "@onflex/react";
import type { Decorator, Preview } from "@storybook/react-vite";
import "../packages/react/src/styles.css";

/** A fixed clock so dates in stories (checked at, recorded on) read the same on every run. */
const STORY_NOW = new Date("2026-11-21T09:30:00.000Z");

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

declare module "@storybook/react-vite" {
  interface Parameters {
    /** Options for the story's own sandbox, e.g. `{ latency: 600_000 }` to hold a loading state. */
    sandbox?: SandboxOptions;
  }
}

/**
 * Each story gets a fresh simulated API (loaders run per render), so one story's "fails
 * once" or stored consents never leak into the next.
 */
const withOnflex: Decorator = (Story, context) => {
  const api = context.loaded.api as ReturnType<typeof createSandboxApi>;
  const theme = THEMES[String(context.globals.theme)] ?? THEMES.light;
  return (
    <OnflexProvider api={api} appearance={theme} locale={String(context.globals.locale ?? "en-GB")}>
      <Story />
    </OnflexProvider>
  );
};

const preview: Preview = {
  loaders: [async (context) => ({ api: createSandboxApi({ clock: () => STORY_NOW, ...context.parameters.sandbox }) })],
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
    a11y: { test: "error" },
  },
};

export default preview;
