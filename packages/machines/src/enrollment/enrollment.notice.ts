import * as z from "zod/mini";

const Id = z.string().check(z.minLength(1), z.maxLength(200));

/**
 * What happened to the household's enrolment, as its host should hear it: enrolled (a new,
 * PENDING enrolment), cancelled (a PENDING one), unenrolled (an ACTIVE one left), and its part
 * in one event changed (opted out, opted in, a reserve set for it, `percentage` null: unset).
 * The enrolment flows declare it as their `notices`, so the journey relays each one as a
 * `notice` event with `flow: "enrollment"` or `flow: "manageEnrollment"`.
 */
export const EnrollmentNotice = z.union([
  z.strictObject({ change: z.enum(["enrolled", "cancelled", "unenrolled"]), enrollmentId: Id, programId: Id }),
  z.strictObject({ change: z.enum(["opted_out", "opted_in"]), enrollmentId: Id, programId: Id, eventId: Id }),
  z.strictObject({
    change: z.literal("reserve_set"),
    enrollmentId: Id,
    programId: Id,
    eventId: Id,
    percentage: z.nullable(z.number().check(z.int(), z.gte(0), z.lte(100))),
  }),
]);

export type EnrollmentNotice =
  | { change: "enrolled" | "cancelled" | "unenrolled"; enrollmentId: string; programId: string }
  | { change: "opted_out" | "opted_in"; enrollmentId: string; programId: string; eventId: string }
  | { change: "reserve_set"; enrollmentId: string; programId: string; eventId: string; percentage: number | null };

// The schema and the hand-written type must describe the same notices.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.infer<typeof EnrollmentNotice>, EnrollmentNotice> = true;
void schemaMatchesType;
