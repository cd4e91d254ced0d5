import { createSandboxApi, type OnboardingApi, type SandboxMaker } from "@onflex/core";
import type { PortalSession } from "./portal.store.js";

export interface SandboxBackendOptions {
  clock: () => Date;
  /** Simulated latency per call (ms); 0 by default. */
  latency?: number;
  /** Sign in at this real OAuth server standing in for the makers, not the in-memory simulated one. */
  maker?: SandboxMaker | undefined;
}

/**
 * The portal's default domain: core's simulated backend, one instance per session, so the
 * once-per-instance fixtures (the postcode that fails once) behave the same for every user.
 * Consents recorded through it are also written to the portal's own storage by the route.
 */
export function createSandboxBackend(options: SandboxBackendOptions): (session: PortalSession) => OnboardingApi {
  return () => createSandboxApi({ clock: options.clock, latency: options.latency ?? 0, ...(options.maker ? { maker: { ...options.maker } } : {}) });
}
