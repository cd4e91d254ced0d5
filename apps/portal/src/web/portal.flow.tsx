import { createHttpApi } from "@onflex/core";
import type { PortalBridge } from "@onflex/embed";
import type { ExternalOpener } from "@onflex/machines";
import { OnboardingFlow, OnflexProvider, openInBrowser, type ResumeSource } from "@onflex/react";
import { use, useCallback, useEffect, useMemo, useRef } from "react";
import type { PortalBoot } from "../shared/boot.types.js";
import { appearanceFor } from "./appearance.js";
import { journeyFor, portalCallbacks } from "./journey.messages.js";
import { progressFor } from "./progress.storage.js";

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

export default function PortalFlow({ boot, bridge }: { boot: PortalBoot; bridge: PortalBridge }) {
  const progress = use(progressFor(boot));
  const api = useMemo(() => createHttpApi({ baseUrl: window.location.origin, getToken: () => boot.sessionId }), [boot]);
  const appearance = useMemo(() => appearanceFor(boot.site.branding), [boot]);
  const journey = journeyFor(boot.proposition);
  const openExternal = useMemo(() => openerFor(bridge), [bridge]);
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
      <OnboardingFlow journey={journey} persistence={progress.storage} resume={resume} {...(boot.assetModel ? { assetModel: boot.assetModel } : {})} {...callbacks} />
    </OnflexProvider>
  );
}
