export { DEVICE_AUTH_RETURN_MESSAGE, DeviceAuthStep, type DeviceAuthStepProps } from "./device-auth-step.js";
export type { DeviceAuthActorRef } from "./device-auth.types.js";
