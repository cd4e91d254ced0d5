import "@onflex/react/styles.css";
import "./portal.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { takeBoot } from "./boot.read.js";
import { PortalApp, PortalUnavailable } from "./portal.app.js";
import { progressFor } from "./progress.storage.js";

const boot = takeBoot(document, window.history);
// Network first: the saved journey is read while React renders the shell and the flow's
// chunks (preloaded by index.html) arrive.
if (boot) void progressFor(boot);
const root = createRoot(document.getElementById("root")!);
root.render(<StrictMode>{boot ? <PortalApp boot={boot} /> : <PortalUnavailable />}</StrictMode>);
