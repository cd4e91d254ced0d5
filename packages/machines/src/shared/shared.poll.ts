/**
 * How often a flow that waits for the user to finish something elsewhere (a maker's sign-in, the
 * Tesla app) asks the server: 2 s, then 1.5 times longer each check, at most 15 s. The flows
 * count their checks only as far as the backoff grows (the cap is reached at the fifth), so a
 * saved snapshot never holds a growing number.
 */
export const POLL_BACKOFF = { firstMs: 2000, factor: 1.5, maxMs: 15000, maxCount: 5 } as const;

export function pollDelayMs(polls: number): number {
  return Math.min(POLL_BACKOFF.firstMs * POLL_BACKOFF.factor ** polls, POLL_BACKOFF.maxMs);
}

export function nextPollCount(polls: number): number {
  return Math.min(polls + 1, POLL_BACKOFF.maxCount);
}
