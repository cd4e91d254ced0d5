import { Writable } from "node:stream";
import type { ReactNode } from "react";
import { renderToPipeableStream } from "react-dom/server.node";
import { vi } from "vitest";

/**
 * Renders a tree to HTML the way a Next.js (App Router) server renders client components:
 * with React's streaming renderer, not `renderToString`. `<OnboardingFlow>` loads each step's
 * code lazily (behind Suspense); only the streaming renderer waits for it, while
 * `renderToString` ships the skeleton and leaves the step to the client. Next streams the
 * shell first and each boundary as it resolves; when it prerenders a page (or answers a
 * crawler) it waits for every boundary, as this does (`onAllReady`), so the HTML is the whole page.
 *
 * React 18 and 19 both ship the Node streaming renderer as `react-dom/server.node`, so the
 * "react" and "react-18" projects run the same helper, in a node or a jsdom environment.
 * Any error React reports, even one the client could recover from, fails the render.
 */
export function renderOnServer(node: ReactNode): Promise<string> {
  return new Promise((resolve, reject) => {
    const errors: unknown[] = [];
    const chunks: Buffer[] = [];
    const page = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    page.on("finish", () => (errors.length > 0 ? reject(errors[0]) : resolve(Buffer.concat(chunks).toString("utf8"))));
    const { pipe } = renderToPipeableStream(node, {
      onError: (error) => void errors.push(error),
      onShellError: reject,
      onAllReady: () => pipe(page),
    });
  });
}

/** What a browser has and a server does not; a component that reads one while rendering breaks on a server. */
const BROWSER_GLOBALS = ["window", "document", "navigator", "localStorage", "sessionStorage", "matchMedia"] as const;

/**
 * React 18 warns when a server render runs useLayoutEffect. @xstate/react and react-hook-form
 * pick useLayoutEffect or useEffect once, when imported; in a jsdom test they were imported
 * with a window, so they picked the former. A real server imports them without one (the
 * node-environment tests render without this warning).
 */
const IMPORTED_WITH_WINDOW = /useLayoutEffect does nothing on the server/;

/**
 * `renderOnServer` from a jsdom test: the browser's globals are taken away for the render, so
 * the HTML is what a server would send, and a component that renders differently when it sees
 * `window` shows up as a hydration mismatch. Anything React logs fails the render, but for the
 * warning above.
 */
export async function renderOnServerWithoutDom(node: ReactNode): Promise<string> {
  const logged: string[] = [];
  const consoleError = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  for (const name of BROWSER_GLOBALS) vi.stubGlobal(name, undefined);
  try {
    const html = await renderOnServer(node);
    const unexpected = logged.filter((message) => !IMPORTED_WITH_WINDOW.test(message));
    if (unexpected.length > 0) throw new Error(`The server render logged:\n${unexpected.join("\n")}`);
    return html;
  } finally {
    vi.unstubAllGlobals();
    consoleError.mockRestore();
  }
}
