import type { NonceContext } from "./portal-url.types.js";

export interface MemoryNonceStore {
  /** Pass as `verifyPortalUrl`'s `consumeNonce`: true the first time, false after. */
  consume(nonce: string, context: NonceContext): Promise<boolean>;
  readonly size: number;
}

/**
 * Remembers used nonces in this process until their link expires (plus the skew), so memory
 * stays bounded by the links issued in one lifetime window. Single-process only: several
 * portal instances need a shared store (e.g. a table with a unique key on site and nonce).
 */
export function createMemoryNonceStore(options: { now?: () => number; clockSkewSeconds?: number } = {}): MemoryNonceStore {
  const now = options.now ?? Date.now;
  const skew = options.clockSkewSeconds ?? 60;
  const used = new Map<string, number>();
  const purge = (nowSeconds: number) => {
    for (const [key, forgetAt] of used) if (forgetAt < nowSeconds) used.delete(key);
  };
  return {
    async consume(nonce, { siteId, expiresAt }) {
      const nowSeconds = Math.floor(now() / 1000);
      purge(nowSeconds);
      const key = JSON.stringify([siteId, nonce]);
      if (used.has(key)) return false;
      used.set(key, expiresAt + skew);
      return true;
    },
    get size() {
      return used.size;
    },
  };
}
