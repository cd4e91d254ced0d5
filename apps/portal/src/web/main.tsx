import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot, type Root } from "react-dom/client";
import type { PortalBoot } from "../shared/boot.types.js";
import { capturePrerendered, PRERENDERED_ATTRIBUTE } from "./first-screen.js";
import { PortalApp, PortalUnavailable } from "./portal.app.js";
import { progressFor } from "./progress.storage.js";

/** How long the first render waits for the saved journey before it paints a loading status instead. */
const PROGRESS_WAIT_MS = 300;
/**
 * The same when the server sent the first screen in the page: the user can already type in
 * it, so the app waits longer for the saved journey rather than swap it for "Loading…".
 */
const PRERENDERED_PROGRESS_WAIT_MS = 5_000;

/**
 * Renders the app into #root; `boot` is null when the page had none. Which screen comes first
 * depends on the saved journey, whose request started before React ran and has usually
 * answered by now (its answer may just not have been handled yet): so the first render waits
 * for it, briefly, and paints the right screen at once rather than "Loading…" a frame before
 * it. It renders synchronously: nothing else on this page needs the main thread first.
 */
export function renderPortal(boot: PortalBoot | null): Root {
  const container = document.getElementById("root")!;
  const sentFirstScreen = container.querySelector(`[${PRERENDERED_ATTRIBUTE}]`) !== null;
  const root = createRoot(container);
  // What was typed on the server's first screen is read in the same task as the render that
  // replaces it, so no keystroke falls in between.
  const render = () => {
    const prerendered = capturePrerendered(container);
    container.replaceChildren();
    flushSync(() => root.render(<StrictMode>{boot ? <PortalApp boot={boot} prerendered={prerendered} /> : <PortalUnavailable />}</StrictMode>));
  };
  if (!boot) {
    render();
    return root;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, sentFirstScreen ? PRERENDERED_PROGRESS_WAIT_MS : PROGRESS_WAIT_MS);
  });
  void Promise.race([progressFor(boot).then(() => undefined, () => undefined), waited]).then(() => {
    clearTimeout(timer);
    render();
  });
  return root;
}
