import type { I18n, MessageKey } from "../i18n/i18n.types.js";

/**
 * "1 minute left" / "3 minutes left": picks `<base>.one` or `<base>.other` by the locale's
 * plural rules and passes the count formatted for the locale. Locales with more plural
 * categories fall back to `.other` until the catalogue has an entry for theirs.
 */
export function plural(i18n: I18n, base: "testCharge.running.minutesLeft", count: number): string {
  const category = new Intl.PluralRules(i18n.locale).select(count);
  const key = `${base}.${category}`;
  const vars = { count: i18n.formatNumber(count) };
  return i18n.tryT(key, vars) ?? i18n.t(`${base}.other` as MessageKey, vars);
}
