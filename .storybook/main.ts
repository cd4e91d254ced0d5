import type { StorybookConfig } from "@storybook/react-vite";
import { defaultClientConditions } from "vite";

// Stories live beside the components; the root vite.config.ts supplies the React plugin.
// The "@onflex/source" export condition resolves @onflex/* to sources so Storybook never
// needs a build; it is set here too so stories do not depend on which config Storybook merged.
const config: StorybookConfig = {
  framework: "@storybook/react-vite",
  stories: ["../packages/react/src/**/*.stories.tsx"],
  addons: ["@storybook/addon-a11y"],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    resolve: { ...viteConfig.resolve, conditions: ["@onflex/source", ...defaultClientConditions] },
  }),
};

export default config;
