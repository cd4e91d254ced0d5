export { DeviceSelectionStep, type DeviceSelectionStepProps } from "./device-selection-step.js";
export { UnsupportedDeviceScreen } from "./unsupported-device-screen.js";
export type { DeviceSelectionActorRef } from "./device-selection.types.js";
