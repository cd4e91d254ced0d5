import { catalogues } from "./locales/index.js";
import { createI18nFrom, DEFAULT_LOCALE, safeLocale } from "./i18n.translate.js";
import type { I18n, MessageOverrides, Messages } from "./i18n.types.js";

/**
 * The catalogue for a tag: exact match, then the first registered one with the same
 * language ("en-AU" → "en-GB"), then en-GB. Intl still formats with the tag asked for.
 */
export function resolveCatalogue(locale: string): Messages {
  const exact = catalogues[locale];
  if (exact) return exact;
  const language = locale.split("-")[0]?.toLowerCase();
  const sameLanguage = Object.keys(catalogues).find((tag) => tag.split("-")[0]?.toLowerCase() === language);
  return (sameLanguage && catalogues[sameLanguage]) || catalogues[DEFAULT_LOCALE]!;
}

export function createI18n(locale: string = DEFAULT_LOCALE, overrides: MessageOverrides = {}): I18n {
  return createI18nFrom({ ...resolveCatalogue(safeLocale(locale)), ...overrides }, locale);
}
