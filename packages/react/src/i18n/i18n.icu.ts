import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat, type Formatters } from "intl-messageformat";
import type { I18n, MessageVars } from "./i18n.types.js";
import { DEFAULT_LOCALE, i18nOf, safeLocale, valueFormatter } from "./i18n.translate.js";

/**
 * ICU MessageFormat through FormatJS's intl-messageformat, which interprets the parsed message
 * (no `eval`, so a strict Content-Security-Policy is fine) with the browser's Intl: plural
 * rules, number and date skeletons in the locale's own words and digits.
 */

/** A message compiled once for a locale: values in, text out. Throws when the values don't fit it. */
export type MessageFormatter = (vars: MessageVars | undefined) => string;
/** Compiles a message for a locale (a canonical tag); throws on a message it cannot read. */
export type CompileMessage = (message: string, locale: string) => MessageFormatter;

/** Suffix of the private name a `{name}` argument is formatted under (see `compileIcuMessage`). */
const PLAIN_VALUE = "\u0000";

/** One set of Intl formatters per locale, shared by every message of every translator. */
const formattersByLocale = new Map<string, Formatters>();

function memoize<A extends unknown[], R>(make: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const id = JSON.stringify(args);
    let value = cache.get(id);
    if (value === undefined) cache.set(id, (value = make(...args)));
    return value;
  };
}

function formattersFor(tag: string): Formatters {
  let formatters = formattersByLocale.get(tag);
  if (!formatters) {
    formatters = {
      getNumberFormat: memoize((locales, options) => new Intl.NumberFormat(locales, options as Intl.NumberFormatOptions)),
      getDateTimeFormat: memoize((...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args)),
      getPluralRules: memoize((...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args)),
    };
    formattersByLocale.set(tag, formatters);
  }
  return formatters;
}

interface ArgumentNames {
  /** `{name}` arguments. */
  plain: Set<string>;
  /** plural, selectordinal and number arguments: a number, or the message cannot be formatted. */
  numeric: Set<string>;
  /** date and time arguments: a Date or a timestamp. */
  dates: Set<string>;
}

/**
 * Renames every `{name}` argument (at any depth) to a private name, and sorts the names by
 * the values they need. ICU writes a number given to `{name}` as `String(n)`; Onflex has always
 * written it with the locale's grouping ("1,234", "1.234"), so its value is formatted first,
 * under the private name.
 */
function collectArguments(elements: MessageFormatElement[], names: ArgumentNames): void {
  for (const element of elements) {
    if (element.type === TYPE.argument) {
      names.plain.add(element.value);
      element.value += PLAIN_VALUE;
    } else if (element.type === TYPE.number) {
      names.numeric.add(element.value);
    } else if (element.type === TYPE.date || element.type === TYPE.time) {
      names.dates.add(element.value);
    } else if (element.type === TYPE.plural || element.type === TYPE.select) {
      if (element.type === TYPE.plural) names.numeric.add(element.value);
      for (const option of Object.values(element.options)) collectArguments(option.value, names);
    } else if (element.type === TYPE.tag) {
      collectArguments(element.children, names);
    }
  }
}

/** A value that does not fit its argument: ICU would print "NaN" or "Invalid Date" for it. */
function invalidValue(name: string): Error {
  return Object.assign(new TypeError(`The value of "${name}" does not fit its argument.`), { code: "INVALID_VALUE_TYPE" });
}

/** Compiled messages by locale and text, shared by translators (a provider rebuilds its own when its props change). */
const compiledMessages = new Map<string, MessageFormatter>();
const MAX_COMPILED = 5000;

/**
 * Compiles an ICU message for a locale; throws a SyntaxError naming the problem
 * (`EXPECT_ARGUMENT_CLOSING_BRACE`, `MISSING_OTHER_CLAUSE`…) for a malformed one. The formatter
 * throws when a value does not fit (a plural or select without its value, a plural given text).
 * A `{name}` without its value reads as `{name}`, as it always has.
 */
export function compileIcuMessage(message: string, tag: string): MessageFormatter {
  const id = `${tag}\u0000${message}`;
  const cached = compiledMessages.get(id);
  if (cached) return cached;

  // Tags (`<b>`) are not Onflex markup: `<` and `>` are text. Every plural and select needs
  // its `other`, the case every language has.
  const ast = parse(message, { ignoreTag: true, requiresOtherClause: true });
  const names: ArgumentNames = { plain: new Set(), numeric: new Set(), dates: new Set() };
  collectArguments(ast, names);
  const format = new IntlMessageFormat(ast, tag, undefined, { formatters: formattersFor(tag) });
  const formatValue = valueFormatter(tag);

  const formatter: MessageFormatter = (vars = {}) => {
    const values: Record<string, string | number | Date> = { ...vars };
    for (const name of names.numeric) {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (value !== undefined && !(typeof value === "number" && Number.isFinite(value))) throw invalidValue(name);
    }
    for (const name of names.dates) {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (value !== undefined && Number.isNaN(value instanceof Date ? value.getTime() : typeof value === "number" ? value : Number.NaN)) throw invalidValue(name);
    }
    for (const name of names.plain) {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      values[name + PLAIN_VALUE] = value === undefined ? `{${name}}` : formatValue(value);
    }
    const text = format.format<string>(values);
    return Array.isArray(text) ? text.join("") : String(text);
  };
  if (compiledMessages.size >= MAX_COMPILED) compiledMessages.clear();
  compiledMessages.set(id, formatter);
  return formatter;
}

/** An error's code for a warning: never its message, which may quote a value the user typed. */
function errorCode(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === "string") return code;
    // The ICU parser names the syntax error (EXPECT_ARGUMENT_CLOSING_BRACE…) as its message.
    if (error instanceof SyntaxError && typeof message === "string" && /^[A-Z_]+$/.test(message)) return message;
    if (error instanceof Error) return error.name;
  }
  return "unknown";
}

export interface TranslatorOptions {
  compile: CompileMessage;
  /**
   * Where a message is looked for when the one found cannot be read or formatted, in order
   * (a host's override falls back to its catalogue's message, then to en-GB's). After them,
   * the key itself.
   */
  fallbacks?: readonly Readonly<Record<string, string>>[];
}

/**
 * A translator over `messages`: each message is compiled once, on first use, and kept. A
 * message that cannot be read (malformed ICU) or formatted with the values given (a plural
 * without a number) never throws: it reads as the first fallback that can, else as its key,
 * and the console says so once per key, naming the key and the error's code (never a value).
 */
export function createTranslator(messages: Readonly<Record<string, string>>, locale: string, { compile, fallbacks = [] }: TranslatorOptions): I18n {
  const tag = safeLocale(locale);
  const compiled = new Map<string, MessageFormatter | Error>();
  const warned = new Set<string>();

  const warn = (key: string, what: string, error: unknown, instead: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    globalThis.console?.warn(`Onflex i18n: the ${tag} message "${key}" could not be ${what} (${errorCode(error)}); showing ${instead} instead.`);
  };

  /** The message's text, `undefined` when the source has no such key, or the error that stopped it. */
  const formatFrom = (source: Readonly<Record<string, string>>, key: string, vars: MessageVars | undefined): string | undefined | { error: unknown; what: string } => {
    const message = Object.hasOwn(source, key) ? source[key] : undefined;
    if (typeof message !== "string") return undefined;
    let formatter = compiled.get(message);
    if (formatter === undefined) {
      try {
        formatter = compile(message, tag);
      } catch (error) {
        formatter = error instanceof Error ? error : new Error(String(error));
      }
      compiled.set(message, formatter);
    }
    if (formatter instanceof Error) return { error: formatter, what: "read" };
    try {
      return formatter(vars);
    } catch (error) {
      return { error, what: "formatted with the values given" };
    }
  };

  const tryT = (key: string, vars?: MessageVars): string | undefined => {
    const result = formatFrom(messages, key, vars);
    if (typeof result !== "object") return result;
    for (const source of fallbacks) {
      const fallback = formatFrom(source, key, vars);
      if (typeof fallback === "string") {
        warn(key, result.what, result.error, "the catalogue's own message");
        return fallback;
      }
    }
    warn(key, result.what, result.error, "the key");
    return key;
  };

  return i18nOf(tag, tryT);
}


/**
 * A translator over the messages given, which are ICU MessageFormat (plural, select, number
 * and date arguments), without the registered catalogues (this module imports none). A key it
 * lacks reads as the key itself, a malformed message as its key (with a console warning), as
 * in `createI18n`; `fallbacks` are where such a key is looked for first (createI18n passes the
 * locale's catalogue and en-GB's, under a host's overrides). A page that paints before the
 * widget loads and formats only `{name}` messages can use the parser-free
 * `createPlainI18nFrom` instead.
 */
export function createI18nFrom(messages: Readonly<Record<string, string>>, locale: string = DEFAULT_LOCALE, fallbacks?: readonly Readonly<Record<string, string>>[]): I18n {
  return createTranslator(messages, locale, { compile: compileIcuMessage, fallbacks });
}
