import type { DeviceModel, DeviceType, RegisteredDevice } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { DeviceSelectionMachine } from "./device-selection.machine.js";
import type {
  DeviceChoice,
  DeviceKind,
  DeviceSelectionEvent,
  DeviceSelectionStep,
  PickerContext,
  PickerStep,
  UnsupportedDevice,
} from "./device-selection.types.js";

export type DeviceSelectionSnapshot = SnapshotFrom<DeviceSelectionMachine>;

/** The make → model picker on screen (the car's or the charger's). */
export interface PickerView extends PickerContext {
  kind: DeviceKind;
  step: PickerStep;
  isLoadingMakes: boolean;
  isLoadingModels: boolean;
}

/** Everything a device selection view renders and every command it may call. */
export interface DeviceSelectionView {
  /** The screen: a top-level state ("vehicle", "review", …). */
  step: DeviceSelectionStep;
  /** A request is in flight (device types, makes, models, or registering). */
  isLoading: boolean;
  isRegistering: boolean;
  isRegistered: boolean;
  /** What the home may register, as the platform said. */
  deviceTypes: DeviceType[];
  deviceType: DeviceType | null;
  /** The picker on screen, in the "vehicle" and "charger" steps. */
  picker: PickerView | null;
  /** The car and the charger as chosen so far. */
  vehicle: DeviceModel | null;
  charger: DeviceModel | null;
  vehicleNotListed: boolean;
  chargerNotListed: boolean;
  /** The device to register and why it is the better one (review onwards). */
  choice: DeviceChoice | null;
  /** The one that will not be registered, when both were found. */
  other: DeviceModel | null;
  device: RegisteredDevice | null;
  unsupported: UnsupportedDevice | null;
  error: FlowError | null;
  canRetry: boolean;
  canGoBack: boolean;
  canConfirm: boolean;
  selectType(deviceType: DeviceType): void;
  selectMake(make: string): void;
  selectModel(modelId: string): void;
  /** "My model isn't listed" for the picker on screen. */
  notListed(): void;
  confirm(): void;
  retry(): void;
  back(): void;
  exit(): void;
  getRootProps(): PartProps;
}

function stepOf(value: DeviceSelectionSnapshot["value"]): { step: DeviceSelectionStep; picker: PickerStep | null } {
  if (typeof value === "string") return { step: value as DeviceSelectionStep, picker: null };
  const [step, picker] = Object.entries(value)[0] as [DeviceSelectionStep, PickerStep];
  return { step, picker };
}

export function connectDeviceSelection(snapshot: DeviceSelectionSnapshot, send: Send<DeviceSelectionEvent>): DeviceSelectionView {
  const { context } = snapshot;
  const { step, picker: pickerStep } = stepOf(snapshot.value);
  const kind: DeviceKind | null = step === "vehicle" || step === "charger" ? step : null;
  const picker: PickerView | null =
    kind && pickerStep
      ? {
          ...context[kind],
          kind,
          step: pickerStep,
          isLoadingMakes: pickerStep === "loadingMakes",
          isLoadingModels: pickerStep === "loadingModels",
        }
      : null;
  const isRegistering = step === "registering";
  const choice = step === "review" || isRegistering || step === "registerFailed" || step === "registered" ? context.choice : null;
  const other = choice ? (choice.kind === "vehicle" ? context.charger.model : context.vehicle.model) : null;
  return {
    step,
    isLoading: step === "loadingTypes" || isRegistering || Boolean(picker?.isLoadingMakes || picker?.isLoadingModels),
    isRegistering,
    isRegistered: step === "registered",
    deviceTypes: context.deviceTypes,
    deviceType: context.deviceType,
    picker,
    vehicle: context.vehicle.model,
    charger: context.charger.model,
    vehicleNotListed: context.vehicle.notListed,
    chargerNotListed: context.charger.notListed,
    choice,
    other,
    device: context.device,
    unsupported: step === "unsupported" ? context.unsupported : null,
    error: context.error,
    canRetry: snapshot.can({ type: "DEVICE.RETRY" }),
    canGoBack: snapshot.can({ type: "DEVICE.BACK" }),
    canConfirm: snapshot.can({ type: "DEVICE.CONFIRM" }),
    selectType: (deviceType) => send({ type: "DEVICE.SELECT_TYPE", deviceType }),
    selectMake: (make) => send({ type: "DEVICE.SELECT_MAKE", make }),
    selectModel: (modelId) => send({ type: "DEVICE.SELECT_MODEL", modelId }),
    notListed: () => send({ type: "DEVICE.NOT_LISTED" }),
    confirm: () => send({ type: "DEVICE.CONFIRM" }),
    retry: () => send({ type: "DEVICE.RETRY" }),
    back: () => send({ type: "DEVICE.BACK" }),
    exit: () => send({ type: "DEVICE.EXIT" }),
    getRootProps: () => partProps("deviceSelection", "root", step),
  };
}
