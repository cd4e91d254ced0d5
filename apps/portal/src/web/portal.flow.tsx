import { createHttpApi } from "@onflex/core";
import { createPortalBridge, type PortalBridge } from "@onflex/embed";
import type { ExternalOpener } from "@onflex/machines";
import { AddressStep, OnboardingFlow, OnflexProvider, openInBrowser, type ResumeSource } from "@onflex/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { PortalBoot } from "../shared/boot.types.js";
import { appearanceFor } from "./appearance.js";
import { initialDraftsOf, type Handoff } from "./first-screen.js";
import { journeyFor, portalCallbacks } from "./journey.messages.js";
import { createReadyFirstBridge } from "./ordered.bridge.js";
import type { ServerProgress } from "./progress.storage.js";
import { resolveTargetOrigin } from "./target-origin.js";

/**
 * The portal's journeys start with the address step: its code comes with this chunk (not a
 * lazy chunk of its own), so it renders at once in place of the first screen's shell.
 */
const STEPS = { address: AddressStep };

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

/**
 * Inside a native WebView the host opens pages in the system browser (it hears
 * `open_external` first); in an iframe or a browser tab the portal opens a popup itself,
 * from the user's click.
 */
function openerFor(bridge: PortalBridge): ExternalOpener {
  return (request) => {
    const native = bridge.transports().some((transport) => transport !== "parent");
    return native ? { opened: true, mode: "system_browser" } : openInBrowser(request);
  };
}

export interface PortalFlowProps {
  boot: PortalBoot;
  progress: ServerProgress;
  /** What the user did on the first screen's shell, when it was shown. */
  handoff: Handoff | null;
}

/** The journey, its host messages (`ready` first, then `resize` and the journey's own) and the host's `resume`. */
export default function PortalFlow({ boot, progress, handoff }: PortalFlowProps) {
  const bridge = useBridge(boot);
  useResizeMessages(bridge);
  const api = useMemo(() => createHttpApi({ baseUrl: window.location.origin, getToken: () => boot.sessionId }), [boot]);
  const appearance = useMemo(() => appearanceFor(boot.site.branding), [boot]);
  const journey = journeyFor(boot.proposition, boot.journey);
  const openExternal = useMemo(() => openerFor(bridge), [bridge]);
  // Read in this render, the one that replaces the shell: the journey reads it once, as it mounts.
  const [initialDrafts] = useState(() => (handoff ? initialDraftsOf(handoff) : undefined));
  // The host's `resume` (the user is back from the system browser) reaches the waiting flow.
  const resume = useCallback<ResumeSource>(
    (listener) => bridge.onHostMessage((message) => (message.type === "resume" ? listener(message.payload) : undefined)),
    [bridge],
  );

  const readySent = useRef(false);
  useEffect(() => {
    if (readySent.current) return;
    readySent.current = true;
    bridge.send({ type: "ready", payload: { siteId: boot.site.id } });
  }, [bridge, boot]);

  // A message the protocol refuses is this page's bug: report it and carry on rather than
  // break the journey the user is in.
  const callbacks = useMemo(
    () =>
      portalCallbacks((message) => {
        try {
          bridge.send(message);
        } catch (error) {
          console.error(error);
        }
      }),
    [bridge],
  );

  return (
    <OnflexProvider api={api} appearance={appearance} openExternal={openExternal}>
      <OnboardingFlow
        journey={journey}
        steps={STEPS}
        persistence={progress.storage}
        resume={resume}
        {...(initialDrafts ? { initialDrafts } : {})}
        {...(boot.assetModel ? { assetModel: boot.assetModel } : {})}
        {...callbacks}
      />
    </OnflexProvider>
  );
}
