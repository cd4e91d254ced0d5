export type * from "./theme.types.js";
export { appearanceToCssVariables, appearanceToStyle } from "./theme.js";
