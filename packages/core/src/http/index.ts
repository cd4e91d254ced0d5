export { createHttpApi } from "./http.api.js";
export type { HttpApiOptions } from "./http.api.js";
export * from "./http.router.js";
export * from "./http.status.js";
