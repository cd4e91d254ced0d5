export { VirtualKeyStep, type VirtualKeyStepProps } from "./virtual-key-step.js";
export type { VirtualKeyActorRef } from "./virtual-key.types.js";
