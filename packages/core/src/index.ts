export * from "./errors.js";
export * from "./validators/index.js";
export * from "./schemas/index.js";
export * from "./api/index.js";
export * from "./sandbox/index.js";
export * from "./http/index.js";
