export * from "./errors.js";
export * from "./schemas/index.js";
export * from "./api/index.js";
