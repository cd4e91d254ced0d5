import type { enGB } from "./locales/en-GB.js";

/** Every message key; en-GB is the reference catalogue, so a key missing there is a type error. */
export type MessageKey = keyof typeof enGB;

/** A full catalogue: one string per key. `{name}` marks a variable. */
export type Messages = Record<MessageKey, string>;

/**
 * Overrides for single messages, and messages of your own: a host step's progress label
 * (`"flow.step.account": "Your account"`) or its error texts.
 */
export type MessageOverrides = Partial<Messages> & Readonly<Record<string, string>>;

export type MessageVars = Record<string, string | number>;

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
