/**
 * Renders every story of the BUILT Storybook (storybook-static/, from `pnpm build-storybook`)
 * in Chromium, waits for its play function, and runs axe on it. One line per story, then
 * `stories: N passed, M failed`; exits 1 on any failure.
 *
 *   pnpm tsx scripts/test-stories.ts [--filter <text>] [--dir storybook-static] [--themes light,dark]
 *
 * Each story is checked once per theme (the preview's `theme` global), so colour contrast
 * is verified in the light and the dark default palettes.
 *
 * Bounded on purpose: every story has a timeout, the whole run has one, and the browser and
 * server are closed on every path out.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.ts";

const STORY_TIMEOUT_MS = Number(process.env.STORY_TIMEOUT_MS ?? 30_000);
const OVERALL_TIMEOUT_MS = Number(process.env.STORIES_TIMEOUT_MS ?? 8 * 60_000);
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};

interface IndexEntry {
  type: "story" | "docs";
  id: string;
  title: string;
  name: string;
  tags?: string[];
}

interface StoryEvents {
  finished: { status: string } | null;
  errors: string[];
}

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function serveStatic(root: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    try {
      const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
      const file = normalize(join(root, pathname === "/" ? "/index.html" : pathname));
      if (file !== root && !file.startsWith(root + sep)) {
        response.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
      });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(500).end();
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolvePromise(server));
  });
}

/**
 * Installed before Storybook boots: catches the preview's channel as soon as it is assigned
 * and records how the story ended, so a play failure is seen even though the render phase
 * still reaches "finished". A string, not a function: tsx's transform would add helpers the
 * page does not have.
 */
const CAPTURE_STORY_EVENTS = `(() => {
  const record = { finished: null, errors: [] };
  window.__onflexStory = record;
  const describe = (value) => (value && typeof value === "object" && "message" in value ? String(value.message) : String(value));
  let channel;
  Object.defineProperty(globalThis, "__STORYBOOK_ADDONS_CHANNEL__", {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      value.on("storyFinished", (payload) => { record.finished = payload; });
      for (const event of ["storyErrored", "storyThrewException", "playFunctionThrewException"]) {
        value.on(event, (payload) => record.errors.push(event + ": " + describe(payload)));
      }
      value.on("unhandledErrorsWhilePlaying", (payload) => record.errors.push("unhandled: " + payload.map(describe).join("; ")));
    },
  });
})();`;

async function testStory(page: Page, baseUrl: string, entry: IndexEntry, theme: string): Promise<string[]> {
  const problems: string[] = [];
  // A page error may be fatal (nothing ever renders): then give the story 2 s more, not the full timeout.
  let giveUp: (() => void) | undefined;
  const gaveUp = new Promise<"gave-up">((resolve) => (giveUp = () => setTimeout(() => resolve("gave-up"), 2_000)));
  const onPageError = (error: Error) => {
    problems.push(`page error: ${error.message}`);
    giveUp?.();
  };
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === "error") problems.push(`console error: ${message.text().split("\n")[0]}`);
  };
  page.on("pageerror", onPageError);
  page.on("console", onConsole);
  try {
    await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=story&globals=theme:${encodeURIComponent(theme)}`, {
      waitUntil: "load",
      timeout: STORY_TIMEOUT_MS,
    });
    const finished = page
      .waitForFunction(
        () => {
          const record = (window as unknown as { __onflexStory?: StoryEvents }).__onflexStory;
          if (!record) return false;
          return record.finished || record.errors.length > 0 ? record : false;
        },
        undefined,
        { timeout: STORY_TIMEOUT_MS, polling: 50 },
      )
      .then(async (handle) => (await handle.jsonValue()) as StoryEvents);
    const outcome = await Promise.race([finished, gaveUp]);
    finished.catch(() => undefined);
    if (outcome === "gave-up") throw new Error("the story never finished rendering");
    const record = outcome;
    problems.push(...record.errors);
    if (record.finished && record.finished.status !== "success" && record.errors.length === 0) {
      // addon-a11y reports violations this way too; our own axe run below names them.
      problems.push(`story finished with status "${record.finished.status}"`);
    }
    if (record.errors.length === 0 && !problems.some((problem) => problem.startsWith("page error"))) {
      const results = await new AxeBuilder({ page }).include("#storybook-root").withTags(AXE_TAGS).analyze();
      for (const violation of results.violations) {
        const targets = violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ");
        problems.push(`axe ${violation.id} (${violation.impact ?? "?"}): ${violation.help} at ${targets}`);
      }
    }
  } catch (error) {
    problems.push(error instanceof Error ? error.message.split("\n")[0]! : String(error));
  } finally {
    page.off("pageerror", onPageError);
    page.off("console", onConsole);
  }
  return problems;
}

async function main(): Promise<number> {
  const root = resolve(argValue("--dir") ?? "storybook-static");
  const filter = argValue("--filter")?.toLowerCase();
  const themes = (argValue("--themes") ?? "light,dark").split(",").filter(Boolean);
  const index = JSON.parse(await readFile(join(root, "index.json"), "utf8").catch(() => {
    throw new Error(`No ${join(root, "index.json")}: run \`pnpm build-storybook\` first.`);
  })) as { entries: Record<string, IndexEntry> };
  const stories = Object.values(index.entries).filter(
    (entry) => entry.type === "story" && (!filter || `${entry.title} ${entry.name} ${entry.id}`.toLowerCase().includes(filter)),
  );

  let server: Server | undefined;
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  const overall = setTimeout(() => {
    console.error(`test-stories: gave up after ${OVERALL_TIMEOUT_MS} ms`);
    void browser?.close();
    server?.close();
    process.exit(2);
  }, OVERALL_TIMEOUT_MS);
  overall.unref();

  try {
    server = await serveStatic(root);
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ reducedMotion: "reduce" });
    // Stories run on the in-memory sandbox: anything leaving loopback is a bug, not a fetch.
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
    await context.addInitScript({ content: CAPTURE_STORY_EVENTS });
    for (const entry of stories) {
      const started = Date.now();
      const problems: string[] = [];
      for (const theme of themes) {
        const page = await context.newPage();
        for (const problem of await testStory(page, baseUrl, entry, theme)) problems.push(themes.length > 1 ? `[${theme}] ${problem}` : problem);
        await page.close();
      }
      const ms = Date.now() - started;
      if (problems.length === 0) {
        passed += 1;
        console.log(`ok    ${entry.title} › ${entry.name} (${ms} ms)`);
      } else {
        failed += 1;
        console.log(`FAIL  ${entry.title} › ${entry.name} (${ms} ms)`);
        for (const problem of problems) console.log(`        ${problem}`);
      }
    }
  } finally {
    clearTimeout(overall);
    await browser?.close().catch(() => undefined);
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  }
  console.log(`stories: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.log("stories: 0 passed, 1 failed");
    process.exit(1);
  },
);
