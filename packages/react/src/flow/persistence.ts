import type { JourneyStorage } from "@onflex/machines";

/**
 * A JourneyStorage over sessionStorage or localStorage. Pass a function when merely reading
 * `window.sessionStorage` can throw (a sandboxed iframe, blocked third-party storage): every
 * failure degrades to "nothing saved" instead of breaking the flow.
 */
export function createWebStoragePersistence(storage: Storage | (() => Storage | null | undefined) | null | undefined, key: string): JourneyStorage {
  const get = (): Storage | null | undefined => (typeof storage === "function" ? storage() : storage);
  return {
    load() {
      try {
        return get()?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    save(value) {
      try {
        get()?.setItem(key, value);
      } catch {
        // Quota exceeded or storage blocked: the journey still works, it just won't survive a reload.
      }
    },
    clear() {
      try {
        get()?.removeItem(key);
      } catch {
        // As above.
      }
    },
  };
}

/** Keeps a saved journey in memory only: for tests, and for hosts that must not touch storage. */
export function createMemoryPersistence(initial: string | null = null): JourneyStorage & { readonly value: string | null } {
  let value = initial;
  return {
    get value() {
      return value;
    },
    load: () => value,
    save: (next) => {
      value = next;
    },
    clear: () => {
      value = null;
    },
  };
}
