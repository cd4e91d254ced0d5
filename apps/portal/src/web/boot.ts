import "@onflex/react/styles.css";
import "./portal.css";
// First: its module body reads the boot data and starts the progress request before React's modules run.
import { boot } from "./boot.start.js";
import { renderPortal } from "./main.js";

/*
 * The page's entry: one chunk with React and the first screen's shell, as a bare React page
 * would be, so nothing waits on a second round of module loading before the first paint. The
 * journey's own code (the flow chunk) loads lazily (flow.load.ts).
 */
renderPortal(boot);
