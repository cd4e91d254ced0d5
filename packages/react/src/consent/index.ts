export { ConsentStep, type ConsentStepProps } from "./consent-step.js";
export { useConsentActor, useConsentFlow, useConsentView, type ConsentActorRef } from "./consent.hooks.js";
