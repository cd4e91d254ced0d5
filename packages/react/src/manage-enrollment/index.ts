export { ManageEnrollmentStep, type ManageEnrollmentStepProps } from "./manage-enrollment-step.js";
export type { ManageEnrollmentActorRef } from "./manage-enrollment.types.js";
