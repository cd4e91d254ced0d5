import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/chromium.ts";

// End-to-end tests for the demo host (e2e/demo.spec.ts) and the portal (e2e/portal*.spec.ts),
// in Debian's Chromium: Playwright's own browser download cannot work offline.
// Both servers listen on loopback only. `npm test` builds the apps first and sets
// ONFLEX_E2E_PREBUILT=1; run on its own, each web server builds what it serves.
const DEMO_URL = "http://127.0.0.1:5173";
const PORTAL_URL = "http://127.0.0.1:4400";
const MAKER_URL = "http://127.0.0.1:4500";
const prebuilt = process.env.ONFLEX_E2E_PREBUILT === "1";
const buildThen = (filter: string) => (prebuilt ? "" : `pnpm --filter ${filter} run build && `);

const jsonReport = process.env.PLAYWRIGHT_JSON_OUTPUT_FILE;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // One retry in CI absorbs a slow machine; a test that needed it is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  // Two cores shared with the servers under test: one browser at a time keeps timings honest.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: jsonReport ? [["list"], ["json", { outputFile: jsonReport }]] : [["list"]],
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    baseURL: DEMO_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium" }],
  webServer: [
    {
      // The makers' sign-in: a real OAuth 2.0 server (oidc-provider) with simulated accounts.
      name: "maker",
      command: "pnpm --filter @onflex/maker-oauth start",
      url: `${MAKER_URL}/healthz`,
      env: { HOST: "127.0.0.1", PORT: "4500", MAKER_REDIRECT_URIS: `${PORTAL_URL}/device-auth/callback` },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      name: "portal",
      command: `${buildThen("@onflex/portal")}pnpm --filter @onflex/portal start`,
      url: `${PORTAL_URL}/healthz`,
      // As in the demo: the sandbox test charge runs 20 times faster, and the simulated Tesla
      // owner adds the virtual key 4 s after its link is shown.
      env: { HOST: "127.0.0.1", PORT: "4400", ONFLEX_MAKER_ISSUER: MAKER_URL, ONFLEX_SANDBOX_TEST_CHARGE_SPEED: "20", ONFLEX_SANDBOX_VIRTUAL_KEY_AFTER_MS: "4000" },
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      name: "demo",
      command: `${buildThen("@onflex/demo")}pnpm --filter @onflex/demo start`,
      url: `${DEMO_URL}/healthz`,
      env: { HOST: "127.0.0.1", PORT: "5173", ONFLEX_PORTAL_URL: PORTAL_URL },
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
