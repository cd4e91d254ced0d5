export { TestChargeStep, type TestChargeStepProps } from "./test-charge-step.js";
export type { TestChargeActorRef } from "./test-charge.types.js";
