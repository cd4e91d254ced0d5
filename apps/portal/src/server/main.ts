import { describeError, jsonStdoutLogger } from "./log.js";
import { startPortal } from "./portal.server.js";

/**
 * `pnpm --filter @onflex/portal start`. PORT (4400), HOST (127.0.0.1), DATA_DIR (embedded
 * PGlite directory), DATABASE_URL (a real Postgres instead), TRUST_PROXY=1 (client address from
 * X-Forwarded-For), ONFLEX_MAKER_ISSUER (a real OAuth server standing in for the device makers,
 * e.g. the demo's http://127.0.0.1:4500, with ONFLEX_MAKER_CLIENT_ID / ONFLEX_MAKER_CLIENT_SECRET,
 * default the demo's client; users come back to ONFLEX_PUBLIC_URL/device-auth/callback).
 * SANDBOX_WEBHOOK_URL (the sandbox demo host's webhook endpoint), ONFLEX_SANDBOX_TEST_CHARGE_SPEED
 * (the simulated test charge runs that many times faster; the demo's 20),
 * ONFLEX_SANDBOX_VIRTUAL_KEY_AFTER_MS (the simulated Tesla owner adds the virtual key that long
 * after its link is shown; the demo's 4000).
 * Logs one JSON line per request to stdout. Stops cleanly on SIGINT/SIGTERM.
 */
const port = Number(process.env.PORT ?? 4400);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a whole number from 0 to 65535, got "${process.env.PORT}".`);
  process.exit(1);
}

const host = process.env.HOST ?? "127.0.0.1";
const publicUrl = process.env.ONFLEX_PUBLIC_URL ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
const makerIssuer = process.env.ONFLEX_MAKER_ISSUER;
const virtualKeyAfter = process.env.ONFLEX_SANDBOX_VIRTUAL_KEY_AFTER_MS;
const virtualKeyAfterMs = virtualKeyAfter === undefined ? undefined : Number(virtualKeyAfter);
if (virtualKeyAfterMs !== undefined && (!Number.isInteger(virtualKeyAfterMs) || virtualKeyAfterMs < 0 || virtualKeyAfterMs > 3_600_000)) {
  console.error(`ONFLEX_SANDBOX_VIRTUAL_KEY_AFTER_MS must be a whole number of milliseconds up to an hour, got "${virtualKeyAfter}".`);
  process.exit(1);
}
const guidedAfter = process.env.ONFLEX_SANDBOX_GUIDED_AUTH_AFTER_MS;
const guidedAfterMs = guidedAfter === undefined ? undefined : Number(guidedAfter);
if (guidedAfterMs !== undefined && (!Number.isInteger(guidedAfterMs) || guidedAfterMs < 0 || guidedAfterMs > 3_600_000)) {
  console.error(`ONFLEX_SANDBOX_GUIDED_AUTH_AFTER_MS must be a whole number of milliseconds up to an hour, got "${guidedAfter}".`);
  process.exit(1);
}
const testChargeSpeed = Number(process.env.ONFLEX_SANDBOX_TEST_CHARGE_SPEED ?? 1);
if (!Number.isFinite(testChargeSpeed) || testChargeSpeed < 1 || testChargeSpeed > 1000) {
  console.error(`ONFLEX_SANDBOX_TEST_CHARGE_SPEED must be a number from 1 to 1000, got "${process.env.ONFLEX_SANDBOX_TEST_CHARGE_SPEED}".`);
  process.exit(1);
}

const portal = await startPortal({
  port,
  host,
  ...(testChargeSpeed > 1 ? { sandboxTestChargeSpeed: testChargeSpeed } : {}),
  ...(virtualKeyAfterMs !== undefined ? { sandboxVirtualKeyAddedAfterMs: virtualKeyAfterMs } : {}),
  ...(guidedAfterMs !== undefined ? { sandboxGuidedAuthorisedAfterMs: guidedAfterMs } : {}),
  ...(makerIssuer
    ? {
        maker: {
          issuer: makerIssuer,
          clientId: process.env.ONFLEX_MAKER_CLIENT_ID ?? "onflex-portal",
          clientSecret: process.env.ONFLEX_MAKER_CLIENT_SECRET ?? "onflex-demo-maker-secret",
          redirectUri: `${publicUrl}/device-auth/callback`,
        },
      }
    : {}),
  ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  trustProxy: process.env.TRUST_PROXY === "1",
  ...(process.env.SANDBOX_WEBHOOK_URL ? { webhooks: { sandboxUrl: process.env.SANDBOX_WEBHOOK_URL } } : {}),
});
jsonStdoutLogger({ kind: "event", event: "listening", detail: `${portal.url} (storage: ${portal.server.db.kind})` });

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    portal.close().then(
      () => process.exit(0),
      (error: unknown) => {
        jsonStdoutLogger({ kind: "error", id: null, route: null, ...describeError(error) });
        process.exit(1);
      },
    );
  });
}
