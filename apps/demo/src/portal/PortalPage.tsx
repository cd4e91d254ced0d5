import type { PortalCallbacks, PortalCompletion } from "@onflex/embed";
import { OnflexPortal } from "@onflex/embed/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { HostLog, useHostLog } from "../app/host-log.js";
import { CompletionOutput } from "../journey/CompletionOutput.js";
import { fetchPortalLink, type PortalProduct } from "./portal-link.client.js";

type LinkState = { status: "loading" } | { status: "ready"; url: string } | { status: "failed"; message: string };

/**
 * The portal as a host embeds it: this page (port 5173) asks its own backend for a signed
 * link and frames the portal from another origin (port 4400). Everything the portal reports
 * arrives origin-checked and typed, through the callbacks `<OnboardingFlow>` has (`onEvent`,
 * `onComplete`, `onExit`) plus the portal's `onReady` and `onResize`, and is logged just as
 * the journey page logs its own. With `product="device"` the link is signed by a second
 * sandbox host (Gridwise Energy) whose portal runs the device journey: the host registered
 * that journey at the portal, so the link does not (and cannot) choose it.
 */
export function PortalPage({ product }: { product?: PortalProduct } = {}) {
  const [link, setLink] = useState<LinkState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const { entries, log } = useHostLog();
  const [completion, setCompletion] = useState<PortalCompletion | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLink({ status: "loading" });
    fetchPortalLink(controller.signal, product).then(
      ({ url }) => setLink({ status: "ready", url }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLink({ status: "failed", message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [attempt, product]);

  // A signed link works once (its nonce is spent), so reloading the portal means a new link.
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const callbacks = useMemo<PortalCallbacks>(
    () => ({
      onReady: (ready) => log("onReady", null, ready),
      onResize: (resize) => log("onResize", null, resize),
      onEvent: (event) => log("onEvent", event.type, event),
      onComplete: (done) => {
        log("onComplete", null, done);
        setCompletion(done);
      },
      onExit: (exit) => log("onExit", exit.reason, exit),
    }),
    [log],
  );

  return (
    <div className="demo-columns">
      <section aria-labelledby="portal-frame-heading" className="demo-panel demo-panel-wide">
        <h2 id="portal-frame-heading">The portal, framed from another origin</h2>
        <p>
          This page asked its backend for a link (<code>GET /api/portal-url</code>): the backend exchanged its API key
          for a site token at the portal and signed the link with the site secret.
        </p>
        {product === "device" ? (
          <p>
            The portal's sandbox runs the test charge <strong>20 times faster</strong> than a real one (about 21 seconds), and signs you in at
            the demo's stand-in for the makers: any email address, password <code>onflex</code>.
          </p>
        ) : null}
        {product === "vpp" ? <p>A programme home for a virtual power plant: sandbox programmes are offered for ZIP codes 88801 and 88802.</p> : null}
        {link.status === "loading" && <p role="status">Getting a signed portal link…</p>}
        {link.status === "failed" && (
          <div role="alert" className="demo-error">
            <p>Could not open the portal: {link.message}</p>
            <button type="button" onClick={reload}>
              Try again
            </button>
          </div>
        )}
        {link.status === "ready" && (
          <>
            <OnflexPortal url={link.url} {...callbacks} title="Onflex onboarding portal" minHeight={480} className="demo-portal" />
            <button type="button" onClick={reload}>
              Reload the portal with a new link
            </button>
          </>
        )}
      </section>
      <div>
        <HostLog title="Events from the portal" empty="No events yet: onReady, onResize, onEvent (step, error, open_external, notice), then onComplete or onExit." entries={entries} />
        {completion ? <CompletionOutput completion={completion} /> : null}
      </div>
    </div>
  );
}
