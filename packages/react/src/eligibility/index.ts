export { EligibilityStep, type EligibilityStepProps } from "./eligibility-step.js";
export { EligibilityResults } from "./eligibility-results.js";
export { IneligibleScreen } from "./ineligible-screen.js";
export type { EligibilityActorRef } from "./eligibility.types.js";
