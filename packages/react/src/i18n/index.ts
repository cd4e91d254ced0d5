export type * from "./i18n.types.js";
export { createI18n, resolveCatalogue } from "./i18n.js";
// A translator over messages of your own choosing (ICU), without the registered catalogues.
export { createI18nFrom } from "./i18n.icu.js";
// For a page that paints before the widget: a parser-free translator over the catalogue parts it shows.
export { createPlainI18nFrom, isPlainMessage } from "./i18n.translate.js";
export { enGBFlow } from "./locales/en-GB.flow.js";
export { enGBAddress, enGBAddressSearch } from "./locales/en-GB.address.js";
// The built-in catalogues (en-GB, en-US).
export { catalogues, type LocaleTag } from "./locales/index.js";
export { enGB } from "./locales/en-GB.js";
export { enUS } from "./locales/en-US.js";
// German and US Spanish are subpaths of their own: @onflex/react/locales/de-DE, @onflex/react/locales/es-US.
