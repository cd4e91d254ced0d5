import { OnflexError } from "@onflex/core";
import type { OnboardingApi } from "@onflex/core";
import type { FlowDeps } from "../journey/journey.types.js";

function unbound(): never {
  throw new OnflexError("validation", "This flow has no API: run it through a journey, or bind it with bindFlow(flow, { api }).", {
    retryable: false,
  });
}

/**
 * What a flow machine's own `setup` is built with: every call fails with a clear message.
 * A journey (or `bindFlow`) replaces these with the real dependencies through `provide`.
 */
export const UNBOUND_DEPS: FlowDeps = {
  api: new Proxy({} as OnboardingApi, {
    get: () => new Proxy({}, { get: () => () => Promise.reject(unbound()) }),
  }),
  clock: () => new Date(),
  openExternal: unbound,
};

/** Fills in what a caller left out: the device clock, and an opener that refuses. */
export function completeDeps(deps: Partial<FlowDeps> & Pick<FlowDeps, "api">): FlowDeps {
  return { clock: UNBOUND_DEPS.clock, openExternal: UNBOUND_DEPS.openExternal, ...deps };
}
