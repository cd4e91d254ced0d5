export { ConsentStep, type ConsentStepProps } from "./consent-step.js";
export type { ConsentActorRef } from "./consent.types.js";
