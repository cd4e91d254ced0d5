export { OnboardingFlow, type OnboardingFlowProps } from "./onboarding-flow.js";
export {
  DRAFT_SAVE_DELAY_MS,
  useJourney,
  type JourneyActorRef,
  type ResumePayload,
  type ResumeSource,
  type UseJourneyOptions,
  type UseJourneyResult,
} from "./journey.hooks.js";
export { createMemoryPersistence, createWebStoragePersistence } from "./persistence.js";
export { onflexOutcomes, onflexSteps } from "./steps.registry.js";
