import { AXLE_PROPOSITIONS } from "@onflex/core";
import { AssetModelFact } from "../eligibility/eligibility.flow.js";
import { requiresTariffSwitch, tariffSwitchPending, TariffRequirementFact } from "../tariff-switch/tariff-switch.flow.js";
import { needsVirtualKey } from "../virtual-key/virtual-key.flow.js";
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
   * Kraken SmartFlex, from the address (for the meter) to a device the platform controls: which
   * device to register; the tariff the proposition asks for, when the host's
   * `tariffRequirement` input says it requires one; signing in at the maker; the virtual key,
   * for a Tesla; the test charge, which ends when the device is LIVE (or PENDING_LIVE, the
   * platform's last check); and, when the tariff switch waited on the test charge, waiting for
   * it to go ahead. Version 2 added device authorisation; version 3 everything after it.
   */
  krakenSmartFlex: {
    id: "kraken-smartflex",
    version: 3,
    inputs: { tariffRequirement: TariffRequirementFact },
    source: {
      type: "fixed",
      steps: [
        { flow: "address" },
        { flow: "deviceSelection" },
        { flow: "tariffSwitch", when: requiresTariffSwitch },
        { flow: "deviceAuth" },
        { flow: "virtualKey", when: needsVirtualKey },
        { flow: "testCharge" },
        { id: "tariffSwitchLive", flow: "tariffSwitch", params: { waitForSwitch: true }, when: tariffSwitchPending, label: "tariffLive" },
      ],
    },
  },
  /**
   * Kraken SmartFlex with the server deciding each next step (`api.wizard`, Kraken's wizard
   * shape): the same flows as `krakenSmartFlex`, in the order and under the conditions the
   * server applies (the tariff where the proposition requires it, the virtual key for a Tesla),
   * then steps the server completes by itself (`waitForTransition`): the switch left pending on
   * the test charge going ahead, and the device becoming LIVE. Rewindable and resumable.
   * Version 2: the waits are server-completed steps (a saved version 1 journey starts again).
   */
  krakenSmartFlexServer: {
    id: "kraken-smartflex-server",
    version: 2,
    inputs: { tariffRequirement: TariffRequirementFact },
    source: { type: "server", template: "kraken-smartflex" },
  },
  /**
   * Flip's VPP portal: the programmes the household's site can join (enrolled as PENDING), then
   * managing the enrolment: cancelling while PENDING, the events of an ACTIVE one (opt out, a
   * reserve for one event), leaving. A household already enrolled goes straight to managing it.
   * Version 2 added managing the enrolment.
   */
  flipEnrollment: {
    id: "flip-enrollment",
    version: 2,
    source: { type: "fixed", steps: [{ flow: "enrollment" }, { flow: "manageEnrollment" }] },
  },
} as const satisfies Record<string, JourneyDefinition>;

type FixedPresetStep = Extract<(typeof presets)[keyof typeof presets]["source"], { type: "fixed" }>["steps"][number];
/** Every progress label Onflex's presets give a step: a catalogue must have `progress.step.<label>` for each. */
export type PresetStepLabel = FixedPresetStep extends infer S ? (S extends { label: infer L extends string } ? L : never) : never;
