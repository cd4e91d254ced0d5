export { TariffSwitchStep, TariffFacts, type TariffSwitchStepProps } from "./tariff-switch-step.js";
export { formatMinorPrice, formatMoney, minorToMajor } from "./tariff-switch.format.js";
export type { TariffSwitchActorRef } from "./tariff-switch.types.js";
