import { catalogues } from "./locales/index.js";
import { createI18nFrom } from "./i18n.icu.js";
import { DEFAULT_LOCALE, safeLocale } from "./i18n.translate.js";
import type { I18n, MessageOverrides, Messages } from "./i18n.types.js";

/**
 * The built-in catalogue for a tag: exact match, then the first built-in one with the same
 * language ("en-AU" → "en-GB"), then en-GB. Other languages are not built in: pass their
 * catalogue (`@onflex/react/locales/de-DE`) to `createI18n` or `<OnflexProvider catalogue>`.
 * Intl still formats with the tag asked for.
 */
export function resolveCatalogue(locale: string): Messages {
  const exact = catalogues[locale];
  if (exact) return exact;
  const language = languageOf(locale);
  const sameLanguage = Object.keys(catalogues).find((tag) => languageOf(tag) === language);
  return (sameLanguage && catalogues[sameLanguage]) || catalogues[DEFAULT_LOCALE]!;
}

const languageOf = (tag: string) => tag.split("-")[0]?.toLowerCase();

/** Locales already warned about, so a re-render (or each request on a server) warns once. */
const warnedWithoutCatalogue = new Set<string>();

/** True unless the host's bundler says this is a production build. */
function isDevelopment(): boolean {
  return typeof process === "undefined" || process.env.NODE_ENV !== "production";
}

/**
 * The widget's translator: the locale's catalogue under the host's overrides, in ICU
 * MessageFormat. `catalogue` is the locale's complete messages, for a language that is not
 * built in (`import { deDE } from "@onflex/react/locales/de-DE"`); without it a locale takes
 * the built-in catalogue of its language, else en-GB's words (with a warning once in
 * development), still formatting numbers and dates for the locale. An override that is
 * malformed, or that does not fit the values a step gives it, reads as the catalogue's own
 * message (then en-GB's) and says so in the console.
 */
export function createI18n(locale: string = DEFAULT_LOCALE, overrides: MessageOverrides = {}, catalogue?: Messages): I18n {
  const tag = safeLocale(locale);
  const messages = catalogue ?? resolveCatalogue(tag);
  const reference = catalogues[DEFAULT_LOCALE]!;
  if (!catalogue && messages === reference && languageOf(tag) !== languageOf(DEFAULT_LOCALE) && !warnedWithoutCatalogue.has(tag) && isDevelopment()) {
    warnedWithoutCatalogue.add(tag);
    globalThis.console?.warn(
      `Onflex i18n: no catalogue for "${tag}", so the widget reads in British English (numbers and dates still in ${tag}). ` +
        `Pass the language's messages, e.g. <OnflexProvider locale="de-DE" catalogue={deDE}> with deDE from "@onflex/react/locales/de-DE".`,
    );
  }
  return createI18nFrom({ ...messages, ...overrides }, locale, messages === reference ? [messages] : [messages, reference]);
}
