import type { DeviceModel } from "@onflex/core";
import type { DeviceChoice } from "./device-selection.types.js";

/** The platform can control this model today: its integration is live and a provider serves it. */
export function isControllable(model: DeviceModel | null | undefined): model is DeviceModel {
  return model?.isIntegrationLive === true && model.provider !== null;
}

/**
 * Of a car and a charger (either may be unknown: "my model isn't listed"), the better one to
 * register, as Kraken advises: one with a live integration first; of two, the one that reports
 * its state of charge (usually the car); otherwise the car. Null when neither can be controlled.
 */
export function chooseDevice(vehicle: DeviceModel | null, charger: DeviceModel | null): DeviceChoice | null {
  const car = isControllable(vehicle) ? vehicle : null;
  const box = isControllable(charger) ? charger : null;
  if (car && box) {
    if (car.supportsStateOfCharge !== box.supportsStateOfCharge) {
      return car.supportsStateOfCharge ? { kind: "vehicle", device: car, reason: "state_of_charge" } : { kind: "charger", device: box, reason: "state_of_charge" };
    }
    return { kind: "vehicle", device: car, reason: "vehicle_by_default" };
  }
  if (car) return { kind: "vehicle", device: car, reason: "only_live" };
  if (box) return { kind: "charger", device: box, reason: "only_live" };
  return null;
}

export function deviceLabel(model: DeviceModel | null): string | null {
  return model ? `${model.make} ${model.model}` : null;
}
