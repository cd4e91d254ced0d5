import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { onflexAliases } from "../../aliases.ts";

// Source-first like the rest of the workspace: the demo builds straight from the packages'
// TypeScript, so `npm run demo` needs no package build.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: onflexAliases },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true },
});
