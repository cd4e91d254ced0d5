import { OnflexPortal, type PortalMessage } from "@onflex/embed/react";
import { useCallback, useEffect, useState } from "react";
import { fetchPortalLink } from "./portal-link.client.js";

type LinkState = { status: "loading" } | { status: "ready"; url: string } | { status: "failed"; message: string };

interface LoggedEvent {
  id: number;
  at: string;
  message: PortalMessage;
}

/**
 * The portal as a host embeds it: this page (port 5173) asks its own backend for a signed
 * link and frames the portal from another origin (port 4400). Everything the portal reports
 * arrives as a typed, origin-checked event and is listed in the log.
 */
export function PortalPage() {
  const [link, setLink] = useState<LinkState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [events, setEvents] = useState<LoggedEvent[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    setLink({ status: "loading" });
    fetchPortalLink(controller.signal).then(
      ({ url }) => setLink({ status: "ready", url }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLink({ status: "failed", message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  // A signed link works once (its nonce is spent), so reloading the portal means a new link.
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const record = useCallback((message: PortalMessage) => {
    setEvents((list) => [...list, { id: list.length + 1, at: new Date().toISOString(), message }]);
  }, []);

  return (
    <div className="demo-columns">
      <section aria-labelledby="portal-frame-heading" className="demo-panel demo-panel-wide">
        <h2 id="portal-frame-heading">The portal, framed from another origin</h2>
        <p>
          This page asked its backend for a link (<code>GET /api/portal-url</code>): the backend exchanged its API key
          for a site token at the portal and signed the link with the site secret.
        </p>
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
            <OnflexPortal url={link.url} onEvent={record} title="Onflex onboarding portal" minHeight={480} className="demo-portal" />
            <button type="button" onClick={reload}>
              Reload the portal with a new link
            </button>
          </>
        )}
      </section>
      <section aria-labelledby="portal-events-heading" className="demo-panel">
        <h2 id="portal-events-heading">Events from the portal</h2>
        {events.length === 0 && <p>No events yet. The portal sends ready, resize, step, completed, exit and error.</p>}
        {/* Always rendered, so assistive technology already watches it when the first event arrives. */}
        <div role="log" aria-labelledby="portal-events-heading" className="demo-log">
          <ol>
            {events.map((event) => (
              <li key={event.id}>
                <strong>{event.message.type}</strong> <time dateTime={event.at}>{event.at.slice(11, 19)}</time>
                <code>{JSON.stringify(event.message.payload)}</code>
              </li>
            ))}
          </ol>
        </div>
      </section>
    </div>
  );
}
