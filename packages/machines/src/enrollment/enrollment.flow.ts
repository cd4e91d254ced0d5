import { Enrollment, ProgramDeviceType } from "@onflex/core";
import type { Enrollment as EnrollmentValue } from "@onflex/core";
import * as z from "zod/mini";
import { defineFlow } from "../journey/journey.define.js";
import { enrollmentActions, enrollmentActors, enrollmentMachine } from "./enrollment.machine.js";
import { EnrollmentNotice } from "./enrollment.notice.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /**
     * The household's enrolment in a programme (Flip's Enrollment): PENDING when just made,
     * or the open one it already had (ACTIVE, NEEDS_ACTION). Managing it starts from here.
     */
    enrollment: EnrollmentValue;
  }
  interface FlowNotices {
    /** Each enrolment made or cancelled here. */
    enrollment: EnrollmentNotice;
  }
}

/**
 * Programme enrolment (Flip): an open enrolment ends the flow at once; otherwise the programmes
 * for the home's zip code (params, else the site's, else asked) that its devices can join,
 * one chosen, its details and terms agreed, any missing site attributes and programme
 * questions asked for, then enrolled as PENDING, with cancel while PENDING (back to the list).
 * No programme is a blocked result with reason "no_programs" and `details { zipCode, deviceType }`.
 */
export const enrollmentFlow = defineFlow({
  id: "enrollment",
  version: 1,
  machine: enrollmentMachine,
  implement: (deps) => ({ actors: enrollmentActors(deps.api), actions: enrollmentActions(deps.clock) }),
  needs: [],
  gives: { enrollment: Enrollment },
  notices: EnrollmentNotice,
  params: z.object({ zipCode: z.optional(z.string()), deviceType: z.optional(ProgramDeviceType) }),
  input: ({ params }) => ({ zipCode: params.zipCode ?? null, deviceType: params.deviceType ?? null }),
  result: (output) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    if (output.outcome === "enrolled") return { status: "done", facts: { enrollment: output.enrollment } };
    return { status: "blocked", reason: "no_programs", details: { zipCode: output.zipCode, deviceType: output.deviceType } };
  },
});
