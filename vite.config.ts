import { fileURLToPath } from "node:url";
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/chromium.ts";

// The "react-18" project runs the component tests on React 18.3. tools/react-18 installs
// React 18 with every library that imports React (each resolves React 18 by itself, also
// when Vitest loads it natively); these aliases send the tests and our sources there.
const react18Dir = fileURLToPath(new URL("./tools/react-18/node_modules/", import.meta.url));
const react18 = ["react-dom", "react", "@testing-library/react", "@xstate/react", "react-hook-form", "@hookform/resolvers"].map(
  (name) => ({ find: new RegExp(`^${name.replace("/", "\\/")}(/.*)?$`), replacement: `${react18Dir}${name}$1` }),
);

/**
 * Every story as a test (render, play function, then addon-a11y's axe run, which fails on a
 * violation because the preview sets `a11y: { test: "error" }`), in Debian's Chromium through
 * Vitest's browser mode. One project per theme: `initialGlobals` is what the toolbar's
 * Theme would pick, so contrast is checked in the light and the dark palette.
 * `npm test` runs these in their own step (`--project "storybook*"`) and keeps them out of
 * the unit-test step (`--project "!storybook*"`).
 */
function storiesProject(name: string, theme: string): TestProjectInlineConfiguration {
  return {
    extends: true,
    plugins: [storybookTest({ configDir: ".storybook", initialGlobals: { theme } })],
    test: {
      name,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: {
            executablePath: CHROMIUM_PATH,
            // Stories run on the in-memory sandbox: a host that is not loopback does not resolve.
            args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
          },
          contextOptions: { reducedMotion: "reduce" },
        }),
        instances: [{ browser: "chromium" }],
      },
    },
  };
}

// One Vitest run, one project per package: node for the headless layers, jsdom for React,
// and the stories in a real browser.
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
          // examples/*/test: the documented examples (e.g. Next.js App Router), rendered as their framework would.
          include: ["packages/react/test/**/*.test.{ts,tsx}", "examples/*/test/**/*.test.{ts,tsx}"],
          setupFiles: ["packages/react/test/setup.ts"],
          env: { ONFLEX_EXPECT_REACT: "19" },
        },
      },
      {
        // @onflex/react and @onflex/embed/react accept React 18 as a peer, so their component
        // tests run on it too; react-version.test.tsx proves which React each project got.
        extends: true,
        resolve: { alias: react18 },
        test: {
          name: "react-18",
          environment: "jsdom",
          include: ["packages/react/test/**/*.test.{ts,tsx}", "packages/embed/test/**/*.test.tsx", "examples/*/test/**/*.test.{ts,tsx}"],
          setupFiles: ["packages/react/test/setup.ts"],
          env: { ONFLEX_EXPECT_REACT: "18" },
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
      {
        // The portal's web app in jsdom: the first screen's shell and its handover to the flow.
        extends: true,
        test: { name: "portal-web", environment: "jsdom", include: ["apps/portal/test/**/*.test.tsx"], setupFiles: ["packages/react/test/setup.ts"] },
      },
      { extends: true, test: { name: "demo", environment: "node", include: ["apps/demo/test/**/*.test.ts"] } },
      storiesProject("storybook", "light"),
      storiesProject("storybook-dark", "dark"),
    ],
  },
});
