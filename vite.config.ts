import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { onflexAliases } from "./aliases.ts";

// One Vitest run, one project per package: node for the headless layers, jsdom for React.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: onflexAliases },
  test: {
    projects: [
      { extends: true, test: { name: "core", environment: "node", include: ["packages/core/test/**/*.test.ts"] } },
      { extends: true, test: { name: "machines", environment: "node", include: ["packages/machines/test/**/*.test.ts"] } },
      { extends: true, test: { name: "embed", environment: "node", include: ["packages/embed/test/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "embed-dom",
          environment: "jsdom",
          include: ["packages/embed/test/**/*.test.tsx"],
        },
      },
      {
        extends: true,
        test: {
          name: "react",
          environment: "jsdom",
          include: ["packages/react/test/**/*.test.{ts,tsx}"],
          setupFiles: ["packages/react/test/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "portal",
          environment: "node",
          include: ["apps/portal/test/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { extends: true, test: { name: "demo", environment: "node", include: ["apps/demo/test/**/*.test.ts"] } },
    ],
  },
});
