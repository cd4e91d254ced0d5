export { createOpenApiDocument } from "./openapi.document.js";
export type { OpenApiOptions } from "./openapi.document.js";
