export * from "./operations.js";
export * from "./operations.runtime.js";
export type * from "./port.js";
