import * as z from "zod/mini";
import { NonEmptyString } from "./common.js";
import { MpanCore } from "./meter.js";

/**
 * The device types a home may register, with Kraken SmartFlex's names (`eligibleDeviceTypes`;
 * its supported-device lists add CHARGE_POINTS).
 */
export const DEVICE_TYPES = [
  "ELECTRIC_VEHICLES",
  "CHARGE_POINTS",
  "BATTERIES",
  "HEAT_PUMPS",
  "INVERTERS",
  "STORAGE_HEATERS",
  "ELECTRICITY_METERS",
  "THERMOSTATS",
] as const;
export const DeviceType = z.enum(DEVICE_TYPES);
export type DeviceType = z.infer<typeof DeviceType>;

/** The types that have a make and model catalogue: a car and the charger it plugs into. */
export const CATALOGUE_DEVICE_TYPES = ["ELECTRIC_VEHICLES", "CHARGE_POINTS"] as const;
export const CatalogueDeviceType = z.enum(CATALOGUE_DEVICE_TYPES);
export type CatalogueDeviceType = z.infer<typeof CatalogueDeviceType>;

/**
 * Who gives the platform API access to a device (Kraken's providers): a maker's own API
 * (TESLA, MYENERGI) or an aggregator that serves many makers (ENODE, SMARTCAR, JEDLIX).
 */
export const DEVICE_PROVIDERS = ["TESLA", "MYENERGI", "ENODE", "SMARTCAR", "JEDLIX"] as const;
export const DeviceProvider = z.enum(DEVICE_PROVIDERS);
export type DeviceProvider = z.infer<typeof DeviceProvider>;

/** Kraken's device lifecycle: a newly registered device is ONBOARDING until it is proven controllable. */
export const DEVICE_STATUSES = ["ONBOARDING", "PENDING_LIVE", "LIVE", "ONBOARDING_TEST_IN_PROGRESS", "FAILED_ONBOARDING_TEST", "RETIRED"] as const;
export const DeviceStatus = z.enum(DEVICE_STATUSES);
export type DeviceStatus = z.infer<typeof DeviceStatus>;

const Make = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

export const EligibleDeviceTypesInput = z.object({ mpan: MpanCore });
export type EligibleDeviceTypesInput = z.infer<typeof EligibleDeviceTypesInput>;

/** What the home at this meter may register; empty when it may register nothing. */
export const EligibleDeviceTypes = z.object({ mpan: MpanCore, deviceTypes: z.array(DeviceType) });
export type EligibleDeviceTypes = z.infer<typeof EligibleDeviceTypes>;

export const DeviceMakesInput = z.object({ deviceType: CatalogueDeviceType });
export type DeviceMakesInput = z.infer<typeof DeviceMakesInput>;

/** Every make the platform knows for a device type, in display order. */
export const DeviceMakes = z.object({ deviceType: CatalogueDeviceType, makes: z.array(Make) });
export type DeviceMakes = z.infer<typeof DeviceMakes>;

export const DeviceModelsInput = z.object({ deviceType: CatalogueDeviceType, make: Make });
export type DeviceModelsInput = z.infer<typeof DeviceModelsInput>;

/**
 * One model (Kraken's vehicle "variant" / charge point "variant") and what the platform can
 * do with it: `isIntegrationLive` when it can control it today, `supportsStateOfCharge` when
 * it reports the battery's charge level (cars usually do, chargers usually don't), and the
 * provider that would serve it (null when none does).
 */
export const DeviceModel = z.object({
  id: NonEmptyString,
  deviceType: CatalogueDeviceType,
  make: Make,
  model: NonEmptyString,
  isIntegrationLive: z.boolean(),
  supportsStateOfCharge: z.boolean(),
  provider: z.nullable(DeviceProvider),
  /** The provider connects the device with an OAuth sign-in; otherwise its own app or an API key does. */
  providerUsesOAuth: z.boolean(),
});
export type DeviceModel = z.infer<typeof DeviceModel>;

export const DeviceModels = z.object({ deviceType: CatalogueDeviceType, make: Make, models: z.array(DeviceModel) });
export type DeviceModels = z.infer<typeof DeviceModels>;

/** Kraken's registerKrakenflexDevice, for the home at this meter: the device and who serves it. */
export const RegisterDeviceInput = z.object({
  mpan: MpanCore,
  deviceType: CatalogueDeviceType,
  make: Make,
  model: NonEmptyString,
  provider: DeviceProvider,
});
export type RegisterDeviceInput = z.infer<typeof RegisterDeviceInput>;

/** A registered device. It starts ONBOARDING: authorising it and a test charge come next. */
export const RegisteredDevice = z.object({
  deviceId: NonEmptyString,
  deviceType: CatalogueDeviceType,
  make: Make,
  model: NonEmptyString,
  provider: DeviceProvider,
  providerUsesOAuth: z.boolean(),
  isIntegrationLive: z.boolean(),
  supportsStateOfCharge: z.boolean(),
  status: DeviceStatus,
});
export type RegisteredDevice = z.infer<typeof RegisteredDevice>;
