/**
 * Token buckets, one per key (a client address, an API key's hash, a session id), in a
 * bounded map. A bucket holds up to `burst` tokens and gains `perSecond` tokens a second;
 * a request spends one, and an empty bucket answers 429 with the seconds until the next
 * token (Retry-After). In memory, per process: behind N portal processes a client gets N
 * times the budget, which is fine for what these limits are for (making hostile traffic cost
 * nothing), not for billing.
 */
export interface BucketLimit {
  /** Tokens a full bucket holds: how many requests may come at once. */
  burst: number;
  /** Tokens added per second: the sustained rate. */
  perSecond: number;
}

export interface RateLimits {
  /** Wrong or missing API keys at POST /v1/auth/site/{siteId} and POST /v1/commission, per client address (then a lockout until it refills). */
  authFailuresPerClient: BucketLimit;
  /** Site tokens minted per host API key. */
  siteTokensPerKey: BucketLimit;
  /** Commissionings (POST /v1/commission) per host API key; each writes a household's rows in one transaction. */
  commissionsPerKey: BucketLimit;
  /** Signed-entry requests per client address. */
  entryPerClient: BucketLimit;
  /** REST API calls per portal session. */
  apiPerSession: BucketLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  authFailuresPerClient: { burst: 10, perSecond: 10 / 60 },
  siteTokensPerKey: { burst: 600, perSecond: 100 },
  commissionsPerKey: { burst: 120, perSecond: 20 },
  entryPerClient: { burst: 120, perSecond: 30 },
  apiPerSession: { burst: 120, perSecond: 20 },
};

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: BucketLimit,
    private readonly maxKeys = 100_000,
  ) {}

  #refill(key: string, now: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.limit.burst, at: now };
      this.#buckets.set(key, bucket);
      if (this.#buckets.size > this.maxKeys) this.#evict(now);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + elapsed * this.limit.perSecond);
    bucket.at = now;
    return bucket;
  }

  /** Seconds to wait when the bucket is empty, else 0 (nothing spent). */
  check(key: string, now: number): number {
    const bucket = this.#refill(key, now);
    return bucket.tokens >= 1 ? 0 : this.#wait(bucket);
  }

  /** Spends one token; seconds to wait when there was none (nothing spent), else 0. */
  take(key: string, now: number): number {
    const bucket = this.#refill(key, now);
    if (bucket.tokens < 1) return this.#wait(bucket);
    bucket.tokens -= 1;
    return 0;
  }

  #wait(bucket: Bucket): number {
    return this.limit.perSecond > 0 ? Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)) : 3600;
  }

  /** Full buckets carry no information, so they go first; then the oldest. */
  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.#buckets.delete(key);
      if (this.#buckets.size <= this.maxKeys * 0.9) return;
    }
    while (this.#buckets.size > this.maxKeys * 0.9) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done) return;
      this.#buckets.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#buckets.size;
  }
}

export function createLimiters(limits: Partial<RateLimits> = {}) {
  const merged: RateLimits = { ...DEFAULT_RATE_LIMITS, ...limits };
  return {
    limits: merged,
    authFailures: new RateLimiter(merged.authFailuresPerClient),
    siteTokens: new RateLimiter(merged.siteTokensPerKey),
    commissions: new RateLimiter(merged.commissionsPerKey),
    entry: new RateLimiter(merged.entryPerClient),
    api: new RateLimiter(merged.apiPerSession),
  };
}

export type Limiters = ReturnType<typeof createLimiters>;
