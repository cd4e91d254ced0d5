export * from "./sandbox.fixtures.js";
export { createSandboxApi } from "./sandbox.api.js";
export type { SandboxApi, SandboxOptions } from "./sandbox.api.js";
export { SANDBOX_PROGRAMS, SANDBOX_PROGRAM_IDS, SANDBOX_ZIP_CODES, SANDBOX_SITE_DEVICES, programAnswerError } from "./sandbox.programs.js";
export type { ProgramDefinition, FormFieldRule } from "./sandbox.programs.js";
export { SANDBOX_SITES } from "./sandbox.enrollments.js";
export type { SandboxSite } from "./sandbox.enrollments.js";
export { SANDBOX_VIRTUAL_KEY } from "./sandbox.virtual-key.js";
export type { SandboxVirtualKeyOutcome } from "./sandbox.virtual-key.js";
