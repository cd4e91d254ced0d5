export type * from "./i18n.types.js";
export { createI18n, resolveCatalogue } from "./i18n.js";
export { catalogues, type LocaleTag } from "./locales/index.js";
export { enGB } from "./locales/en-GB.js";
export { enUS } from "./locales/en-US.js";
