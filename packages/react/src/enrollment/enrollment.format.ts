import type { Program, ProgramDeviceType } from "@onflex/core";
import type { I18n } from "../i18n/i18n.types.js";

/** Flip's programmes are in the United States and pay in dollars, whatever the reader's locale. */
export const PROGRAM_CURRENCY = "USD";

export function money(i18n: I18n, amount: number): string {
  return i18n.formatNumber(amount, { style: "currency", currency: PROGRAM_CURRENCY, minimumFractionDigits: Number.isInteger(amount) ? 0 : 2 });
}

export function deviceTypeName(i18n: I18n, type: ProgramDeviceType | string): string {
  return i18n.tryT(`enrollment.deviceType.${type}`) ?? type;
}

/** "June, July, August" in the reader's language, or "All year". */
export function participationMonths(i18n: I18n, program: Program): string {
  const months = [...new Set(program.participation_months)].filter((m) => m >= 1 && m <= 12);
  if (months.length === 12) return i18n.t("enrollment.details.allYear");
  const name = new Intl.DateTimeFormat(i18n.locale, { month: "long", timeZone: "UTC" });
  const names = months.map((month) => name.format(Date.UTC(2026, month - 1, 15)));
  return new Intl.ListFormat(i18n.locale, { style: "long", type: "conjunction" }).format(names);
}
