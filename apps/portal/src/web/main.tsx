import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import type { PortalBoot } from "../shared/boot.types.js";
import { PortalApp, PortalUnavailable } from "./portal.app.js";
import { progressFor } from "./progress.storage.js";

/** How long the first render waits for the saved journey before it paints a loading status instead. */
const PROGRESS_WAIT_MS = 300;

/**
 * Renders the app into #root; `boot` is null when the page had none. Which screen comes first
 * depends on the saved journey, whose request started before React ran and has usually
 * answered by now (its answer may just not have been handled yet): so the first render waits
 * for it, briefly, and paints the right screen at once rather than "Loading…" a frame before
 * it. It renders synchronously: nothing else on this page needs the main thread first.
 */
export function renderPortal(boot: PortalBoot | null): void {
  const root = createRoot(document.getElementById("root")!);
  const render = () => flushSync(() => root.render(<StrictMode>{boot ? <PortalApp boot={boot} /> : <PortalUnavailable />}</StrictMode>));
  if (!boot) {
    render();
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, PROGRESS_WAIT_MS);
  });
  void Promise.race([progressFor(boot).then(() => undefined, () => undefined), waited]).then(() => {
    clearTimeout(timer);
    render();
  });
}
