export type * from "./i18n.types.js";
export { createI18n, resolveCatalogue } from "./i18n.js";
// For a page that paints before the widget: a translator over the catalogue parts it shows.
export { createI18nFrom } from "./i18n.translate.js";
export { enGBFlow } from "./locales/en-GB.flow.js";
export { enGBAddress } from "./locales/en-GB.address.js";
export { catalogues, type LocaleTag } from "./locales/index.js";
export { enGB } from "./locales/en-GB.js";
export { enUS } from "./locales/en-US.js";
