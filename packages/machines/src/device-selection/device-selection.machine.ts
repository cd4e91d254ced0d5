import { CATALOGUE_DEVICE_TYPES } from "@onflex/core";
import type { CatalogueDeviceType, DeviceMakes, DeviceModels, EligibleDeviceTypes, OnboardingApi, RegisteredDevice, RegisterDeviceInput } from "@onflex/core";
import { and, assertEvent, assign, fromPromise, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { text, toFlowError } from "../shared/shared.utils.js";
import { chooseDevice, deviceLabel } from "./device-selection.rules.js";
import type {
  DeviceKind,
  DeviceSelectionContext,
  DeviceSelectionEvent,
  DeviceSelectionInput,
  DeviceSelectionOutput,
  PickerContext,
} from "./device-selection.types.js";

// Exported so declaration emit can name them in the journey machine's type.
export interface RegisterDeviceRequest extends RegisterDeviceInput {
  idempotencyKey: string;
}

function newIdempotencyKey(): string {
  // randomUUID is in every supported browser and Node 20; the fallback only keeps odd runtimes working.
  return typeof globalThis.crypto?.randomUUID === "function" ? globalThis.crypto.randomUUID() : `device-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function emptyPicker(deviceType: CatalogueDeviceType): PickerContext {
  return { deviceType, makes: [], make: null, models: [], model: null, notListed: false };
}

const isCatalogueType = (value: unknown): value is CatalogueDeviceType => (CATALOGUE_DEVICE_TYPES as readonly unknown[]).includes(value);

/** The listed make whatever the case the user typed it in, or null. */
function listedMake(picker: PickerContext, make: unknown): string | null {
  const wanted = text(make).trim().toLowerCase();
  return picker.makes.find((item) => item.toLowerCase() === wanted) ?? null;
}

function listedModel(picker: PickerContext, modelId: unknown) {
  return picker.models.find((model) => model.id === modelId) ?? null;
}

/** The charger as it would be after this event: the model picked, or none when not listed. */
function chargerAfter(context: DeviceSelectionContext, event: DeviceSelectionEvent) {
  return event.type === "DEVICE.SELECT_MODEL" ? listedModel(context.charger, event.modelId) : null;
}

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function deviceSelectionActors(api: OnboardingApi) {
  const loadMakes = fromPromise<DeviceMakes, { deviceType: CatalogueDeviceType }>(({ input, signal }) => api.devices.makes({ deviceType: input.deviceType }, { signal }));
  const loadModels = fromPromise<DeviceModels, { deviceType: CatalogueDeviceType; make: string }>(({ input, signal }) =>
    api.devices.models({ deviceType: input.deviceType, make: input.make }, { signal }),
  );
  // One name per picker, so a test (or a host) can replace the car's lists without the charger's.
  return {
    loadDeviceTypes: fromPromise<EligibleDeviceTypes, { mpan: string }>(({ input, signal }) => api.devices.eligibleTypes({ mpan: input.mpan }, { signal })),
    loadVehicleMakes: loadMakes,
    loadVehicleModels: loadModels,
    loadChargerMakes: loadMakes,
    loadChargerModels: loadModels,
    registerDevice: fromPromise<RegisteredDevice, RegisterDeviceRequest>(({ input, signal }) => {
      const { idempotencyKey, ...device } = input;
      return api.devices.register(device, { signal, idempotencyKey });
    }),
  };
}

type Kind = { kind: DeviceKind };

/** "My car isn't listed": on to the charger without a car. */
const vehicleNotListed = { target: "#deviceSelection.charger", actions: { type: "markNotListed", params: { kind: "vehicle" } } } as const;
/** "My charger isn't listed": the car alone decides. */
const chargerNotListed = [
  { guard: "isSupportedPair", target: "#deviceSelection.review", actions: [{ type: "markNotListed", params: { kind: "charger" } }, "decide"] },
  { target: "#deviceSelection.unsupported", actions: [{ type: "markNotListed", params: { kind: "charger" } }, "decide"] },
] as const;

export const deviceSelectionMachine = setup({
  types: {
    context: {} as DeviceSelectionContext,
    events: {} as DeviceSelectionEvent,
    input: {} as DeviceSelectionInput,
    output: {} as DeviceSelectionOutput | null,
  },
  actors: deviceSelectionActors(UNBOUND_DEPS.api),
  guards: {
    hasAtLeast: (_, params: { count: number; min: number }) => params.count >= params.min,
    isCatalogueType: ({ context, event }) => {
      assertEvent(event, "DEVICE.SELECT_TYPE");
      return isCatalogueType(event.deviceType) && context.deviceTypes.includes(event.deviceType);
    },
    isListedType: ({ context, event }) => {
      assertEvent(event, "DEVICE.SELECT_TYPE");
      return context.deviceTypes.includes(event.deviceType);
    },
    isListedMake: ({ context, event }, { kind }: Kind) => {
      assertEvent(event, "DEVICE.SELECT_MAKE");
      return listedMake(context[kind], event.make) !== null;
    },
    isListedModel: ({ context, event }, { kind }: Kind) => {
      assertEvent(event, "DEVICE.SELECT_MODEL");
      return listedModel(context[kind], event.modelId) !== null;
    },
    /** Either the car or the charger (as this event leaves it) can be registered. */
    isSupportedPair: ({ context, event }) => chooseDevice(context.vehicle.model, chargerAfter(context, event)) !== null,
    hasModelsShown: ({ context }, { kind }: Kind) => context[kind].make !== null && context[kind].models.length > 0,
    hasMakeChosen: ({ context }, { kind }: Kind) => context[kind].make !== null,
    /** Opened again with the charger's lists as the user left them (and the home may still register something). */
    reopensAt: ({ context }, params: { typeCount: number; shown: "models" | "makes" }) =>
      params.typeCount > 0 && (params.shown === "models" ? context.charger.make !== null && context.charger.models.length > 0 : context.charger.makes.length > 0),
    hasChoice: ({ context }) => context.choice !== null,
  },
  actions: {
    storeTypes: assign((_, result: EligibleDeviceTypes) => ({ deviceTypes: result.deviceTypes, error: null })),
    markNoTypes: assign({ unsupported: { case: "no_device_types", deviceType: null, vehicle: null, charger: null } }),
    storeType: assign(({ event }) => {
      assertEvent(event, "DEVICE.SELECT_TYPE");
      // Choosing the type (again) starts both pickers afresh.
      return { deviceType: event.deviceType, vehicle: emptyPicker("ELECTRIC_VEHICLES"), charger: emptyPicker("CHARGE_POINTS"), choice: null };
    }),
    markTypeUnavailable: assign(({ event }) => {
      assertEvent(event, "DEVICE.SELECT_TYPE");
      return { deviceType: event.deviceType, unsupported: { case: "device_type_unavailable" as const, deviceType: event.deviceType, vehicle: null, charger: null } };
    }),
    storeMakes: assign(({ context }, params: Kind & { result: DeviceMakes }) => ({ [params.kind]: { ...context[params.kind], makes: params.result.makes }, error: null })),
    storeMake: assign(({ context, event }, { kind }: Kind) => {
      assertEvent(event, "DEVICE.SELECT_MAKE");
      return { [kind]: { ...context[kind], make: listedMake(context[kind], event.make), models: [], model: null }, error: null };
    }),
    storeModels: assign(({ context }, params: Kind & { result: DeviceModels }) => ({ [params.kind]: { ...context[params.kind], models: params.result.models }, error: null })),
    storeModel: assign(({ context, event }, { kind }: Kind) => {
      assertEvent(event, "DEVICE.SELECT_MODEL");
      return { [kind]: { ...context[kind], model: listedModel(context[kind], event.modelId), notListed: false } };
    }),
    resetPicker: assign(({ context }, { kind }: Kind) => ({ [kind]: emptyPicker(context[kind].deviceType) })),
    markNotListed: assign(({ context }, { kind }: Kind) => ({ [kind]: { ...context[kind], model: null, notListed: true }, error: null })),
    /** With both answers in: which device to register, or why none can be. */
    decide: assign(({ context }) => {
      const choice = chooseDevice(context.vehicle.model, context.charger.model);
      const same = choice !== null && choice.device.id === context.choice?.device.id;
      return {
        choice,
        // A different device is a different registration: it gets its own key.
        idempotencyKey: same ? context.idempotencyKey : null,
        unsupported: choice
          ? null
          : { case: "unsupported_combination" as const, deviceType: context.deviceType, vehicle: deviceLabel(context.vehicle.model), charger: deviceLabel(context.charger.model) },
      };
    }),
    stampKey: assign({ idempotencyKey: ({ context }) => context.idempotencyKey ?? newIdempotencyKey(), error: null }),
    storeDevice: assign((_, device: RegisteredDevice) => ({ device, error: null })),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
    clearError: assign({ error: null }),
  },
}).createMachine({
  id: "deviceSelection",
  // Opened again from an unsupported result: the answers come back, and the lists are shown as they were.
  context: ({ input }) => ({
    mpan: text(input.mpan),
    deviceTypes: input.reopen?.deviceTypes ?? [],
    deviceType: input.reopen?.deviceType ?? null,
    vehicle: input.reopen?.vehicle ?? emptyPicker("ELECTRIC_VEHICLES"),
    charger: input.reopen?.charger ?? emptyPicker("CHARGE_POINTS"),
    choice: null,
    unsupported: null,
    idempotencyKey: null,
    device: null,
    error: null,
  }),
  initial: "loadingTypes",
  on: { "DEVICE.EXIT": ".exited" },
  states: {
    loadingTypes: {
      invoke: {
        id: "loadDeviceTypes",
        src: "loadDeviceTypes",
        input: ({ context }) => ({ mpan: context.mpan }),
        onDone: [
          // Back from an unsupported combination: the charger picker as the user left it, to change one of the two.
          {
            guard: { type: "reopensAt", params: ({ event }) => ({ typeCount: event.output.deviceTypes.length, shown: "models" as const }) },
            target: "#deviceSelection.charger.choosingModel",
            actions: { type: "storeTypes", params: ({ event }) => event.output },
          },
          {
            guard: { type: "reopensAt", params: ({ event }) => ({ typeCount: event.output.deviceTypes.length, shown: "makes" as const }) },
            target: "#deviceSelection.charger.choosingMake",
            actions: { type: "storeTypes", params: ({ event }) => event.output },
          },
          {
            guard: { type: "hasAtLeast", params: ({ event }) => ({ count: event.output.deviceTypes.length, min: 1 }) },
            target: "chooseType",
            actions: { type: "storeTypes", params: ({ event }) => event.output },
          },
          { target: "unsupported", actions: [{ type: "storeTypes", params: ({ event }) => event.output }, "markNoTypes"] },
        ],
        onError: { target: "typesFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    typesFailed: {
      on: { "DEVICE.RETRY": { target: "loadingTypes", actions: "clearError" } },
    },
    chooseType: {
      on: {
        "DEVICE.SELECT_TYPE": [
          { guard: "isCatalogueType", target: "vehicle", actions: "storeType" },
          { guard: "isListedType", target: "unsupported", actions: "markTypeUnavailable" },
        ],
      },
    },
    vehicle: {
      initial: "loadingMakes",
      on: {
        "DEVICE.BACK": { target: "chooseType", actions: [{ type: "resetPicker", params: { kind: "vehicle" } }, "clearError"] },
      },
      states: {
        loadingMakes: {
          invoke: {
            id: "loadVehicleMakes",
            src: "loadVehicleMakes",
            input: ({ context }) => ({ deviceType: context.vehicle.deviceType }),
            onDone: { target: "choosingMake", actions: { type: "storeMakes", params: ({ event }) => ({ kind: "vehicle", result: event.output }) } },
            onError: { target: "makesFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
          },
        },
        makesFailed: { on: { "DEVICE.RETRY": { target: "loadingMakes", actions: "clearError" } } },
        choosingMake: {
          on: {
            "DEVICE.SELECT_MAKE": { guard: { type: "isListedMake", params: { kind: "vehicle" } }, target: "loadingModels", actions: { type: "storeMake", params: { kind: "vehicle" } } },
            "DEVICE.NOT_LISTED": vehicleNotListed,
          },
        },
        // The make is fixed while its models load (the view disables both lists).
        loadingModels: {
          invoke: {
            id: "loadVehicleModels",
            src: "loadVehicleModels",
            input: ({ context }) => ({ deviceType: context.vehicle.deviceType, make: context.vehicle.make ?? "" }),
            onDone: { target: "choosingModel", actions: { type: "storeModels", params: ({ event }) => ({ kind: "vehicle", result: event.output }) } },
            onError: { target: "modelsFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
          },
        },
        modelsFailed: {
          on: {
            "DEVICE.RETRY": { target: "loadingModels", actions: "clearError" },
            "DEVICE.SELECT_MAKE": { guard: { type: "isListedMake", params: { kind: "vehicle" } }, target: "loadingModels", actions: { type: "storeMake", params: { kind: "vehicle" } } },
          },
        },
        choosingModel: {
          on: {
            "DEVICE.SELECT_MAKE": { guard: { type: "isListedMake", params: { kind: "vehicle" } }, target: "loadingModels", actions: { type: "storeMake", params: { kind: "vehicle" } } },
            "DEVICE.SELECT_MODEL": {
              guard: { type: "isListedModel", params: { kind: "vehicle" } },
              target: "#deviceSelection.charger",
              actions: { type: "storeModel", params: { kind: "vehicle" } },
            },
            "DEVICE.NOT_LISTED": vehicleNotListed,
          },
        },
      },
    },
    charger: {
      initial: "loadingMakes",
      on: {
        // Back to the car as the user left it; the charger keeps what the user chose, to show it again.
        "DEVICE.BACK": [
          { guard: { type: "hasModelsShown", params: { kind: "vehicle" } }, target: "#deviceSelection.vehicle.choosingModel", actions: "clearError" },
          // The charger is only reached once the car's makes are shown.
          { target: "#deviceSelection.vehicle.choosingMake", actions: "clearError" },
        ],
      },
      states: {
        loadingMakes: {
          invoke: {
            id: "loadChargerMakes",
            src: "loadChargerMakes",
            input: ({ context }) => ({ deviceType: context.charger.deviceType }),
            onDone: [
              // Back here after going back to the car: the charger as the user left it.
              { guard: { type: "hasModelsShown", params: { kind: "charger" } }, target: "choosingModel", actions: { type: "storeMakes", params: ({ event }) => ({ kind: "charger", result: event.output }) } },
              // A make chosen whose models never arrived: fetch them again.
              { guard: { type: "hasMakeChosen", params: { kind: "charger" } }, target: "loadingModels", actions: { type: "storeMakes", params: ({ event }) => ({ kind: "charger", result: event.output }) } },
              { target: "choosingMake", actions: { type: "storeMakes", params: ({ event }) => ({ kind: "charger", result: event.output }) } },
            ],
            onError: { target: "makesFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
          },
        },
        makesFailed: { on: { "DEVICE.RETRY": { target: "loadingMakes", actions: "clearError" } } },
        choosingMake: {
          on: {
            "DEVICE.SELECT_MAKE": { guard: { type: "isListedMake", params: { kind: "charger" } }, target: "loadingModels", actions: { type: "storeMake", params: { kind: "charger" } } },
            "DEVICE.NOT_LISTED": chargerNotListed,
          },
        },
        loadingModels: {
          invoke: {
            id: "loadChargerModels",
            src: "loadChargerModels",
            input: ({ context }) => ({ deviceType: context.charger.deviceType, make: context.charger.make ?? "" }),
            onDone: { target: "choosingModel", actions: { type: "storeModels", params: ({ event }) => ({ kind: "charger", result: event.output }) } },
            onError: { target: "modelsFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
          },
        },
        modelsFailed: {
          on: {
            "DEVICE.RETRY": { target: "loadingModels", actions: "clearError" },
            "DEVICE.SELECT_MAKE": { guard: { type: "isListedMake", params: { kind: "charger" } }, target: "loadingModels", actions: { type: "storeMake", params: { kind: "charger" } } },
          },
        },
        choosingModel: {
          on: {
            "DEVICE.SELECT_MAKE": { guard: { type: "isListedMake", params: { kind: "charger" } }, target: "loadingModels", actions: { type: "storeMake", params: { kind: "charger" } } },
            "DEVICE.SELECT_MODEL": [
              {
                guard: and([{ type: "isListedModel", params: { kind: "charger" as const } }, "isSupportedPair"]),
                target: "#deviceSelection.review",
                actions: [{ type: "storeModel", params: { kind: "charger" } }, "decide"],
              },
              {
                guard: { type: "isListedModel", params: { kind: "charger" } },
                target: "#deviceSelection.unsupported",
                actions: [{ type: "storeModel", params: { kind: "charger" } }, "decide"],
              },
            ],
            "DEVICE.NOT_LISTED": chargerNotListed,
          },
        },
      },
    },
    review: {
      on: {
        "DEVICE.CONFIRM": { guard: "hasChoice", target: "registering", actions: "stampKey" },
        "DEVICE.BACK": [
          { guard: { type: "hasModelsShown", params: { kind: "charger" } }, target: "#deviceSelection.charger.choosingModel" },
          // The review is only reached once the charger's makes are shown.
          { target: "#deviceSelection.charger.choosingMake" },
        ],
      },
    },
    registering: {
      invoke: {
        id: "registerDevice",
        src: "registerDevice",
        input: ({ context }) => {
          const device = context.choice?.device;
          return {
            mpan: context.mpan,
            deviceType: device?.deviceType ?? "ELECTRIC_VEHICLES",
            make: device?.make ?? "",
            model: device?.model ?? "",
            // A chosen device always has a provider (chooseDevice only picks controllable ones).
            provider: device?.provider ?? "ENODE",
            idempotencyKey: context.idempotencyKey ?? "",
          };
        },
        onDone: { target: "registered", actions: { type: "storeDevice", params: ({ event }) => event.output } },
        onError: { target: "registerFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    registerFailed: {
      on: {
        "DEVICE.RETRY": { target: "registering", actions: "clearError" },
        "DEVICE.BACK": { target: "review", actions: "clearError" },
      },
    },
    registered: { type: "final" },
    unsupported: { type: "final" },
    exited: { type: "final" },
  },
  output: ({ context }): DeviceSelectionOutput | null => {
    if (context.device && context.choice) return { outcome: "registered", device: context.device, reason: context.choice.reason };
    if (context.unsupported) {
      // Nothing to change when the home may register no type at all.
      const answers = context.unsupported.case === "no_device_types" ? null : { deviceTypes: context.deviceTypes, deviceType: context.deviceType, vehicle: context.vehicle, charger: context.charger };
      return { outcome: "unsupported", ...context.unsupported, answers };
    }
    return null;
  },
});

export type DeviceSelectionMachine = typeof deviceSelectionMachine;
