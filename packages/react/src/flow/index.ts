export { OnboardingFlow, type OnboardingFlowProps } from "./onboarding-flow.js";
export { useJourney, type JourneyActorRef, type UseJourneyOptions, type UseJourneyResult } from "./journey.hooks.js";
export { createMemoryPersistence, createWebStoragePersistence } from "./persistence.js";
