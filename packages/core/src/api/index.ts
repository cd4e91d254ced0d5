export * from "./operations.js";
export type * from "./port.js";
