import "@onflex/react/styles.css";
import "./portal.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { takeBoot } from "./boot.read.js";
import { PortalApp, PortalUnavailable } from "./portal.app.js";

const root = createRoot(document.getElementById("root")!);
const boot = takeBoot(document, window.history);
root.render(<StrictMode>{boot ? <PortalApp boot={boot} /> : <PortalUnavailable />}</StrictMode>);
