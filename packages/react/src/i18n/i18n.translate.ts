import type { I18n, MessageKey, MessageVars } from "./i18n.types.js";

export const DEFAULT_LOCALE = "en-GB";
/** Languages of the registered catalogues that are written with Latin digits by default. */
const LATIN_DIGIT_LANGUAGES = new Set(["en"]);

export function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE;
  } catch {
    // A malformed tag from the host must not take the widget down.
    return DEFAULT_LOCALE;
  }
}

/**
 * An I18n over the messages given, without the registered catalogues (this module imports
 * none): for a page that paints before the widget loads and shows a few parts of a
 * catalogue (`enGBFlow`, `enGBAddress`…), not all of it. A key it lacks reads as the key
 * itself, as in `createI18n`.
 */
export function createI18nFrom(messages: Readonly<Record<string, string>>, locale: string = DEFAULT_LOCALE): I18n {
  const tag = safeLocale(locale);
  // The first Intl.NumberFormat of a page loads locale data: tens to hundreds of ms of a slow
  // phone's main thread. Build it when a number needs it; small whole numbers ("Step 1 of 3")
  // need none in a language written with Latin digits and no grouping below 1000.
  let numberFormat: Intl.NumberFormat | undefined;
  const plainDigits = LATIN_DIGIT_LANGUAGES.has(tag.split("-")[0]!.toLowerCase()) && !tag.includes("-u-");
  const formatVar = (value: number) =>
    plainDigits && Number.isInteger(value) && value >= 0 && value < 1000 ? String(value) : (numberFormat ??= new Intl.NumberFormat(tag)).format(value);

  const format = (template: string, vars?: MessageVars) =>
    vars
      ? template.replace(/\{(\w+)\}/g, (match, name: string) => {
          const value = vars[name];
          if (value === undefined) return match;
          return typeof value === "number" ? formatVar(value) : value;
        })
      : template;

  const tryT = (key: string, vars?: MessageVars) => {
    const template = Object.hasOwn(messages, key) ? messages[key] : undefined;
    return template === undefined ? undefined : format(template, vars);
  };

  return {
    locale: tag,
    t: (key: MessageKey, vars?: MessageVars) => tryT(key, vars) ?? key,
    tryT,
    formatDate: (value, options = { dateStyle: "long", timeStyle: "short" }) =>
      new Intl.DateTimeFormat(tag, options).format(value instanceof Date ? value : new Date(value)),
    formatNumber: (value, options) => new Intl.NumberFormat(tag, options).format(value),
  };
}
