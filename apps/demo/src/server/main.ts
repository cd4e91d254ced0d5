import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createDemoServer } from "./demo.server.js";
import { readDeviceHostConfig, readHostConfig, readVppHostConfig } from "./host.config.js";

// Serves apps/demo/dist (run `pnpm --filter @onflex/demo build` first) and the /api routes.
const staticDir = fileURLToPath(new URL("../../dist", import.meta.url));
if (!existsSync(`${staticDir}/index.html`)) {
  console.error(`demo: no build at ${staticDir}. Run \`pnpm --filter @onflex/demo build\` (npm run demo does it for you).`);
  process.exit(1);
}

const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 5173);
const config = readHostConfig(process.env);
const deviceConfig = readDeviceHostConfig(config);
const vppConfig = readVppHostConfig(config);
const server = serve({ fetch: createDemoServer({ config, deviceConfig, vppConfig, staticDir }).fetch, hostname: host, port }, (info) => {
  console.log(`demo: http://${host}:${info.port}/ (portal at ${config.portalUrl})`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections can hold close() open; do not hang a Ctrl-C.
    setTimeout(() => process.exit(0), 1_000).unref();
  });
}
