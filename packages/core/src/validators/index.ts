export * from "./postcode.js";
export * from "./mpan.js";
