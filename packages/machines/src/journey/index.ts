export { journeyMachine, isEligibleFor } from "./journey.machine.js";
export type { JourneyMachine } from "./journey.machine.js";
export { connectJourney, getJourneyScreen } from "./journey.connect.js";
export type { JourneySnapshot, JourneyStepRef, JourneyView } from "./journey.connect.js";
export { presets } from "./journey.presets.js";
export { observeJourney } from "./journey.observe.js";
export { JOURNEY_SCHEMA_VERSION, persistJourney, restoreJourney, saveJourney, loadJourney } from "./journey.persistence.js";
export type { PersistedJourney, RestoreFailureReason, RestoreResult } from "./journey.persistence.js";
export type * from "./journey.types.js";
