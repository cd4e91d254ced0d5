export { WaitForTransitionStep, type WaitForTransitionStepProps } from "./wait-for-transition-step.js";
export type { WaitForTransitionActorRef } from "./wait-for-transition.types.js";
