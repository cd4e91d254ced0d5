export { EligibilityStep, type EligibilityStepProps } from "./eligibility-step.js";
export { EligibilityResults } from "./eligibility-results.js";
export {
  useEligibilityActor,
  useEligibilityFlow,
  useEligibilityView,
  type EligibilityActorRef,
} from "./eligibility.hooks.js";
