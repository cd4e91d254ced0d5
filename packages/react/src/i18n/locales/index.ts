import type { Messages } from "../i18n.types.js";
import { enGB } from "./en-GB.js";
import { enUS } from "./en-US.js";

/**
 * The catalogues in `@onflex/react`'s main entry: British English (the reference, and every
 * locale's fallback) and American English. Other languages are subpaths a host imports only
 * if it uses them (`@onflex/react/locales/de-DE`, `@onflex/react/locales/es-US`) and passes to
 * `<OnflexProvider catalogue={…}>`, so no host downloads a language it does not show.
 */
export const catalogues: Record<string, Messages> = {
  "en-GB": enGB,
  "en-US": enUS,
};

export type LocaleTag = "en-GB" | "en-US" | "de-DE" | "es-US" | (string & {});
