export { consentMachine, consentActors, consentActions } from "./consent.machine.js";
export type { ConsentMachine, RecordConsentInput } from "./consent.machine.js";
export { consentFlow } from "./consent.flow.js";
export type { ConsentParams } from "./consent.flow.js";
export { connectConsent } from "./consent.connect.js";
export type { ConsentSnapshot, ConsentView } from "./consent.connect.js";
export type * from "./consent.types.js";
