import * as z from "zod/mini";
import { CatalogueDeviceType, DeviceModel, DeviceType, RegisteredDevice } from "@onflex/core";
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

const Picker = z.object({
  deviceType: CatalogueDeviceType,
  makes: z.array(z.string()),
  make: z.nullable(z.string()),
  models: z.array(DeviceModel),
  model: z.nullable(DeviceModel),
  notListed: z.boolean(),
});
/** The answers a blocked result offers to change; a saved journey's copy is checked before use. */
const Answers = z.object({ deviceTypes: z.array(DeviceType), deviceType: z.nullable(DeviceType), vehicle: Picker, charger: Picker });

/**
 * Which device the home registers: the types it may register, then for EV charging both the car
 * and the charger (make → model), the better of the two chosen and explained, then registered.
 * Nothing that can be controlled is a blocked result with reason "unsupported_device" and
 * `details.case` (`unsupported_combination`, `device_type_unavailable`, `no_device_types`). For
 * the first two the result offers the answers to change: Back opens the flow again at the
 * pickers (or the type) as the user left them, not the step before.
 */
export const deviceSelectionFlow = defineFlow({
  id: "deviceSelection",
  version: 1,
  machine: deviceSelectionMachine,
  implement: (deps) => ({ actors: deviceSelectionActors(deps.api) }),
  needs: ["meter"],
  gives: { device: RegisteredDevice },
  input: ({ facts, reopen }) => {
    const answers = reopen === undefined ? undefined : Answers.safeParse(reopen);
    return { mpan: facts.meter?.mpan ?? "", ...(answers?.success ? { reopen: answers.data } : {}) };
  },
  result: (output) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    if (output.outcome === "registered") return { status: "done", facts: { device: output.device } };
    const { outcome: _outcome, answers, ...details } = output;
    return { status: "blocked", reason: "unsupported_device", details: { ...details }, ...(answers ? { reopen: answers } : {}) };
  },
});
