"use client";
export * from "./provider/index.js";
export * from "./theme/index.js";
export * from "./i18n/index.js";
export * from "./primitives/index.js";
export * from "./address/index.js";
