export { deviceAuthMachine, deviceAuthActors, deviceAuthActions, GUIDED_PATIENCE_MS } from "./device-auth.machine.js";
export type { DeviceAuthMachine } from "./device-auth.machine.js";
export { deviceAuthFlow, DeviceAuthorisationFact } from "./device-auth.flow.js";
export { connectDeviceAuth } from "./device-auth.connect.js";
export type { DeviceAuthSnapshot, DeviceAuthView, GuidedView } from "./device-auth.connect.js";
export type * from "./device-auth.types.js";
