export { EnrollmentStep, type EnrollmentStepProps } from "./enrollment-step.js";
export { NoProgramsScreen } from "./no-programs-screen.js";
export type { EnrollmentActorRef } from "./enrollment.types.js";
