"use client";
// Client components and hooks; the directive keeps React Server Components from rendering them on the server.
export * from "./provider/index.js";
export * from "./theme/index.js";
export * from "./i18n/index.js";
export * from "./primitives/index.js";
export * from "./step/index.js";
export * from "./address/index.js";
export * from "./eligibility/index.js";
export * from "./consent/index.js";
export * from "./device-selection/index.js";
export * from "./enrollment/index.js";
export * from "./device-auth/index.js";
export * from "./tariff-switch/index.js";
export * from "./test-charge/index.js";
export * from "./virtual-key/index.js";
export * from "./wait-for-transition/index.js";
export * from "./manage-enrollment/index.js";
export * from "./flow/index.js";
export {
  addressFlow,
  connectAddress,
  connectConsent,
  connectDeviceSelection,
  connectEligibility,
  connectEnrollment,
  consentFlow,
  defineFlow,
  deviceSelectionFlow,
  eligibilityFlow,
  enrollmentFlow,
  connectManageEnrollment,
  manageEnrollmentFlow,
  onflexFlows,
  presets,
} from "@onflex/machines";
export type {
  AnyFlowDefinition,
  FlowDefinition,
  Facts,
  FlowDeps,
  JourneyCallbacks,
  JourneyCompletion,
  JourneyDefinition,
  JourneyExit,
  JourneyHostEvent,
  JourneyStorage,
  JourneyView,
  RestoreFailureReason,
} from "@onflex/machines";
