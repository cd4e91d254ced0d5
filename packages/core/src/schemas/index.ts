export * from "./common.js";
export * from "./address.js";
export * from "./meter.js";
export * from "./eligibility.js";
export * from "./consent.js";
export * from "./error.js";
export * from "./wizard.js";
export * from "./device.js";
