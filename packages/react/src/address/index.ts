export { AddressStep, type AddressStepProps } from "./address-step.js";
export type { AddressActorRef } from "./address.types.js";
