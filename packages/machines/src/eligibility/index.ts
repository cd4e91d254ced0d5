export { eligibilityMachine, eligibilityActors } from "./eligibility.machine.js";
export type { EligibilityMachine } from "./eligibility.machine.js";
export { eligibilityFlow, AssetModelFact } from "./eligibility.flow.js";
export type { EligibilityParams } from "./eligibility.flow.js";
export { connectEligibility, selectPropositions } from "./eligibility.connect.js";
export type { EligibilitySnapshot, EligibilityView } from "./eligibility.connect.js";
export type * from "./eligibility.types.js";
