import { RegisteredDevice } from "@onflex/core";
import type { RegisteredDevice as RegisteredDeviceValue } from "@onflex/core";
import { defineFlow } from "../journey/journey.define.js";
import { deviceSelectionActors, deviceSelectionMachine } from "./device-selection.machine.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /**
     * The device registered for the home (status ONBOARDING): its id, type, make, model, the
     * provider that serves it and whether that provider signs in with OAuth. Device
     * authorisation and the test charge start from it.
     */
    device: RegisteredDeviceValue;
  }
}

/**
 * Which device the home registers: the types it may register, then for EV charging both the car
 * and the charger (make → model), the better of the two chosen and explained, then registered.
 * Nothing that can be controlled is a blocked result with reason "unsupported_device" and
 * `details.case` (`unsupported_combination`, `device_type_unavailable`, `no_device_types`).
 */
export const deviceSelectionFlow = defineFlow({
  id: "deviceSelection",
  version: 1,
  machine: deviceSelectionMachine,
  implement: (deps) => ({ actors: deviceSelectionActors(deps.api) }),
  needs: ["meter"],
  gives: { device: RegisteredDevice },
  input: ({ facts }) => ({ mpan: facts.meter?.mpan ?? "" }),
  result: (output) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    if (output.outcome === "registered") return { status: "done", facts: { device: output.device } };
    const { outcome: _outcome, ...details } = output;
    return { status: "blocked", reason: "unsupported_device", details: { ...details } };
  },
});
