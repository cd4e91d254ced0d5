export { consentMachine } from "./consent.machine.js";
export type { ConsentMachine } from "./consent.machine.js";
export { connectConsent } from "./consent.connect.js";
export type { ConsentSnapshot, ConsentView } from "./consent.connect.js";
export type * from "./consent.types.js";
