import type { StorybookConfig } from "@storybook/react-vite";
import { defaultClientConditions } from "vite";

// Stories live beside the components; the root vite.config.ts supplies the React plugin.
// The "@onflex/source" export condition resolves @onflex/* to sources so Storybook never
// needs a build; it is set here too so stories do not depend on which config Storybook merged.
const config: StorybookConfig = {
  framework: "@storybook/react-vite",
  // Docs pages (*.mdx) sit beside the stories they show: a flow's states in order, its props, the theme tokens.
  stories: ["../packages/react/src/**/*.mdx", "../packages/react/src/**/*.stories.tsx"],
  addons: ["@storybook/addon-a11y", "@storybook/addon-docs"],
  typescript: {
    // The props tables read the TypeScript types, so props declared in another module or as a
    // union (a step run alone or inside a journey) are listed too; React's own are left out.
    reactDocgen: "react-docgen-typescript",
    reactDocgenTypescriptOptions: {
      shouldRemoveUndefinedFromOptional: true,
      propFilter: (prop) => !prop.parent?.fileName.includes("node_modules"),
    },
  },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    resolve: { ...viteConfig.resolve, conditions: ["@onflex/source", ...defaultClientConditions] },
  }),
};

export default config;
