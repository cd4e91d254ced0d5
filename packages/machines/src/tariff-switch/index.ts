export { tariffSwitchMachine, tariffSwitchActors } from "./tariff-switch.machine.js";
export type { TariffSwitchMachine } from "./tariff-switch.machine.js";
export { tariffSwitchFlow, TariffRequirementFact, TariffSwitchParams, requiresTariffSwitch, tariffSwitchPending } from "./tariff-switch.flow.js";
export type { TariffRequirement } from "./tariff-switch.flow.js";
export { connectTariffSwitch } from "./tariff-switch.connect.js";
export type { TariffSwitchSnapshot, TariffSwitchView } from "./tariff-switch.connect.js";
export type * from "./tariff-switch.types.js";
