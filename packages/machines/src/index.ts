export * from "./address/index.js";
export * from "./eligibility/index.js";
export * from "./consent/index.js";
export * from "./journey/index.js";
export type { FlowError, FlowInput, PartProps, Send } from "./shared/shared.types.js";
