import { createPortalBridge, type PortalBridge } from "@onflex/embed";
import { lazy, Suspense, useEffect, useMemo } from "react";
import type { PortalBoot } from "../shared/boot.types.js";
import { createReadyFirstBridge } from "./ordered.bridge.js";
import { resolveTargetOrigin } from "./target-origin.js";

// The flow (machines, steps, HTTP adapter) is its own chunk: the branded shell paints with
// React alone while the flow and the saved progress load in parallel.
const loadFlow = () => import("./portal.flow.js");
const PortalFlow = lazy(loadFlow);

function useBridge(boot: PortalBoot): PortalBridge {
  return useMemo(() => {
    const targetOrigin = resolveTargetOrigin({
      hostOrigin: boot.hostOrigin,
      registeredOrigins: boot.registeredOrigins,
      ancestorOrigins: window.location.ancestorOrigins,
      referrer: document.referrer,
    });
    return createReadyFirstBridge(createPortalBridge(targetOrigin ? { targetOrigin } : {}));
  }, [boot]);
}

/** Tells the host how tall the portal is, whenever that changes, so it can size the frame. */
function useResizeMessages(bridge: PortalBridge) {
  useEffect(() => {
    const root = document.documentElement;
    let last = -1;
    const report = () => {
      const height = Math.ceil(root.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      bridge.send({ type: "resize", payload: { height } });
    };
    const observer = new ResizeObserver(report);
    observer.observe(root);
    report();
    return () => observer.disconnect();
  }, [bridge]);
}

export function PortalApp({ boot }: { boot: PortalBoot }) {
  const bridge = useBridge(boot);
  useResizeMessages(bridge);
  const { branding } = boot.site;
  useEffect(() => {
    void loadFlow();
  }, []);
  return (
    // The header sits outside the flow's themed root, so it takes the site's font here.
    <div className="portal" style={branding.fontFamily ? { fontFamily: branding.fontFamily } : undefined}>
      <header className="portal-header">
        {branding.logoUrl ? <img src={branding.logoUrl} alt="" width={32} height={32} /> : null}
        <span>{branding.name}</span>
      </header>
      <main>
        <Suspense
          fallback={
            <p className="portal-loading" role="status">
              Loading…
            </p>
          }
        >
          <PortalFlow boot={boot} bridge={bridge} />
        </Suspense>
      </main>
    </div>
  );
}

/** Shown when the page was opened without the server's boot data (e.g. reloaded after the link was used). */
export function PortalUnavailable() {
  return (
    <main className="portal">
      <h1>This page needs a fresh link</h1>
      <p>For your security the portal opens once per link. Go back to the app and open it again.</p>
    </main>
  );
}
