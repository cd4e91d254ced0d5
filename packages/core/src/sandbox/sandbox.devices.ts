import type { CatalogueDeviceType, DeviceModel, DeviceProvider, RegisteredDevice, RegisterDeviceInput } from "../schemas/index.js";
import { OnflexError } from "../errors.js";

/**
 * The sandbox's make and model catalogue: real cars and chargers sold in the UK, each with the
 * provider that would serve it. Which models are "live" is made up for testing (see the
 * README's fixture table), not a statement about any maker's real integration.
 *
 * A row is [make, provider (null: no provider serves this make), models, models whose
 * integration is not live yet]. Every model of a make without a provider is not live.
 */
type CatalogueRow = readonly [make: string, provider: DeviceProvider | null, models: readonly string[], notLive?: readonly string[]];

const VEHICLES: readonly CatalogueRow[] = [
  ["Tesla", "TESLA", ["Model 3", "Model Y", "Model S", "Model X"]],
  ["Volkswagen", "ENODE", ["ID.3", "ID.4", "ID.5", "ID. Buzz", "e-Golf"], ["e-Golf"]],
  ["Kia", "ENODE", ["EV3", "EV6", "EV9", "Niro EV", "e-Soul"]],
  ["Nissan", "SMARTCAR", ["Leaf (2018 on)", "Ariya", "Leaf (2011–2017)"], ["Leaf (2011–2017)"]],
  ["BMW", "ENODE", ["i3", "i4", "i5", "iX", "iX1", "iX3"]],
  ["Hyundai", "SMARTCAR", ["Ioniq 5", "Ioniq 6", "Kona Electric", "Inster"]],
  ["Renault", "JEDLIX", ["Zoe", "Megane E-Tech", "Scenic E-Tech", "5 E-Tech"]],
  ["MG", null, ["MG4", "MG5", "ZS EV", "Cyberster"]],
  ["Audi", "ENODE", ["Q4 e-tron", "Q6 e-tron", "Q8 e-tron", "e-tron GT"]],
  ["Polestar", "SMARTCAR", ["Polestar 2", "Polestar 3", "Polestar 4"]],
  ["Mercedes-Benz", "ENODE", ["EQA", "EQB", "EQC", "EQE", "EQS"]],
  ["Jaguar", "SMARTCAR", ["I-Pace"]],
  ["Peugeot", "ENODE", ["e-208", "e-2008", "e-3008"]],
  ["Vauxhall", "ENODE", ["Corsa Electric", "Mokka Electric", "Astra Electric"]],
  ["Volvo", "SMARTCAR", ["EX30", "EX40", "EX90", "C40 Recharge"]],
  ["Ford", "SMARTCAR", ["Mustang Mach-E", "Explorer", "Puma Gen-E"]],
  ["Skoda", "ENODE", ["Enyaq", "Elroq"]],
  ["Cupra", "ENODE", ["Born", "Tavascan"]],
  ["Toyota", "SMARTCAR", ["bZ4X", "Proace City Electric"], ["Proace City Electric"]],
  ["BYD", null, ["Atto 3", "Dolphin", "Seal", "Seal U"]],
  ["Fiat", "ENODE", ["500e", "600e"]],
  ["MINI", "ENODE", ["Cooper Electric", "Countryman Electric", "Aceman"]],
  ["Porsche", "ENODE", ["Taycan", "Macan Electric"]],
  ["Citroën", "ENODE", ["ë-C4", "ë-C3", "ë-Berlingo"]],
  ["Smart", "JEDLIX", ["#1", "#3"]],
  ["Honda", null, ["e", "e:Ny1"]],
  ["Lexus", "SMARTCAR", ["UX 300e", "RZ"]],
  ["Mazda", null, ["MX-30"]],
  ["Jeep", "ENODE", ["Avenger Electric"]],
  ["DS", "ENODE", ["DS 3 E-Tense"]],
  ["Genesis", "SMARTCAR", ["GV60", "Electrified GV70"]],
  ["Lotus", null, ["Eletre", "Emeya"]],
];

const CHARGERS: readonly CatalogueRow[] = [
  ["myenergi", "MYENERGI", ["zappi v2", "zappi v2.1", "zappi (2017–2019)"]],
  ["Ohme", "ENODE", ["Home Pro", "ePod", "Home"]],
  ["Wallbox", "ENODE", ["Pulsar Plus", "Pulsar Max", "Commander 2", "Copper SB"]],
  ["Hypervolt", "ENODE", ["Home 3 Pro", "Home 3", "Home 2.0"]],
  ["Easee", "ENODE", ["One", "Charge", "Charge Lite"]],
  ["Pod Point", "ENODE", ["Solo 3S", "Solo 3", "Solo (2019)"], ["Solo (2019)"]],
  ["Andersen", null, ["A2", "A3"]],
  ["EO Charging", "ENODE", ["EO Mini Pro 3", "EO Mini Pro 2"], ["EO Mini Pro 2"]],
  ["Indra", "ENODE", ["Smart PRO"]],
  ["Zaptec", "ENODE", ["Go", "Go 2"]],
  ["Alfen", "ENODE", ["Eve Single S-line", "Eve Single Pro-line"]],
  ["Tesla", null, ["Wall Connector (Gen 3)"]],
  ["Rolec", null, ["EVO", "WallPod"]],
  ["Project EV", null, ["EVA-07S", "Pro Earth"]],
  ["GivEnergy", null, ["EV Charger"]],
  ["Hager", null, ["Witty Start"]],
  ["Schneider Electric", null, ["EVlink Home"]],
  ["Sync EV", null, ["Sync Type 2"]],
];

/** Whether the provider connects a device with an OAuth sign-in (myenergi takes an API key; Jedlix uses its own app). */
const USES_OAUTH: Readonly<Record<DeviceProvider, boolean>> = { TESLA: true, MYENERGI: false, ENODE: true, SMARTCAR: true, JEDLIX: false };

function slug(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function modelsOf(deviceType: CatalogueDeviceType, [make, provider, models, notLive = []]: CatalogueRow): DeviceModel[] {
  return models.map((model) => ({
    id: `sbx-${deviceType === "ELECTRIC_VEHICLES" ? "ev" : "cp"}-${slug(make)}-${slug(model)}`,
    deviceType,
    make,
    model,
    isIntegrationLive: provider !== null && !notLive.includes(model),
    // Cars report their battery's charge level; chargers cannot see it.
    supportsStateOfCharge: deviceType === "ELECTRIC_VEHICLES",
    provider,
    providerUsesOAuth: provider !== null && USES_OAUTH[provider],
  }));
}

const ROWS: Readonly<Record<CatalogueDeviceType, readonly CatalogueRow[]>> = { ELECTRIC_VEHICLES: VEHICLES, CHARGE_POINTS: CHARGERS };

// Keyed by a Map, so a make called "constructor" finds nothing inherited.
const CATALOGUE: ReadonlyMap<CatalogueDeviceType, ReadonlyMap<string, DeviceModel[]>> = new Map(
  (Object.keys(ROWS) as CatalogueDeviceType[]).map((type) => [type, new Map(ROWS[type].map((row) => [row[0].toLowerCase(), modelsOf(type, row)]))]),
);

export function sandboxMakes(deviceType: CatalogueDeviceType): string[] {
  return ROWS[deviceType].map((row) => row[0]);
}

export function sandboxModels(deviceType: CatalogueDeviceType, make: string): { make: string; models: DeviceModel[] } {
  const models = CATALOGUE.get(deviceType)?.get(make.toLowerCase());
  if (!models?.[0]) throw new OnflexError("not_found", `The sandbox has no make "${make}" for ${deviceType}.`, { details: { deviceType, make } });
  return { make: models[0].make, models };
}

/** Registration as Kraken answers it: a new device id, ONBOARDING; refuses what the catalogue says it cannot control. */
export function sandboxRegistration(input: RegisterDeviceInput, deviceId: string): RegisteredDevice {
  const found = sandboxModels(input.deviceType, input.make).models.find((item) => item.model.toLowerCase() === input.model.toLowerCase());
  if (!found) {
    throw new OnflexError("not_found", `The sandbox has no model "${input.model}" of ${input.make}.`, { details: { make: input.make, model: input.model } });
  }
  if (!found.isIntegrationLive || found.provider !== input.provider) {
    throw new OnflexError("conflict", "This device can't be registered with that provider (sandbox).", {
      retryable: false,
      details: { provider: found.provider, isIntegrationLive: found.isIntegrationLive },
    });
  }
  return {
    deviceId,
    deviceType: found.deviceType,
    make: found.make,
    model: found.model,
    provider: found.provider,
    providerUsesOAuth: found.providerUsesOAuth,
    isIntegrationLive: true,
    supportsStateOfCharge: found.supportsStateOfCharge,
    status: "ONBOARDING",
  };
}
