export * from "./sandbox.fixtures.js";
export { createSandboxApi } from "./sandbox.api.js";
export type { SandboxApi, SandboxOptions } from "./sandbox.api.js";
