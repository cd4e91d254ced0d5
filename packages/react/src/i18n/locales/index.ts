import type { Messages } from "../i18n.types.js";
import { enGB } from "./en-GB.js";
import { enUS } from "./en-US.js";
import { deDE } from "./de-DE.js";
import { esUS } from "./es-US.js";

/**
 * The registered catalogues. Adding a language is one file in this folder plus one line
 * here; the Messages type makes a missing key a compile error.
 */
export const catalogues: Record<string, Messages> = {
  "en-GB": enGB,
  "en-US": enUS,
  "de-DE": deDE,
  "es-US": esUS,
};

export type LocaleTag = "en-GB" | "en-US" | "de-DE" | "es-US" | (string & {});
