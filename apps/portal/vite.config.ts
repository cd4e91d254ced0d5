import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";
import { preloadChunks } from "./vite.preload.ts";

// The portal web app, built to apps/portal/dist and served by the portal server itself (one
// process, one port). Source-first like the rest of the workspace.
export default defineConfig({
  root: fileURLToPath(new URL("./src/web", import.meta.url)),
  // Absolute asset URLs: the app page is served from /embed, its assets from /assets/.
  base: "/",
  plugins: [
    react(),
    // The first screen needs the flow chunk and the first step's (the Axle journeys start with
    // the address step): fetched in parallel with the entry, not after it has run.
    preloadChunks(["src/web/main.tsx", "src/web/portal.flow.tsx", "packages/react/src/address/address-step.tsx"]),
  ],
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
