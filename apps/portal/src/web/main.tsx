import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot, type Root } from "react-dom/client";
import type { PortalBoot } from "../shared/boot.types.js";
import { capturePrerendered, PRERENDERED_ATTRIBUTE } from "./first-screen.js";
import { loadPortalFlow, type PortalFlowComponent } from "./flow.load.js";
import { PortalApp, PortalUnavailable } from "./portal.app.js";
import { progressFor } from "./progress.storage.js";

/** How long the first render waits for the saved journey before it paints a loading status instead. */
const PROGRESS_WAIT_MS = 300;
/**
 * How long the server's first screen stands in for the app, waiting for the saved journey and
 * the flow's code, before the app's own shell takes over (a slow or failed chunk).
 */
const PRERENDERED_WAIT_MS = 5_000;

/**
 * Resolves once the page has had a frame: the server's screen is painted before
 * the flow's chunk is fetched and compiled, which on a slow phone takes the main thread for a
 * while.
 */
function afterFirstFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * Renders the app into #root; `boot` is null when the page had none.
 *
 * When the server sent the first screen in the page (a household with nothing saved), that
 * screen stays (its inline script already keeps a press of Find address, and shows busy), the
 * flow's code starts loading once that screen has had a frame, and the app renders once the
 * saved journey and the flow are both here, straight to the real step, carrying over what was
 * typed, focus, caret and a pending press. If they take longer than PRERENDERED_WAIT_MS, the
 * app's shell takes over.
 *
 * Otherwise which screen comes first depends on the saved journey, whose request started
 * before React ran and has usually answered by now: so the first render waits for it,
 * briefly, and paints the right screen at once rather than "Loading…" a frame before it.
 * It renders synchronously: nothing else on this page needs the main thread first.
 */
export function renderPortal(boot: PortalBoot | null): Root {
  const container = document.getElementById("root")!;
  const sent = boot !== null && container.querySelector(`[${PRERENDERED_ATTRIBUTE}]`) !== null;
  const root = createRoot(container);
  // What was done on the server's first screen is read in the same task as the render that
  // replaces it, so no keystroke falls in between.
  const render = (flow: PortalFlowComponent | null = null) => {
    const prerendered = capturePrerendered(container);
    container.replaceChildren();
    flushSync(() =>
      root.render(<StrictMode>{boot ? <PortalApp boot={boot} prerendered={prerendered} initialFlow={flow} /> : <PortalUnavailable />}</StrictMode>),
    );
  };
  if (!boot) {
    render();
    return root;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), sent ? PRERENDERED_WAIT_MS : PROGRESS_WAIT_MS);
  });
  const progress = progressFor(boot).then(
    () => undefined,
    () => undefined,
  );
  const ready = sent
    ? Promise.all([progress, afterFirstFrame().then(loadPortalFlow)]).then(
        ([, flow]) => flow,
        () => null,
      )
    : progress.then(() => null);
  void Promise.race([ready, waited]).then((flow) => {
    clearTimeout(timer);
    render(flow);
  });
  return root;
}
