export { createSandboxHandlers } from "./msw.handlers.js";
export type { SandboxHandlersOptions } from "./msw.handlers.js";
