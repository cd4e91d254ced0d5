import type { ProgramEvent, ProgramEventMode } from "../schemas/program-event.js";
import type { Enrollment, Program, SiteDevice } from "../schemas/program.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One SIMULATED event, relative to the moment its enrolment became active. */
interface EventPlan {
  /** Minutes from that moment to the start (negative: in the past). */
  startMinutes: number;
  durationMinutes: number;
  canceled?: boolean;
  optedOut?: boolean;
  /** A reserve the household already set for this event only. */
  reserve?: number;
}

/**
 * SIMULATED EVENTS of an active enrolment, placed around the moment it became active so every
 * kind is there whatever the clock says: two past (one sat out), one cancelled, one in progress,
 * two upcoming (one with its own reserve). Statuses follow the sandbox's clock from then on.
 */
export const SANDBOX_EVENT_PLAN: readonly EventPlan[] = [
  { startMinutes: -5 * 24 * 60, durationMinutes: 120, optedOut: true },
  { startMinutes: -3 * 24 * 60, durationMinutes: 120 },
  { startMinutes: -1 * 24 * 60, durationMinutes: 180, canceled: true },
  { startMinutes: -30, durationMinutes: 120 },
  { startMinutes: 1 * 24 * 60, durationMinutes: 120 },
  { startMinutes: 3 * 24 * 60, durationMinutes: 180, reserve: 40 },
];

function modeFor(program: Program): ProgramEventMode {
  if (program.eligible_device_types.includes("BATTERY")) return "DISCHARGE";
  if (program.eligible_device_types.some((type) => type === "EV_CHARGER" || type === "ELECTRIC_VEHICLE")) return "STANDBY";
  return "SAVINGS";
}

/** The events of an enrolment that became active at `activeAt` (a whole minute, so windows read cleanly). */
export function sandboxEventsFor(enrollment: Enrollment, program: Program, devices: readonly SiteDevice[], activeAt: Date): ProgramEvent[] {
  const base = Math.floor(activeAt.getTime() / MINUTE) * MINUTE;
  const batteries = devices.filter((device) => device.type === "BATTERY" && enrollment.device_ids.includes(device.id));
  const reserveApplies = Boolean(program.backup_reserve) && batteries.length > 0;
  const mode = modeFor(program);
  return SANDBOX_EVENT_PLAN.map((plan, index) => {
    const starts = new Date(base + plan.startMinutes * MINUTE);
    const ends = new Date(starts.getTime() + plan.durationMinutes * MINUTE);
    return {
      id: `sbx-evt-${enrollment.id.replace(/^sbx-enr-/, "")}-${index + 1}`,
      program_id: program.id,
      starts_at: starts.toISOString(),
      ends_at: ends.toISOString(),
      status: plan.canceled ? "CANCELED" : "UPCOMING",
      is_participating: !plan.optedOut,
      device_settings: reserveApplies
        ? batteries.map((device) => ({ device_id: device.id, backup_reserve_percentage: plan.reserve ?? null, maximum_charge_percentage: null }))
        : [],
      // A battery charges beforehand for an hour, then does the event's work.
      schedule:
        mode === "DISCHARGE"
          ? [
              { mode: "CHARGE", starts_at: new Date(starts.getTime() - HOUR).toISOString(), ends_at: starts.toISOString() },
              { mode, starts_at: starts.toISOString(), ends_at: ends.toISOString() },
            ]
          : [{ mode, starts_at: starts.toISOString(), ends_at: ends.toISOString() }],
    };
  });
}

export const SANDBOX_DAY_MS = DAY;
