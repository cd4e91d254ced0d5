import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// Source-first like the rest of the workspace: the demo builds straight from the packages'
// TypeScript, so `npm run demo` needs no package build.
export default defineConfig({
  plugins: [react()],
  // "@onflex/source" resolves @onflex/* to src/ (see the packages' "exports"); Vite's defaults stay.
  resolve: { conditions: ["@onflex/source", ...defaultClientConditions] },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true },
});
