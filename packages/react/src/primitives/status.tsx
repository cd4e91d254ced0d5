/**
 * A polite live region. It stays mounted with empty text when idle, because screen readers
 * only announce changes to a region that already existed.
 */
export function LiveStatus({ message, busy = false }: { message?: string | undefined; busy?: boolean }) {
  return (
    <div className="onflex-status" role="status" aria-live="polite" data-part="status" data-busy={busy || undefined}>
      {message ? (
        <p className="onflex-status-text">
          {busy ? <span className="onflex-spinner" aria-hidden="true" /> : null}
          {message}
        </p>
      ) : null}
    </div>
  );
}
