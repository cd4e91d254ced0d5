import { createSandboxApi, type OnboardingApi, type SandboxMaker } from "@onflex/core";
import type { PortalSession } from "./portal.store.js";
import { ExpiringCache } from "./session.cache.js";

export interface SandboxBackendOptions {
  clock: () => Date;
  /** Simulated latency per call (ms); 0 by default. */
  latency?: number;
  /** Sign in at this real OAuth server standing in for the makers, not the in-memory simulated one. */
  maker?: SandboxMaker | undefined;
  /** How long a household's sandbox outlives its last use (default 2 h). */
  idleTtlMs?: number;
  /** How many times faster than real time the SIMULATED test charge runs (default 1: about 7 minutes). */
  testChargeSpeed?: number | undefined;
  /** The SIMULATED Tesla owner adds the virtual key this long after its link is shown (unset: never by itself). */
  virtualKeyAddedAfterMs?: number | undefined;
  /** The SIMULATED user finishes in the maker's app (JEDLIX, MYENERGI) this long after its guide is shown (unset: only a pairing code does). */
  guidedAuthorisedAfterMs?: number | undefined;
}

const HOUSEHOLDS = 10_000;

/**
 * The portal's default domain: core's simulated backend, one instance per household site, so
 * what a household did in the sandbox (the devices it registered, a sign-in at the maker in
 * progress) is still there in its next session: after a reload (a new signed link, a new
 * session) the journey resumes against the same simulated platform. Households never share
 * one. Consents recorded through it are also written to the portal's own storage by the route.
 */
export function createSandboxBackend(options: SandboxBackendOptions): (session: PortalSession) => OnboardingApi {
  const households = new ExpiringCache<OnboardingApi>(HOUSEHOLDS);
  const idleTtlMs = options.idleTtlMs ?? 2 * 60 * 60_000;
  return (session) => {
    const now = options.clock().getTime();
    const api =
      households.get(session.siteId, now) ??
      createSandboxApi({
        clock: options.clock,
        latency: options.latency ?? 0,
        ...(options.maker ? { maker: { ...options.maker } } : {}),
        ...(options.testChargeSpeed ? { testChargeSpeed: options.testChargeSpeed } : {}),
        ...(options.virtualKeyAddedAfterMs !== undefined ? { virtualKeyAddedAfterMs: options.virtualKeyAddedAfterMs } : {}),
        ...(options.guidedAuthorisedAfterMs !== undefined ? { guidedAuthorisedAfterMs: options.guidedAuthorisedAfterMs } : {}),
      });
    households.set(session.siteId, api, now + idleTtlMs);
    return api;
  };
}
