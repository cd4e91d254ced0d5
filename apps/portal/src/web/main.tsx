import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import type { PortalBoot } from "../shared/boot.types.js";
import { PortalApp, PortalUnavailable } from "./portal.app.js";

/** Renders the shell (and, lazily, the flow) into #root; `boot` is null when the page had none. */
export function renderPortal(boot: PortalBoot | null): void {
  const root = createRoot(document.getElementById("root")!);
  root.render(<StrictMode>{boot ? <PortalApp boot={boot} /> : <PortalUnavailable />}</StrictMode>);
}
