import { useCallback, useMemo, useState } from "react";

/**
 * What a host page hears, logged the same way on both pages: the callback's name
 * (`onEvent`, `onComplete`, `onExit`, and the portal's own `onReady` and `onResize`), the
 * event's type for `onEvent`, and what it carried. `<OnboardingFlow>` and the embedded
 * portal speak one vocabulary, so the two logs read alike.
 */
export interface HostLogEntry {
  id: number;
  at: string;
  callback: string;
  type: string | null;
  detail: unknown;
}

export function useHostLog() {
  const [entries, setEntries] = useState<HostLogEntry[]>([]);
  const log = useCallback((callback: string, type: string | null, detail: unknown) => {
    setEntries((list) => [...list.slice(-49), { id: (list.at(-1)?.id ?? 0) + 1, at: new Date().toISOString(), callback, type, detail }]);
  }, []);
  const clear = useCallback(() => setEntries([]), []);
  return useMemo(() => ({ entries, log, clear }), [entries, log, clear]);
}

function summary(detail: unknown): string {
  try {
    const text = JSON.stringify(detail);
    return text.length > 240 ? `${text.slice(0, 237)}…` : text;
  } catch {
    return String(detail);
  }
}

export function HostLog({ title, empty, entries }: { title: string; empty: string; entries: HostLogEntry[] }) {
  const id = `${title.toLowerCase().replace(/[^a-z]+/g, "-")}-heading`;
  return (
    <section aria-labelledby={id} className="demo-panel">
      <h2 id={id}>{title}</h2>
      {entries.length === 0 && <p>{empty}</p>}
      {/* Always rendered, so assistive technology already watches it when the first entry arrives. */}
      <div role="log" aria-labelledby={id} className="demo-log">
        <ol>
          {entries.map((entry) => (
            <li key={entry.id}>
              <strong>{entry.callback}</strong>
              {entry.type ? <> <span className="demo-log-type">{entry.type}</span></> : null}{" "}
              <time dateTime={entry.at}>{entry.at.slice(11, 19)}</time>
              <code>{summary(entry.detail)}</code>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
