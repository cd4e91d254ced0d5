import { EventScheduleItem, IsoUtcTimestamp, OnflexError } from "@onflex/core";
import type { EventScheduleItem as ScheduleItem } from "@onflex/core";
import type { Db } from "./db/index.js";

/** An event a programme schedules for one enrolment of a household (its devices take part). */
export interface ScheduledEvent {
  id: string;
  enrollment_id: string;
  starts_at: string;
  ends_at: string;
  schedule: ScheduleItem[];
  /** Levels the programme sets for this event per device (absent: unset). */
  device_settings?: Array<{ device_id: string; backup_reserve_percentage: number | null }>;
  canceled?: boolean;
}

function checked(event: ScheduledEvent): ScheduledEvent {
  const valid =
    typeof event.id === "string" &&
    /^[A-Za-z0-9_.:-]{1,100}$/.test(event.id) &&
    typeof event.enrollment_id === "string" &&
    IsoUtcTimestamp.safeParse(event.starts_at).success &&
    IsoUtcTimestamp.safeParse(event.ends_at).success &&
    Date.parse(event.ends_at) > Date.parse(event.starts_at) &&
    Array.isArray(event.schedule) &&
    event.schedule.every((item) => EventScheduleItem.safeParse(item).success) &&
    (event.device_settings ?? []).every((setting) => setting.backup_reserve_percentage === null || (Number.isInteger(setting.backup_reserve_percentage) && setting.backup_reserve_percentage >= 0 && setting.backup_reserve_percentage <= 100));
  if (!valid) throw new OnflexError("validation", "The event is not valid: an id, a window that ends after it starts, and Flip's schedule.", { retryable: false });
  return event;
}

/**
 * Stores an event a programme dispatched for a household's enrolment: the programme side of
 * Flip's events (what its `event.created` webhook would tell), used by tests and tooling. Its
 * devices are the enrolment's; a repeat with the same id replaces nothing.
 */
export async function scheduleProgramEvent(db: Db, siteId: string, input: ScheduledEvent): Promise<void> {
  const event = checked(input);
  await db.transaction(async (tx) => {
    const found = await tx.query<{ program_id: string }>("SELECT program_id FROM enrollments WHERE id = $1 AND site_id = $2", [event.enrollment_id, siteId]);
    const enrollment = found.rows[0];
    if (!enrollment) throw new OnflexError("not_found", "There is no such enrolment at the site.", { retryable: false });
    const inserted = await tx.query(
      `INSERT INTO program_events (site_id, id, enrollment_id, program_id, starts_at, ends_at, canceled, schedule)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (site_id, id) DO NOTHING RETURNING id`,
      [siteId, event.id, event.enrollment_id, enrollment.program_id, event.starts_at, event.ends_at, event.canceled ?? false, JSON.stringify(event.schedule)],
    );
    if (inserted.rows.length === 0) return;
    const devices = await tx.query<{ device_id: string }>("SELECT device_id FROM enrollment_devices WHERE enrollment_id = $1 AND site_id = $2 ORDER BY device_id", [event.enrollment_id, siteId]);
    const levels = new Map((event.device_settings ?? []).map((setting) => [setting.device_id, setting.backup_reserve_percentage]));
    for (const { device_id } of devices.rows) {
      await tx.query("INSERT INTO program_event_devices (site_id, event_id, device_id, backup_reserve_percentage) VALUES ($1, $2, $3, $4)", [siteId, event.id, device_id, levels.get(device_id) ?? null]);
    }
  });
}
