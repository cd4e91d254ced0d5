import type { MinorAmount, TariffRateBand } from "@onflex/core";
import type { I18n } from "../i18n/i18n.types.js";

/**
 * Money for tariffs, formatted with Intl from the exact decimal strings core keeps (never
 * through a float): Intl.NumberFormat formats a decimal string as written, so "25.6725" stays
 * 25.6725 and "7500" pence is exactly £75.00.
 */

// Intl accepts a decimal string and formats it exactly; the lib types of older targets only name numbers.
type Formattable = number & string;

/** How many digits a currency's minor unit has (GBP 2, JPY 0), from Intl. */
function minorDigits(locale: string, currency: string): number {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Moves the decimal point `digits` places left, on the string itself: "7500" → "75.00", "7.5" → "0.075". */
export function minorToMajor(amount: MinorAmount, digits: number): string {
  if (digits === 0) return amount;
  const [whole = "0", fraction = ""] = amount.split(".");
  const padded = whole.padStart(digits + 1, "0");
  const major = padded.slice(0, -digits).replace(/^0+(?=\d)/, "");
  return `${major}.${padded.slice(-digits)}${fraction}`;
}

/** A whole amount in the currency, e.g. an exit fee: "7500" GBP → "£75.00". */
export function formatMoney(i18n: I18n, amount: MinorAmount, currency: string): string {
  const digits = minorDigits(i18n.locale, currency);
  return new Intl.NumberFormat(i18n.locale, { style: "currency", currency, minimumFractionDigits: digits }).format(minorToMajor(amount, digits) as Formattable);
}

/**
 * A price quoted in minor units (a unit rate, a standing charge): "7.50p" where the catalogue
 * names the minor unit (`tariffSwitch.minorUnit.GBP`), else the currency in major units with
 * the extra digits kept ("€0.2450").
 */
export function formatMinorPrice(i18n: I18n, amount: MinorAmount, currency: string): string {
  const template = i18n.tryT(`tariffSwitch.minorUnit.${currency}`);
  if (template) {
    const number = new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(amount as Formattable);
    return template.replace("{amount}", number);
  }
  const digits = minorDigits(i18n.locale, currency);
  return new Intl.NumberFormat(i18n.locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits + 4 }).format(
    minorToMajor(amount, digits) as Formattable,
  );
}

/** A local wall-clock time "HH:MM" in the reader's convention ("23:30", "11:30 PM"). */
export function formatLocalTime(i18n: I18n, time: string): string {
  const [hours = 0, minutes = 0] = time.split(":").map(Number);
  // A 24-hour clock writes the hour with two digits ("04:00"); a 12-hour one does not ("4:00 AM").
  const cycle = new Intl.DateTimeFormat(i18n.locale, { hour: "numeric" }).resolvedOptions().hourCycle;
  const hour = cycle === "h23" || cycle === "h24" ? "2-digit" : "numeric";
  return new Intl.DateTimeFormat(i18n.locale, { hour, minute: "2-digit", timeZone: "UTC" }).format(Date.UTC(2026, 0, 1, hours, minutes));
}

/** "Off-peak, 23:30 to 05:30". */
export function bandLabel(i18n: I18n, band: TariffRateBand): string {
  return i18n.t("tariffSwitch.band.label", {
    name: i18n.t(`tariffSwitch.band.${band.kind}`),
    start: formatLocalTime(i18n, band.start),
    end: formatLocalTime(i18n, band.end),
  });
}

/** A calendar date "YYYY-MM-DD" as the reader writes it ("22 November 2026"). */
export function formatCalendarDate(i18n: I18n, date: string): string {
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}
