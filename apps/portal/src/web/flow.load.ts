import type PortalFlow from "./portal.flow.js";

export type PortalFlowComponent = typeof PortalFlow;

let loading: Promise<PortalFlowComponent> | undefined;

/**
 * The flow's chunk (engine, steps, HTTP adapter, bridge), fetched once per page: by the entry
 * as soon as the saved journey turns out to need it, else by the app once the first screen's
 * shell has painted. A failed fetch may be tried again.
 */
export function loadPortalFlow(): Promise<PortalFlowComponent> {
  loading ??= import("./portal.flow.js").then(
    (module) => module.default,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
