import type { StorybookConfig } from "@storybook/react-vite";
import { onflexAliases } from "../aliases.ts";

// Stories live beside the components; the root vite.config.ts supplies the React plugin,
// and the aliases resolve @onflex/* to sources so Storybook never needs a build.
const config: StorybookConfig = {
  framework: "@storybook/react-vite",
  stories: ["../packages/react/src/**/*.stories.tsx"],
  addons: ["@storybook/addon-a11y"],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    resolve: { ...viteConfig.resolve, alias: onflexAliases },
  }),
};

export default config;
