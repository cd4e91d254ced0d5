import type { PortalBoot } from "../shared/boot.types.js";
import { takeBoot } from "./boot.read.js";
import { firstScreenOf } from "./first-screen.js";
import { loadPortalFlow } from "./flow.load.js";
import { progressFor } from "./progress.storage.js";

/*
 * Runs first of all the page's code (the entry imports it before React): takes the boot data
 * and starts reading the saved journey, so the request overlaps with React's start-up rather
 * than waiting for it. A journey that resumes past its first screen needs the flow at once,
 * so its chunks are fetched from here; on the first screen the app fetches them once its
 * shell has painted.
 */
export const boot: PortalBoot | null = takeBoot(document, window.history);
if (boot) {
  void progressFor(boot).then((progress) => {
    if (!firstScreenOf(progress.storage.load(), boot.journey)) void loadPortalFlow().catch(() => undefined);
  });
}
