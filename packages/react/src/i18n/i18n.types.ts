import type { enGB } from "./locales/en-GB.js";

/** Every message key; en-GB is the reference catalogue, so a key missing there is a type error. */
export type MessageKey = keyof typeof enGB;

/**
 * A full catalogue: one ICU MessageFormat string per key. `{name}` inserts a value (a number
 * in the locale's digits and grouping); `{count, plural, one {# minute left} other {# minutes
 * left}}`, `{kind, select, car {…} other {…}}`, `{amount, number, ::currency/GBP}` and
 * `{when, date, ::dMMMM}` are ICU arguments. An apostrophe before `{`, `}` or `#` quotes it
 * (`'{'` is a literal brace); `''` is one apostrophe; any other apostrophe is just one.
 */
export type Messages = Record<MessageKey, string>;

/**
 * Overrides for single messages, and messages of your own: a host step's progress label
 * (`"flow.step.account": "Your account"`) or its error texts. A malformed override reads as
 * the catalogue's own message, with a warning in the console.
 */
export type MessageOverrides = Partial<Messages> & Readonly<Record<string, string>>;

/** Values for a message's arguments: numbers for `plural` and `number`, dates for `date` and `time`. */
export type MessageVars = Record<string, string | number | Date>;

export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export interface I18n {
  /** The BCP 47 tag Intl formats with. */
  locale: string;
  t: Translate;
  /** Looks a key up by a string built at run time (e.g. from a server code); undefined when absent. */
  tryT: (key: string, vars?: MessageVars) => string | undefined;
  formatDate: (value: Date | string | number, options?: Intl.DateTimeFormatOptions) => string;
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
}
