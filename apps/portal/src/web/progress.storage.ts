import type { JourneyStorage } from "@onflex/machines";

export interface ServerProgress {
  /** Synchronous storage for the journey, backed by the server. */
  storage: JourneyStorage;
  /** Resolves when every write sent so far has reached the server. */
  flush(): Promise<void>;
}

/**
 * The journey saves synchronously, but the portal keeps progress on its server (so a
 * fresh signed link, a reload or a WebView restart resumes). So: read once before the
 * journey starts, answer loads from memory, and send writes in order in the background.
 * A failed write is not fatal: the journey carries on and the next save sends it all again.
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

  let queue: Promise<void> = Promise.resolve();
  const send = (init: RequestInit) => {
    queue = queue.then(
      () => fetchFn(url, init).then(() => undefined, () => undefined),
    );
  };

  return {
    storage: {
      load: () => current,
      save(value) {
        current = value;
        send({ method: "PUT", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ snapshot: JSON.parse(value) as unknown }) });
      },
      clear() {
        current = null;
        send({ method: "DELETE", headers: auth });
      },
    },
    flush: () => queue,
  };
}
