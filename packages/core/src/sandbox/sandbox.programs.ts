import type { Program, ProgramDeviceType, SiteAttribute } from "../schemas/program.js";

/** Checks on one form answer, as data so a server can store them with the programme. */
export interface FormFieldRule {
  hint: string;
  /** For strings: the whole answer must match (a RegExp source, anchored where it is used). */
  pattern?: string;
  /** What to say when the pattern does not match. */
  patternError?: string;
  /** For numbers: inclusive bounds. */
  min?: number;
  max?: number;
}

/**
 * What a backend knows about a programme beyond what it shows: where it is offered, which
 * site fields it needs before enrolling, and how each form answer is checked.
 */
export interface ProgramDefinition {
  program: Program;
  zipCodes: readonly string[];
  requiredSiteAttributes: readonly SiteAttribute[];
  /** Per form field: a hint for the household and checks beyond its type. */
  formRules: Readonly<Record<string, FormFieldRule>>;
}

/**
 * SANDBOX PROGRAMMES, as Flip's sandbox offers them by zip code: 88801 and 88802 have
 * programmes, 88803 has none. The one source for the sandbox API and for the portal, which
 * seeds its storage from them; documented in the package README's fixture table.
 */
export const SANDBOX_ZIP_CODES = { batteryAndThermostat: "88801", batteryAndEv: "88802", none: "88803" } as const;

export const SANDBOX_PROGRAM_IDS = {
  batteryPeak: "prg_sandbox_battery_peak",
  thermostatSummer: "prg_sandbox_thermostat_summer",
  evOffPeak: "prg_sandbox_ev_off_peak",
  waterHeaterFlex: "prg_sandbox_water_heater_flex",
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
      early_unenrollment_penalty: 50,
      backup_reserve: { minimum_percentage: 20, maximum_percentage: 80, default_percentage: 25 },
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
      early_unenrollment_penalty: null,
    },
    zipCodes: ["88802"],
    requiredSiteAttributes: ["first_name", "last_name", "state_code", "zip_code"],
    formRules: {
      has_solar: { hint: "Answer yes if panels on your home feed your supply." },
      daily_miles: { hint: "A rough average is fine.", min: 0, max: 1000 },
    },
  },
  {
    program: {
      id: SANDBOX_PROGRAM_IDS.waterHeaterFlex,
      name: "Water Heater Flex",
      description: "Your water heater warms up before the evening peak and rests during it. Hot water as usual.",
      can_auto_enroll: false,
      earnings_for_site_upfront: 30,
      earnings_for_site_yearly: 60.5,
      eligible_device_types: ["WATER_HEATER"],
      enrollment_form: [
        { label: "Is the heater in a heated space?", name: "heated_space", type: "boolean" },
        { label: "Tank size (gallons)", name: "tank_gallons", type: "number" },
        { label: "Heater serial number", name: "heater_serial", type: "string" },
      ],
      minimum_commitment_months: 6,
      participation_months: [11, 12, 1, 2],
      terms_and_conditions_text:
        "# Water Heater Flex\n\nDuring an event your heater pauses for up to **3 hours**.\n\n1. It heats up beforehand.\n2. You can override any event.\n\n<script>alert('terms are text, never HTML')</script> [Read more](javascript:alert(1)) [Programme site](https://example.com/water-heater-flex)",
      terms_and_conditions_version: "2026-02",
    },
    zipCodes: ["88802"],
    requiredSiteAttributes: ["street_address", "city", "zip_code"],
    formRules: {
      heated_space: { hint: "A basement or garage that is not heated counts as no." },
      tank_gallons: { hint: "On the label on the side of the tank.", min: 10, max: 120 },
      heater_serial: { hint: "Letters and digits, on the same label.", pattern: "[A-Za-z0-9-]{4,30}", patternError: "must be 4 to 30 letters, digits or dashes" },
    },
  },
];

/** The sandbox site's devices: one of each kind the programmes name, so every programme finds one. */
export const SANDBOX_SITE_DEVICES: ReadonlyArray<{ id: string; type: ProgramDeviceType; manufacturer_name: string; product_name: string }> = [
  { id: "sbx-dev-battery", type: "BATTERY", manufacturer_name: "Sandbox Energy", product_name: "Home Battery 13" },
  { id: "sbx-dev-thermostat", type: "THERMOSTAT", manufacturer_name: "Sandbox Climate", product_name: "Smart Thermostat" },
  { id: "sbx-dev-ev-charger", type: "EV_CHARGER", manufacturer_name: "Sandbox Charge", product_name: "Wallbox 7" },
  { id: "sbx-dev-water-heater", type: "WATER_HEATER", manufacturer_name: "Sandbox Water", product_name: "Heat Pump Water Heater 50" },
];

/** Where an answer to a programme question goes wrong, or null when it is fine. */
export function programAnswerError(type: "boolean" | "number" | "string", rule: FormFieldRule | undefined, value: string | number | boolean | null | undefined): string | null {
  if (value === undefined || value === null) return "is required";
  if (type === "boolean") return typeof value === "boolean" ? null : "must be true or false";
  if (type === "number") {
    if (typeof value !== "number") return "must be a number";
    if ((rule?.min !== undefined && value < rule.min) || (rule?.max !== undefined && value > rule.max)) return `must be between ${rule.min ?? "-∞"} and ${rule.max ?? "∞"}`;
    return null;
  }
  if (typeof value !== "string") return "must be text";
  if (rule?.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) return rule.patternError ?? "is not in the expected format";
  return null;
}
