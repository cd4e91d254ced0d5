import { Enrollment } from "@onflex/core";
import { EnrollmentNotice } from "../enrollment/enrollment.notice.js";
import { defineFlow } from "../journey/journey.define.js";
import { manageEnrollmentActions, manageEnrollmentActors, manageEnrollmentMachine } from "./manage-enrollment.machine.js";

declare module "../journey/journey.types.js" {
  interface FlowNotices {
    /** Each change made here: cancelled, unenrolled, an event opted out of or back in, a reserve set. */
    manageEnrollment: EnrollmentNotice;
  }
}

/**
 * Managing an enrolment (Flip): while PENDING it can be cancelled (confirmed first); while
 * ACTIVE the programme's events, past and upcoming, each upcoming or in-progress one with opt
 * out (or back in) and a reserve for that event only, both confirmed first, and leaving the
 * programme with its minimum commitment and any penalty explained before the household
 * confirms (a refusal is explained, with the earliest date). REJECTED and UNENROLLED are
 * explained. Done gives the enrolment as it stands; cancelling and unenrolling end it as
 * exits with those reasons.
 */
export const manageEnrollmentFlow = defineFlow({
  id: "manageEnrollment",
  version: 1,
  machine: manageEnrollmentMachine,
  implement: (deps) => ({ actors: manageEnrollmentActors(deps.api), actions: manageEnrollmentActions(deps.clock) }),
  needs: ["enrollment"],
  gives: { enrollment: Enrollment },
  notices: EnrollmentNotice,
  input: ({ facts }) => ({ enrollment: Enrollment.parse(facts.enrollment) }),
  result: (output) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    if (output.outcome === "kept") return { status: "done", facts: { enrollment: output.enrollment } };
    return { status: "exited", reason: output.outcome };
  },
});
