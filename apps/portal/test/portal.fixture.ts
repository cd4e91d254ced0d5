import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isOnflexError, type OnflexError } from "@onflex/core";
import { signPortalUrl } from "@onflex/embed/server";
import {
  SANDBOX_DEMO_API_KEY,
  SANDBOX_DEMO_KEY_ID,
  SANDBOX_DEMO_SECRETS,
  SANDBOX_DEMO_SITE_ID,
  SANDBOX_HOST_ORIGINS,
  SANDBOX_V1_API_KEY,
  SANDBOX_V1_SECRET,
  SANDBOX_V1_SITE_ID,
} from "../src/server/sandbox-sites.js";
import type { LogLine } from "../src/server/log.js";
import { startPortal, type RunningPortal, type StartPortalOptions } from "../src/server/portal.server.js";
import { BOOT_ELEMENT_ID, type PortalBoot } from "../src/shared/boot.types.js";

/** A stand-in for the built web app: the server tests check what the server injects, not the UI. */
const TEST_INDEX_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head><body><div id="root"></div></body></html>`;

/** The portal's migration files, in the order they run. */
export async function migrationFiles(): Promise<string[]> {
  const dir = new URL("../src/server/db/migrations/", import.meta.url);
  return (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `onflex-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface TestPortal extends RunningPortal {
  webRoot: string;
  /** Every line the portal logged, in order. */
  logs: LogLine[];
  /** Advances the server's clock (site tokens, sessions, link expiry). */
  advance(ms: number): void;
  now(): Date;
  siteToken(siteId?: string, apiKey?: string): Promise<string>;
  signedV2(
    overrides?: Partial<{ token: string; siteId: string; secret: string; keyId: string; nonce: string; hostOrigin: string; expiresInSeconds: number; assetModel: string }>,
  ): Promise<string>;
  signedV1(overrides?: Partial<{ token: string; siteId: string; secret: string }>): Promise<string>;
  /** Opens a verified session the way the page does (for `siteId`, a household of the demo host), and returns its boot data. */
  openSession(siteId?: string): Promise<PortalBoot>;
  dispose(): Promise<void>;
}

export async function startTestPortal(options: StartPortalOptions = {}): Promise<TestPortal> {
  const web = await tempDir("web");
  await writeFile(join(web.path, "index.html"), TEST_INDEX_HTML);
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const logs: LogLine[] = [];
  const running = await startPortal({
    port: 0,
    webRoot: web.path,
    clock: now,
    log: (line) => void logs.push(line),
    ...(options.dataDir || options.databaseUrl || options.db ? {} : { inMemory: true }),
    ...options,
  });
  const baseUrl = `${running.url}/embed`;

  const portal: TestPortal = {
    ...running,
    webRoot: web.path,
    logs,
    advance: (ms) => void (offset += ms),
    now,
    async siteToken(siteId = SANDBOX_DEMO_SITE_ID, apiKey = siteId === SANDBOX_V1_SITE_ID ? SANDBOX_V1_API_KEY : SANDBOX_DEMO_API_KEY) {
      const response = await fetch(`${running.url}/v1/auth/site/${siteId}`, { method: "POST", headers: { Authorization: `Bearer ${apiKey}` } });
      if (response.status !== 200) throw new Error(`site token: ${response.status}`);
      return ((await response.json()) as { site_access_token: string }).site_access_token;
    },
    async signedV2(overrides = {}) {
      const siteId = overrides.siteId ?? SANDBOX_DEMO_SITE_ID;
      return signPortalUrl({
        baseUrl,
        siteId,
        token: overrides.token ?? (await portal.siteToken(siteId)),
        secret: overrides.secret ?? SANDBOX_DEMO_SECRETS[SANDBOX_DEMO_KEY_ID],
        keyId: overrides.keyId ?? SANDBOX_DEMO_KEY_ID,
        hostOrigin: overrides.hostOrigin ?? SANDBOX_HOST_ORIGINS[0],
        now: () => now().getTime(),
        ...(overrides.nonce ? { nonce: overrides.nonce } : {}),
        ...(overrides.expiresInSeconds ? { expiresInSeconds: overrides.expiresInSeconds } : {}),
        ...(overrides.assetModel === undefined ? {} : { assetModel: overrides.assetModel }),
      });
    },
    async signedV1(overrides = {}) {
      const siteId = overrides.siteId ?? SANDBOX_V1_SITE_ID;
      return signPortalUrl({
        scheme: "v1",
        baseUrl,
        siteId,
        token: overrides.token ?? (await portal.siteToken(siteId)),
        secret: overrides.secret ?? SANDBOX_V1_SECRET,
      });
    },
    async openSession(siteId) {
      const response = await fetch(await portal.signedV2(siteId === undefined ? {} : { siteId }));
      if (response.status !== 200) throw new Error(`entry: ${response.status}`);
      return readBoot(await response.text());
    },
    async dispose() {
      await running.close();
      await web.remove();
    },
  };
  return portal;
}

/** The boot JSON the server put into the app page. */
export function readBoot(html: string): PortalBoot {
  const match = new RegExp(`<script type="application/json" id="${BOOT_ELEMENT_ID}">([^<]*)</script>`).exec(html);
  if (!match?.[1]) throw new Error("The page has no boot data.");
  return JSON.parse(match[1]) as PortalBoot;
}

/** The rejection reason a page names, or null for any other page. */
export function rejectionOf(html: string): string | null {
  return /data-rejection="([a-z_]+)"/.exec(html)?.[1] ?? null;
}

export function headingOf(html: string): string | null {
  return /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? null;
}

/** The OnflexError a call rejects with; anything else (or no rejection) fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<OnflexError> {
  try {
    await promise;
  } catch (error) {
    if (isOnflexError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
