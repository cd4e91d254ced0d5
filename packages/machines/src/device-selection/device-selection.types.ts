import type { CatalogueDeviceType, DeviceModel, DeviceType, RegisteredDevice } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

export interface DeviceSelectionInput {
  /** The home's meter (MPAN core): what it may register, and where the device is registered. */
  mpan: string;
  /** The answers as the user left them at an unsupported result, to change one: the flow opens at its last view. */
  reopen?: DeviceSelectionAnswers;
}

/** What the user chose: the type, and both pickers with their lists, as the flow holds them. */
export interface DeviceSelectionAnswers {
  deviceTypes: DeviceType[];
  deviceType: DeviceType | null;
  vehicle: PickerContext;
  charger: PickerContext;
}

/** The two devices asked about for EV charging: the car and the charger it plugs into. */
export type DeviceKind = "vehicle" | "charger";

/** One make → model picker: the catalogue as loaded, and what the user chose. */
export interface PickerContext {
  deviceType: CatalogueDeviceType;
  makes: string[];
  make: string | null;
  models: DeviceModel[];
  model: DeviceModel | null;
  /** The user said their model isn't listed. */
  notListed: boolean;
}

/**
 * Why this device is the one to register: it is the only one the platform can control today,
 * or both can be controlled and it reports its state of charge, or both are equal and the
 * car comes first.
 */
export type DeviceChoiceReason = "only_live" | "state_of_charge" | "vehicle_by_default";

export interface DeviceChoice {
  kind: DeviceKind;
  device: DeviceModel;
  reason: DeviceChoiceReason;
}

/** Why the flow cannot register a device: the combination, the type chosen, or a home that may register none. */
export type UnsupportedCase = "unsupported_combination" | "device_type_unavailable" | "no_device_types";

export interface UnsupportedDevice {
  case: UnsupportedCase;
  /** The type the user chose, for `device_type_unavailable`. */
  deviceType: DeviceType | null;
  /** "Make Model" of the car and the charger as chosen; null when not listed. */
  vehicle: string | null;
  charger: string | null;
}

export interface DeviceSelectionContext {
  mpan: string;
  deviceTypes: DeviceType[];
  deviceType: DeviceType | null;
  vehicle: PickerContext;
  charger: PickerContext;
  choice: DeviceChoice | null;
  unsupported: UnsupportedDevice | null;
  /** One key for every attempt to register the chosen device, so a retry never registers twice. */
  idempotencyKey: string | null;
  device: RegisteredDevice | null;
  error: FlowError | null;
}

export type DeviceSelectionEvent =
  | { type: "DEVICE.SELECT_TYPE"; deviceType: DeviceType }
  | { type: "DEVICE.SELECT_MAKE"; make: string }
  | { type: "DEVICE.SELECT_MODEL"; modelId: string }
  /** "My model isn't listed" for the picker on screen. */
  | { type: "DEVICE.NOT_LISTED" }
  | { type: "DEVICE.CONFIRM" }
  | { type: "DEVICE.RETRY" }
  | { type: "DEVICE.BACK" }
  | { type: "DEVICE.EXIT" };

/** How the flow ended; the machine outputs `null` when the user left. */
export type DeviceSelectionOutput =
  | { outcome: "registered"; device: RegisteredDevice; reason: DeviceChoiceReason }
  | ({ outcome: "unsupported" } & UnsupportedDevice & { answers: DeviceSelectionAnswers | null });

export type DeviceSelectionStep =
  | "loadingTypes"
  | "typesFailed"
  | "chooseType"
  | "vehicle"
  | "charger"
  | "review"
  | "registering"
  | "registerFailed"
  | "registered"
  | "unsupported"
  | "exited";

/** Where a make → model picker stands. */
export type PickerStep = "loadingMakes" | "makesFailed" | "choosingMake" | "loadingModels" | "modelsFailed" | "choosingModel";
