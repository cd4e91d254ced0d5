export * from "./address/index.js";
export * from "./eligibility/index.js";
export * from "./consent/index.js";
export * from "./device-selection/index.js";
export * from "./device-auth/index.js";
export * from "./journey/index.js";
export { onflexFlows, onflexFlowRegistry } from "./flows.js";
export { UNBOUND_DEPS, completeDeps } from "./shared/shared.deps.js";
export type { FlowError, PartProps, Send } from "./shared/shared.types.js";
