export { eligibilityMachine, DEFAULT_ELIGIBILITY_RETRY } from "./eligibility.machine.js";
export type { EligibilityMachine } from "./eligibility.machine.js";
export { connectEligibility, selectPropositions } from "./eligibility.connect.js";
export type { EligibilitySnapshot, EligibilityView } from "./eligibility.connect.js";
export type * from "./eligibility.types.js";
