import react from "@vitejs/plugin-react";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// One Vitest run, one project per package: node for the headless layers, jsdom for React.
// Source-first: the "@onflex/source" export condition resolves @onflex/* to each package's
// src/. Setting conditions replaces Vite's defaults, so they are kept after ours; jsdom
// projects resolve like a browser, node projects like a server (ssr).
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["@onflex/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@onflex/source", ...defaultServerConditions] } },
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
