import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// The portal web app, built to apps/portal/dist and served by the portal server itself (one
// process, one port). Source-first like the rest of the workspace.
export default defineConfig({
  root: fileURLToPath(new URL("./src/web", import.meta.url)),
  // Absolute asset URLs: the app page is served from /embed, its assets from /assets/.
  base: "/",
  // The entry chunk holds React and the first screen's shell; the flow's chunks load lazily
  // (src/web/flow.load.ts), their own imports fetched in parallel by Vite's preload helper.
  plugins: [react()],
  // "@onflex/source" resolves @onflex/* to src/ (see the packages' "exports"); Vite's defaults stay.
  resolve: { conditions: ["@onflex/source", ...defaultClientConditions] },
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // Inline nothing: the CSP allows scripts and images from 'self' (and data: images) only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: "es2022",
  },
});
