import { effectiveReserve, isEventChangeable, reserveLevelError } from "@onflex/core";
import type { Enrollment, Program, ProgramEvent, ReserveSource } from "@onflex/core";
import type { ReserveInputError } from "./manage-enrollment.types.js";

/** Upcoming and in-progress events (soonest first), and the others, latest first. */
export function splitEvents(events: readonly ProgramEvent[]): { current: ProgramEvent[]; past: ProgramEvent[] } {
  const sorted = [...events].sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  return { current: sorted.filter(isEventChangeable), past: sorted.filter((event) => !isEventChangeable(event)).reverse() };
}

/** The event's own reserve (the first device's that sets one), or null. */
export function eventReserveLevel(event: ProgramEvent): number | null {
  return event.device_settings.find((setting) => setting.backup_reserve_percentage !== null)?.backup_reserve_percentage ?? null;
}

/** The reserve that applies to an event and where it comes from; null when the event has no battery or the programme sets no bounds. */
export function reserveFor(event: ProgramEvent, program: Program | null, siteReserve: number | null): { percentage: number | null; source: ReserveSource } | null {
  if (!program?.backup_reserve || event.device_settings.length === 0) return null;
  return effectiveReserve(eventReserveLevel(event), program.backup_reserve, siteReserve);
}

/** Why a reserve typed for an event cannot be sent, or null when it can (null percentage: unset). */
export function reserveInputError(event: ProgramEvent | undefined, program: Program | null, percentage: unknown): ReserveInputError | null {
  const eventId = event?.id ?? "";
  if (!event || !program?.backup_reserve || event.device_settings.length === 0) return { eventId, reason: "not_offered" };
  if (percentage === null) return null;
  if (typeof percentage !== "number") return { eventId, reason: "not_a_whole_percentage" };
  const reason = reserveLevelError(percentage, program.backup_reserve);
  return reason ? { eventId, reason } : null;
}

/** The enrolment's programme among those listed, if it is still offered. */
export function programOf(programs: readonly Program[], enrollment: Enrollment): Program | null {
  return programs.find((program) => program.id === enrollment.program_id) ?? null;
}
