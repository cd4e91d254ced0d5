import type { JourneyStorage } from "@onflex/machines";

export interface ServerProgress {
  /** Synchronous storage for the journey, backed by the server. */
  storage: JourneyStorage;
  /** Resolves when every write asked for so far has been sent and answered. */
  flush(): Promise<void>;
}

type Write = { method: "PUT"; body: string } | { method: "DELETE" };

/**
 * The journey saves synchronously, but the portal keeps progress on its server (so a
 * fresh signed link, a reload or a WebView restart resumes). So: read once before the
 * journey starts, answer loads from memory, and write in the background with at most one
 * request in flight: saves made while one is on its way are coalesced into the latest, sent
 * when it returns (a burst of saves is two requests, never a queue of stale ones). A failed
 * write is not fatal: the journey carries on and the next save sends everything again.
 */
export async function loadServerProgress(options: { baseUrl: string; sessionId: string; fetch?: typeof fetch }): Promise<ServerProgress> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const url = `${options.baseUrl}/v1/session/progress`;
  const auth = { Authorization: `Bearer ${options.sessionId}` };
  let current: string | null = null;
  try {
    const response = await fetchFn(url, { headers: auth });
    if (response.ok) {
      const body = (await response.json()) as { snapshot: unknown };
      current = body.snapshot === null || body.snapshot === undefined ? null : JSON.stringify(body.snapshot);
    }
  } catch {
    // Nothing saved can be read: start fresh rather than not at all.
  }

  let next: Write | null = null;
  let inFlight: Promise<void> | null = null;
  /** The last write sent, so saving the same journey twice sends it once. */
  let lastSent: string | null = null;

  const pump = (): Promise<void> => {
    if (inFlight) return inFlight;
    const write = next;
    if (!write) return Promise.resolve();
    next = null;
    const key = write.method === "PUT" ? write.body : "DELETE";
    if (key === lastSent) return pump();
    const init: RequestInit =
      write.method === "PUT"
        ? { method: "PUT", headers: { ...auth, "Content-Type": "application/json" }, body: write.body }
        : { method: "DELETE", headers: auth };
    inFlight = fetchFn(url, init)
      .then(
        (response) => {
          lastSent = response.ok ? key : null;
        },
        () => {
          lastSent = null;
        },
      )
      .then(() => {
        inFlight = null;
        return pump();
      });
    return inFlight;
  };

  return {
    storage: {
      load: () => current,
      save(value) {
        current = value;
        next = { method: "PUT", body: `{"snapshot":${value}}` };
        void pump();
      },
      clear() {
        current = null;
        next = { method: "DELETE" };
        void pump();
      },
    },
    flush: async () => {
      while (inFlight || next) await pump();
    },
  };
}

// Read once per page: the session is fixed for the page's life, and StrictMode must not
// fetch twice. The shell starts it as soon as it has the boot data, so the read runs while
// the flow's code downloads rather than after.
const progressBySession = new Map<string, Promise<ServerProgress>>();
const settledBySession = new Map<string, ServerProgress>();
export function progressFor(boot: { sessionId: string }, baseUrl = window.location.origin): Promise<ServerProgress> {
  let found = progressBySession.get(boot.sessionId);
  if (!found) {
    found = loadServerProgress({ baseUrl, sessionId: boot.sessionId });
    progressBySession.set(boot.sessionId, found);
    void found.then((progress) => settledBySession.set(boot.sessionId, progress));
  }
  return found;
}

/** The session's progress if it has already been read, so the app can paint without waiting a turn. */
export function readProgressNow(boot: { sessionId: string }): ServerProgress | undefined {
  return settledBySession.get(boot.sessionId);
}
