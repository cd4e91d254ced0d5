import type { ProgramDefinition } from "./programs.types.js";

/**
 * SANDBOX PROGRAMMES, as Flip's sandbox offers them by zip code: 88801 and 88802 have
 * programmes, 88803 has none. Seeded idempotently at every start (`programs` and
 * `program_zip_codes`); documented in the portal README's fixture table.
 */
export const SANDBOX_ZIP_CODES = { batteryAndThermostat: "88801", batteryAndEv: "88802", none: "88803" } as const;

export const SANDBOX_PROGRAM_IDS = {
  batteryPeak: "prg_sandbox_battery_peak",
  thermostatSummer: "prg_sandbox_thermostat_summer",
  evOffPeak: "prg_sandbox_ev_off_peak",
} as const;

const FULL_ADDRESS = ["first_name", "last_name", "email", "street_address", "city", "state_code", "zip_code"] as const;

export const SANDBOX_PROGRAMS: readonly ProgramDefinition[] = [
  {
    program: {
      id: SANDBOX_PROGRAM_IDS.batteryPeak,
      name: "Peak Battery Rewards",
      description: "Let your utility draw on your home battery during a few summer peaks a year. You keep a backup reserve for outages.",
      can_auto_enroll: true,
      earnings_for_site_upfront: 50,
      earnings_for_site_yearly: 120,
      eligible_device_types: ["BATTERY"],
      enrollment_form: [{ label: "Utility account number", name: "utility_account_number", type: "string" }],
      minimum_commitment_months: 12,
      participation_months: [6, 7, 8, 9],
      terms_and_conditions_text:
        "# Peak Battery Rewards\n\nBy enrolling you allow your battery to discharge during up to **30 events** a year.\n\n- You keep at least 20% charge for backup.\n- You may opt out of any single event.\n- Leaving within 12 months forfeits the upfront payment.",
      terms_and_conditions_version: "2026-01",
    },
    zipCodes: ["88801", "88802"],
    requiredSiteAttributes: FULL_ADDRESS,
    formRules: {
      utility_account_number: { hint: "The 10-digit number on your electricity bill.", pattern: "[0-9]{10}", patternError: "must be 10 digits" },
    },
  },
  {
    program: {
      id: SANDBOX_PROGRAM_IDS.thermostatSummer,
      name: "Summer Thermostat Saver",
      description: "Your thermostat eases off for an hour or two on the hottest afternoons.",
      can_auto_enroll: false,
      earnings_for_site_upfront: 25,
      earnings_for_site_yearly: 40,
      eligible_device_types: ["THERMOSTAT"],
      enrollment_form: [],
      minimum_commitment_months: 0,
      participation_months: [6, 7, 8],
      terms_and_conditions_text: "# Summer Thermostat Saver\n\nYour thermostat may be raised by up to 4 °F during events. You can override any event.",
      terms_and_conditions_version: "2025-05",
    },
    zipCodes: ["88801"],
    requiredSiteAttributes: ["zip_code"],
    formRules: {},
  },
  {
    program: {
      id: SANDBOX_PROGRAM_IDS.evOffPeak,
      name: "Off-Peak EV Charging",
      description: "Your car charges when the grid is quietest, and you earn a credit every month.",
      can_auto_enroll: true,
      earnings_for_site_upfront: 0,
      earnings_for_site_yearly: 84,
      eligible_device_types: ["EV_CHARGER", "ELECTRIC_VEHICLE"],
      enrollment_form: [
        { label: "Do you have solar panels?", name: "has_solar", type: "boolean" },
        { label: "Daily driving distance (miles)", name: "daily_miles", type: "number" },
      ],
      minimum_commitment_months: 3,
      participation_months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      terms_and_conditions_text: "# Off-Peak EV Charging\n\nCharging may be shifted to between 11 pm and 7 am. Your car is always ready by the time you set.",
      terms_and_conditions_version: "2026-03",
    },
    zipCodes: ["88802"],
    requiredSiteAttributes: ["first_name", "last_name", "state_code", "zip_code"],
    formRules: {
      has_solar: { hint: "Answer yes if panels on your home feed your supply." },
      daily_miles: { hint: "A rough average is fine.", min: 0, max: 1000 },
    },
  },
];
