export { AddressStep, type AddressStepProps } from "./address-step.js";
export { useAddressActor, useAddressFlow, useAddressView, type AddressActorRef } from "./address.hooks.js";
