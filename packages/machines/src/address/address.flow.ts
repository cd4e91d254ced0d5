import { Address, ManualAddress, Meter } from "@onflex/core";
import type { Address as AddressValue, ManualAddress as ManualAddressValue, Meter as MeterValue } from "@onflex/core";
import * as z from "zod/mini";
import { defineFlow } from "../journey/journey.define.js";
import { addressActors, addressMachine } from "./address.machine.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /** The home's address: one the lookup found, or one the user typed. */
    address: AddressValue | ManualAddressValue;
    /** The home's electricity meter (the MPAN core and what the data provider knows). */
    meter: MeterValue;
  }
}

/** Postcode → address → meter (MPAN); manual entry when the address or the meter isn't found. */
export const addressFlow = defineFlow({
  id: "address",
  version: 2,
  machine: addressMachine,
  implement: (deps) => ({ actors: addressActors(deps.api) }),
  needs: [],
  gives: { address: z.union([Address, ManualAddress]), meter: Meter },
  // Coming back to change the address starts from the postcode used last time.
  input: ({ previous }) => (previous?.address ? { postcode: previous.address.postcode } : {}),
  result: (output) =>
    output ? { status: "done", facts: { address: output.address, meter: output.meter } } : { status: "exited", reason: "user_closed" },
});
