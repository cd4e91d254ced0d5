import "@onflex/react/styles.css";
import "./portal.css";
import { takeBoot } from "./boot.read.js";
import { progressFor } from "./progress.storage.js";

/*
 * The page's entry, kept tiny so it runs as soon as it arrives: it takes the boot data and
 * starts reading the saved journey, then runs the app (React, the shell), whose chunks
 * index.html already preloads in parallel. The progress request thus overlaps with the
 * download and compilation of React rather than waiting for them.
 */
const boot = takeBoot(document, window.history);
if (boot) void progressFor(boot);
void import("./main.js").then(({ renderPortal }) => renderPortal(boot));
