import * as z from "zod/mini";
import { RegisteredDevice, TariffSwitch } from "@onflex/core";
import type { TariffSwitch as TariffSwitchValue } from "@onflex/core";
import { defineFlow } from "../journey/journey.define.js";
import type { Facts } from "../journey/journey.types.js";
import { tariffSwitchActors, tariffSwitchMachine } from "./tariff-switch.machine.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /**
     * What the household's proposition requires of its tariff: whether it must switch, and to
     * which tariff when the proposition names one. Given by the host as a journey input (it
     * knows the proposition it sells), so a journey step can run only where a switch is required.
     */
    tariffRequirement: TariffRequirement;
    /**
     * The household's decision on the tariff offered, as the server last answered it. Given as
     * soon as the user accepts, so `status` may still be PENDING_TEST_CHARGE: a later step with
     * `{ waitForSwitch: true }` shows that and finishes when the switch goes ahead.
     */
    tariffSwitch: TariffSwitchValue;
  }
}

const TariffCode = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

export const TariffRequirementFact = z.object({
  /** The proposition requires a tariff switch. */
  required: z.boolean(),
  /** The tariff to move to; the server picks one for the device when absent. */
  tariffCode: z.optional(TariffCode),
});
export type TariffRequirement = z.infer<typeof TariffRequirementFact>;

export const TariffSwitchParams = z.object({
  /** Place the flow again after the test charge: it waits for an accepted switch to go ahead. */
  waitForSwitch: z.optional(z.boolean()),
  /** The tariff to offer, as a server step may name it; overrides `tariffRequirement.tariffCode`. */
  tariffCode: z.optional(TariffCode),
});
export type TariffSwitchParams = z.infer<typeof TariffSwitchParams>;

/** A journey condition: run the tariff switch only where the proposition requires one. */
export function requiresTariffSwitch(facts: Facts): boolean {
  return facts.tariffRequirement?.required === true;
}

/** A journey condition: the accepted switch still waits on the test charge. */
export function tariffSwitchPending(facts: Facts): boolean {
  return facts.tariffSwitch?.status === "PENDING_TEST_CHARGE";
}

/**
 * Tariff switch (Kraken SmartFlex's tariff step): the tariff the user is asked to move to for
 * the registered device, with its unit rates by time of day, standing charge and any exit
 * fees; accepted (the `tariffSwitch` fact) or declined (the journey exits with "declined").
 *
 * Place it with `when: requiresTariffSwitch` (the host's `tariffRequirement` input), and again
 * after the test charge with `{ id: "tariffSwitchLive", flow: "tariffSwitch", params: {
 * waitForSwitch: true }, when: tariffSwitchPending }`: that step shows the switch waiting and
 * finishes when it goes ahead (SCHEDULED or COMPLETE), giving the fact again as it stands.
 */
export const tariffSwitchFlow = defineFlow({
  id: "tariffSwitch",
  version: 1,
  machine: tariffSwitchMachine,
  implement: (deps) => ({ actors: tariffSwitchActors(deps.api) }),
  params: TariffSwitchParams,
  needs: ["device"],
  uses: ["tariffRequirement", "tariffSwitch"],
  gives: { tariffSwitch: TariffSwitch },
  input: ({ facts, params }) => ({
    mode: params.waitForSwitch ? ("wait" as const) : ("offer" as const),
    device: RegisteredDevice.parse(facts.device),
    tariffCode: params.tariffCode ?? facts.tariffRequirement?.tariffCode ?? null,
  }),
  result: (output) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    if (output.outcome === "declined") return { status: "exited", reason: "declined" };
    return { status: "done", facts: { tariffSwitch: output.tariffSwitch } };
  },
});
