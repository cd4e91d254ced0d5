import type { ProgramEvent, ReserveSource } from "@onflex/core";
import type { I18n } from "../i18n/i18n.types.js";

/**
 * An event's window in the reader's language and the home's time zone (the device's own when
 * the home's is unknown), with the zone's name so nobody misreads it: "Tue 22 Jul, 17:00–19:00 MDT".
 */
export function eventWindow(i18n: I18n, event: Pick<ProgramEvent, "starts_at" | "ends_at">, timeZone: string | null): string {
  const options: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
  const format = new Intl.DateTimeFormat(i18n.locale, timeZone ? { ...options, timeZone } : options);
  return format.formatRange(new Date(event.starts_at), new Date(event.ends_at));
}

/** A date (the end of a commitment) in the reader's language and the home's time zone. */
export function commitmentDate(i18n: I18n, at: string, timeZone: string | null): string {
  return i18n.formatDate(at, timeZone ? { dateStyle: "long", timeZone } : { dateStyle: "long" });
}

/** "40% (set for this event)", "25% (the programme's level)", … */
export function reserveText(i18n: I18n, reserve: { percentage: number | null; source: ReserveSource }): string {
  const source = i18n.t(`manageEnrollment.reserveSource.${reserve.source}`);
  if (reserve.percentage === null) return source;
  return i18n.t("manageEnrollment.reserve.value", { percentage: i18n.formatNumber(reserve.percentage), source });
}
