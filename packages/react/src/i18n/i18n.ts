import { catalogues } from "./locales/index.js";
import { createI18nFrom } from "./i18n.icu.js";
import { DEFAULT_LOCALE, safeLocale } from "./i18n.translate.js";
import type { I18n, MessageOverrides, Messages } from "./i18n.types.js";

/**
 * The catalogue for a tag: exact match, then the first registered one with the same
 * language ("en-AU" → "en-GB", "de-AT" → "de-DE", "es-MX" → "es-US"), then en-GB. Intl still formats with the
 * tag asked for.
 */
export function resolveCatalogue(locale: string): Messages {
  const exact = catalogues[locale];
  if (exact) return exact;
  const language = locale.split("-")[0]?.toLowerCase();
  const sameLanguage = Object.keys(catalogues).find((tag) => tag.split("-")[0]?.toLowerCase() === language);
  return (sameLanguage && catalogues[sameLanguage]) || catalogues[DEFAULT_LOCALE]!;
}

/**
 * The widget's translator: the locale's catalogue under the host's overrides, in ICU
 * MessageFormat. An override that is malformed, or that does not fit the values a step gives
 * it, reads as the catalogue's own message (then en-GB's) and says so in the console.
 */
export function createI18n(locale: string = DEFAULT_LOCALE, overrides: MessageOverrides = {}): I18n {
  const catalogue = resolveCatalogue(safeLocale(locale));
  const reference = catalogues[DEFAULT_LOCALE]!;
  return createI18nFrom({ ...catalogue, ...overrides }, locale, catalogue === reference ? [catalogue] : [catalogue, reference]);
}
