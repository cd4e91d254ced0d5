export { deviceSelectionMachine, deviceSelectionActors } from "./device-selection.machine.js";
export type { DeviceSelectionMachine, RegisterDeviceRequest } from "./device-selection.machine.js";
export { deviceSelectionFlow } from "./device-selection.flow.js";
export { connectDeviceSelection } from "./device-selection.connect.js";
export type { DeviceSelectionSnapshot, DeviceSelectionView, PickerView } from "./device-selection.connect.js";
export { chooseDevice, isControllable, deviceLabel } from "./device-selection.rules.js";
export type * from "./device-selection.types.js";
