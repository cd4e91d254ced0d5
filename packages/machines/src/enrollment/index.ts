export { enrollmentMachine, enrollmentActors, enrollmentActions } from "./enrollment.machine.js";
export type { EnrollmentMachine, CreateEnrollmentRequest, HomeState } from "./enrollment.machine.js";
export { enrollmentFlow } from "./enrollment.flow.js";
export { EnrollmentNotice } from "./enrollment.notice.js";
export { connectEnrollment } from "./enrollment.connect.js";
export type { EnrollmentSnapshot, EnrollmentView } from "./enrollment.connect.js";
export { acceptAnswers, devicesFor, openEnrollment } from "./enrollment.rules.js";
export type * from "./enrollment.types.js";
