import type { I18n, MessageKey, MessageVars } from "./i18n.types.js";

export const DEFAULT_LOCALE = "en-GB";
/** Languages of the registered catalogues that are written with Latin digits by default. */
const LATIN_DIGIT_LANGUAGES = new Set(["en", "de", "es"]);
/** How a date given as a `{name}` value reads, as `formatDate` without options. */
const DEFAULT_DATE: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" };

export function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE;
  } catch {
    // A malformed tag from the host must not take the widget down.
    return DEFAULT_LOCALE;
  }
}

/**
 * A message with no ICU syntax beyond `{name}` arguments: no plural, select, number or date
 * argument, no quoting apostrophe (`'{`, `'}`, `'#`, `''`). Such a message formats the same
 * with or without an ICU parser.
 */
const PLAIN_MESSAGE = /^(?:[^{}']|'(?![{}'#])|\{\s*\w+\s*\})*$/;
const PLAIN_ARGUMENT = /\{\s*(\w+)\s*\}/g;

export function isPlainMessage(message: string): boolean {
  return PLAIN_MESSAGE.test(message);
}

/**
 * How a `{name}` value reads in a locale: text as it is, a number with the locale's digits and
 * grouping, a date as `formatDate` writes it.
 */
export function valueFormatter(tag: string): (value: string | number | Date) => string {
  // The first Intl.NumberFormat of a page loads locale data: tens to hundreds of ms of a slow
  // phone's main thread. Build it when a number needs it; small whole numbers ("Step 1 of 3")
  // need none in a language written with Latin digits and no grouping below 1000.
  let numberFormat: Intl.NumberFormat | undefined;
  let dateFormat: Intl.DateTimeFormat | undefined;
  const plainDigits = LATIN_DIGIT_LANGUAGES.has(tag.split("-")[0]!.toLowerCase()) && !tag.includes("-u-");
  return (value) => {
    if (typeof value === "string") return value;
    if (typeof value === "number") {
      return plainDigits && Number.isInteger(value) && value >= 0 && value < 1000 ? String(value) : (numberFormat ??= new Intl.NumberFormat(tag)).format(value);
    }
    return (dateFormat ??= new Intl.DateTimeFormat(tag, DEFAULT_DATE)).format(value);
  };
}

/**
 * A translator over the messages given, with no ICU parser (this module imports none, nor
 * any catalogue): for a page that paints before the widget loads and shows a few parts of a
 * catalogue (`enGBFlow`, `enGBAddressSearch`…) whose messages it formats are plain `{name}` ones
 * ("Step {current} of {total}"). A message with plural, select, number or date arguments
 * reads as its key here, with a warning: use `createI18nFrom` (ICU) for those. A key it
 * lacks reads as the key itself, as in `createI18n`.
 */
export function createPlainI18nFrom(messages: Readonly<Record<string, string>>, locale: string = DEFAULT_LOCALE): I18n {
  const tag = safeLocale(locale);
  const formatValue = valueFormatter(tag);
  const tryT = (key: string, vars?: MessageVars) => {
    const message = Object.hasOwn(messages, key) ? messages[key] : undefined;
    if (message === undefined) return undefined;
    if (!isPlainMessage(message)) {
      globalThis.console?.warn(`Onflex i18n: "${key}" is an ICU message, which createPlainI18nFrom cannot format; showing the key instead (use createI18nFrom).`);
      return key;
    }
    return message.replace(PLAIN_ARGUMENT, (match, name: string) => {
      // A value not given leaves its placeholder in view rather than failing the message.
      const value = vars && Object.hasOwn(vars, name) ? vars[name] : undefined;
      return value === undefined ? match : formatValue(value);
    });
  };
  return i18nOf(tag, tryT);
}

/** The I18n around a lookup: `t` reads a missing key as the key itself. */
export function i18nOf(tag: string, tryT: I18n["tryT"]): I18n {
  return {
    locale: tag,
    t: (key: MessageKey, vars?: MessageVars) => tryT(key, vars) ?? key,
    tryT,
    formatDate: (value, options = DEFAULT_DATE) => new Intl.DateTimeFormat(tag, options).format(value instanceof Date ? value : new Date(value)),
    formatNumber: (value, options) => new Intl.NumberFormat(tag, options).format(value),
  };
}
