export { manageEnrollmentMachine, manageEnrollmentActors, manageEnrollmentActions } from "./manage-enrollment.machine.js";
export type { ManageEnrollmentMachine, ManagedEnrollment } from "./manage-enrollment.machine.js";
export { manageEnrollmentFlow } from "./manage-enrollment.flow.js";
export { connectManageEnrollment } from "./manage-enrollment.connect.js";
export type { ManageEnrollmentSnapshot, ManageEnrollmentView, ManagedEventView } from "./manage-enrollment.connect.js";
export { eventReserveLevel, reserveFor, reserveInputError, splitEvents } from "./manage-enrollment.rules.js";
export type * from "./manage-enrollment.types.js";
