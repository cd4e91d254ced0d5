import { AXLE_PROPOSITIONS } from "@onflex/core";
import { AssetModelFact } from "../eligibility/eligibility.flow.js";
import type { JourneyDefinition, JourneyStepDefinition } from "./journey.types.js";

/** Address → eligibility (in the background from the moment the MPAN is known) → consent. */
function axleSteps(proposition: string): JourneyStepDefinition[] {
  return [
    { flow: "address" },
    { flow: "eligibility", params: { require: proposition }, background: true },
    { flow: "consent", params: { proposition } },
  ];
}

/** Journeys Onflex ships. Each is data: a host can copy one and reorder or extend it. */
export const presets = {
  /** Axle Smart Charging: the charger model decides eligibility, so pass `facts: { assetModel }`. */
  axleSmartCharging: {
    id: "axle-smart-charging",
    version: 1,
    inputs: { assetModel: AssetModelFact },
    source: { type: "fixed", steps: axleSteps(AXLE_PROPOSITIONS.smartCharging) },
  },
  /** Axle Flex Lite: the meter alone decides. */
  axleFlexLite: {
    id: "axle-flex-lite",
    version: 1,
    source: { type: "fixed", steps: axleSteps(AXLE_PROPOSITIONS.flexLite) },
  },
  /** Axle Smart Charging with the step order decided by the server, one step at a time (`api.wizard`). */
  axleSmartChargingServer: {
    id: "axle-smart-charging-server",
    version: 1,
    inputs: { assetModel: AssetModelFact },
    source: { type: "server", template: "axle-smart-charging" },
  },
  /**
   * Kraken SmartFlex: the address (for the meter), which device to register, then signing in
   * at its maker to authorise it. The Tesla virtual key and the test charge follow it in later
   * versions. Version 2 added device authorisation.
   */
  krakenSmartFlex: {
    id: "kraken-smartflex",
    version: 2,
    source: { type: "fixed", steps: [{ flow: "address" }, { flow: "deviceSelection" }, { flow: "deviceAuth" }] },
  },
  /**
   * Flip's VPP portal: the programmes the household's site can join, enrolled as PENDING.
   * An open enrolment ends it at once with the `enrollment` fact; managing it comes next.
   */
  flipEnrollment: {
    id: "flip-enrollment",
    version: 1,
    source: { type: "fixed", steps: [{ flow: "enrollment" }] },
  },
} as const satisfies Record<string, JourneyDefinition>;
