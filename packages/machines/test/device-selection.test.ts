import { createSandboxApi, OnflexError, SANDBOX } from "@onflex/core";
import type { DeviceModel, OnboardingApi, SandboxOptions } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, waitFor } from "xstate";
import type { Actor } from "xstate";
import { bindFlow, chooseDevice, connectDeviceSelection, connectJourney, createJourneyMachine, deviceSelectionFlow, onflexFlowRegistry, presets } from "../src/index.js";
import type { DeviceSelectionMachine, DeviceSelectionView, JourneyMachine } from "../src/index.js";
import { fixedNow } from "./fakes.js";

type Pick = { make: string; model: string };

function start(options: { api?: OnboardingApi; sandbox?: SandboxOptions; mpan?: string } = {}) {
  const api = options.api ?? createSandboxApi(options.sandbox);
  const actor = createActor(bindFlow(deviceSelectionFlow, { api }), { input: { mpan: options.mpan ?? SANDBOX.mpans.domestic } }).start();
  return { actor, api, view: () => connectDeviceSelection(actor.getSnapshot(), actor.send) };
}

type Running = Actor<DeviceSelectionMachine>;
const at = (actor: Running, value: string) => waitFor(actor, (s) => s.matches(value as never));

/** Picks a make and a model in the picker on screen, as the combobox would. */
async function pick(actor: Running, view: () => DeviceSelectionView, kind: "vehicle" | "charger", choice: Pick) {
  await at(actor, `${kind}.choosingMake`);
  view().selectMake(choice.make.toUpperCase());
  await at(actor, `${kind}.choosingModel`);
  const model = view().picker!.models.find((item) => item.model === choice.model)!;
  view().selectModel(model.id);
}

async function toCharger(actor: Running, view: () => DeviceSelectionView, vehicle: Pick | "notListed") {
  await at(actor, "chooseType");
  view().selectType("ELECTRIC_VEHICLES");
  if (vehicle === "notListed") {
    await at(actor, "vehicle.choosingMake");
    view().notListed();
  } else await pick(actor, view, "vehicle", vehicle);
  await at(actor, "charger");
}

const model = (overrides: Partial<DeviceModel>): DeviceModel => ({
  id: "m",
  deviceType: "ELECTRIC_VEHICLES",
  make: "Make",
  model: "Model",
  isIntegrationLive: true,
  supportsStateOfCharge: true,
  provider: "ENODE",
  providerUsesOAuth: true,
  ...overrides,
});

describe("chooseDevice", () => {
  const car = model({ id: "car" });
  const charger = model({ id: "charger", deviceType: "CHARGE_POINTS", supportsStateOfCharge: false });
  const dead = { isIntegrationLive: false };

  it("prefers a live integration, then state of charge, then the car", () => {
    expect(chooseDevice(car, charger)).toEqual({ kind: "vehicle", device: car, reason: "state_of_charge" });
    const socCharger = { ...charger, supportsStateOfCharge: true };
    const blindCar = { ...car, supportsStateOfCharge: false };
    expect(chooseDevice(blindCar, socCharger)).toEqual({ kind: "charger", device: socCharger, reason: "state_of_charge" });
    expect(chooseDevice(blindCar, charger)).toEqual({ kind: "vehicle", device: blindCar, reason: "vehicle_by_default" });
    expect(chooseDevice({ ...car, ...dead }, charger)).toEqual({ kind: "charger", device: charger, reason: "only_live" });
    expect(chooseDevice(null, charger)?.reason).toBe("only_live");
    expect(chooseDevice(car, null)).toEqual({ kind: "vehicle", device: car, reason: "only_live" });
  });

  it("chooses nothing when neither can be controlled, a provider missing counting as not live", () => {
    expect(chooseDevice(null, null)).toBeNull();
    expect(chooseDevice({ ...car, ...dead }, { ...charger, ...dead })).toBeNull();
    expect(chooseDevice({ ...car, provider: null }, null)).toBeNull();
  });
});

describe("device selection flow", () => {
  it("carPreferred: asks for the car and the charger, explains why the car, and registers it", async () => {
    const { actor, view, api } = start();
    expect(view().isLoading).toBe(true);
    await at(actor, "chooseType");
    expect(view().deviceTypes).toEqual(["ELECTRIC_VEHICLES", "CHARGE_POINTS", "BATTERIES", "HEAT_PUMPS"]);
    await toCharger(actor, view, SANDBOX.devices.carPreferred.vehicle);
    await pick(actor, view, "charger", SANDBOX.devices.carPreferred.charger);
    await at(actor, "review");
    expect(view().choice).toMatchObject({ kind: "vehicle", reason: "state_of_charge", device: { make: "Tesla", model: "Model 3", provider: "TESLA" } });
    expect(view().other).toMatchObject({ make: "Ohme", model: "Home Pro" });
    expect(view().canConfirm).toBe(true);
    view().confirm();
    expect(view().isRegistering).toBe(true);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toEqual({ outcome: "registered", reason: "state_of_charge", device: expect.objectContaining({ make: "Tesla", status: "ONBOARDING" }) });
    expect((api as ReturnType<typeof createSandboxApi>).simulation.registeredDevices()).toHaveLength(1);
    expect(deviceSelectionFlow.result(done.output ?? null, { facts: {}, params: {} as never })).toEqual({ status: "done", facts: { device: done.output && "device" in done.output ? done.output.device : null } });
  });

  it("chargerOnly: a car that is not live means the charger is registered, through a provider without OAuth", async () => {
    const { actor, view } = start();
    await toCharger(actor, view, SANDBOX.devices.chargerOnly.vehicle);
    await pick(actor, view, "charger", SANDBOX.devices.chargerOnly.charger);
    await at(actor, "review");
    expect(view().choice).toMatchObject({ kind: "charger", reason: "only_live", device: { make: "myenergi", provider: "MYENERGI", providerUsesOAuth: false } });
    view().confirm();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ outcome: "registered", device: { deviceType: "CHARGE_POINTS", provider: "MYENERGI", providerUsesOAuth: false } });
  });

  it("a car that isn't listed leaves the charger to register", async () => {
    const { actor, view } = start();
    await toCharger(actor, view, "notListed");
    expect(view().vehicleNotListed).toBe(true);
    await pick(actor, view, "charger", SANDBOX.devices.carPreferred.charger);
    await at(actor, "review");
    expect(view().choice).toMatchObject({ kind: "charger", reason: "only_live" });
    expect(view().other).toBeNull();
  });

  it("unsupportedCombination: ends blocked with both devices named, and registers nothing", async () => {
    const { actor, view, api } = start();
    await toCharger(actor, view, SANDBOX.devices.unsupportedCombination.vehicle);
    await pick(actor, view, "charger", SANDBOX.devices.unsupportedCombination.charger);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.value).toBe("unsupported");
    expect(view().unsupported).toEqual({ case: "unsupported_combination", deviceType: "ELECTRIC_VEHICLES", vehicle: "MG ZS EV", charger: "Andersen A2" });
    expect(deviceSelectionFlow.result(done.output ?? null, { facts: {}, params: {} as never })).toEqual({
      status: "blocked",
      reason: "unsupported_device",
      details: { case: "unsupported_combination", deviceType: "ELECTRIC_VEHICLES", vehicle: "MG ZS EV", charger: "Andersen A2" },
      // The answers as the user left them, for Back to open the pickers again.
      reopen: { deviceTypes: expect.arrayContaining(["ELECTRIC_VEHICLES"]), deviceType: "ELECTRIC_VEHICLES", vehicle: expect.objectContaining({ make: "MG" }), charger: expect.objectContaining({ make: "Andersen" }) },
    });
    expect((api as ReturnType<typeof createSandboxApi>).simulation.registeredDevices()).toEqual([]);
  });

  it("neither listed is unsupported too", async () => {
    const { actor, view } = start();
    await toCharger(actor, view, "notListed");
    await at(actor, "charger.choosingMake");
    view().notListed();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ outcome: "unsupported", case: "unsupported_combination", deviceType: "ELECTRIC_VEHICLES", vehicle: null, charger: null });
    expect(done.output).toMatchObject({ answers: { vehicle: { notListed: true }, charger: { notListed: true, make: null } } });
  });

  it("a type without a catalogue here, and a home that may register nothing, end blocked with their case", async () => {
    const heatPump = start();
    await at(heatPump.actor, "chooseType");
    heatPump.view().selectType("HEAT_PUMPS");
    expect((await waitFor(heatPump.actor, (s) => s.status === "done")).output).toMatchObject({ outcome: "unsupported", case: "device_type_unavailable", deviceType: "HEAT_PUMPS" });

    const business = start({ mpan: SANDBOX.mpans.nonDomestic });
    expect((await waitFor(business.actor, (s) => s.status === "done")).output).toMatchObject({ outcome: "unsupported", case: "no_device_types" });
  });

  it("ignores a type the platform did not list, and a make or model that is not in the lists", async () => {
    const { actor, view } = start();
    await at(actor, "chooseType");
    view().selectType("THERMOSTATS");
    expect(view().step).toBe("chooseType");
    view().selectType("ELECTRIC_VEHICLES");
    await at(actor, "vehicle.choosingMake");
    view().selectMake("DeLorean");
    view().selectModel("nope");
    expect(view().picker?.step).toBe("choosingMake");
    view().selectMake("tesla");
    await at(actor, "vehicle.choosingModel");
    expect(view().picker?.make).toBe("Tesla");
    view().selectModel("nope");
    expect(view().picker?.step).toBe("choosingModel");
  });

  it("failOnce: the make list fails, Retry loads it", async () => {
    const { actor, view } = start({ sandbox: { failOnce: ["devices.makes"] } });
    await at(actor, "chooseType");
    view().selectType("CHARGE_POINTS");
    await at(actor, "vehicle.makesFailed");
    expect(view().error).toMatchObject({ code: "upstream", retryable: true });
    expect(view().canRetry).toBe(true);
    view().retry();
    await at(actor, "vehicle.choosingMake");
    expect(view().picker?.makes).toContain("Tesla");
    expect(view().error).toBeNull();
  });

  it("a failed registration is retried with the same idempotency key, so the device is registered once", async () => {
    const sandbox = createSandboxApi();
    const keys: (string | undefined)[] = [];
    let lose = true;
    const api: OnboardingApi = {
      ...sandbox,
      devices: {
        ...sandbox.devices,
        register: async (input, options) => {
          keys.push(options?.idempotencyKey);
          const device = await sandbox.devices.register(input, options);
          if (lose) {
            lose = false;
            throw new OnflexError("upstream", "the answer was lost");
          }
          return device;
        },
      },
    };
    const { actor, view } = start({ api });
    await toCharger(actor, view, SANDBOX.devices.carPreferred.vehicle);
    await pick(actor, view, "charger", SANDBOX.devices.carPreferred.charger);
    await at(actor, "review");
    view().confirm();
    await at(actor, "registerFailed");
    expect([view().canRetry, view().canGoBack]).toEqual([true, true]);
    view().retry();
    await waitFor(actor, (s) => s.status === "done");
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(sandbox.simulation.registeredDevices()).toHaveLength(1);
  });

  it("Back goes to the pickers as the user left them", async () => {
    const { actor, view } = start();
    await toCharger(actor, view, SANDBOX.devices.carPreferred.vehicle);
    await pick(actor, view, "charger", SANDBOX.devices.carPreferred.charger);
    await at(actor, "review");
    view().back();
    expect(actor.getSnapshot().value).toEqual({ charger: "choosingModel" });
    expect(view().picker).toMatchObject({ kind: "charger", make: "Ohme", model: { model: "Home Pro" } });
    view().back();
    expect(actor.getSnapshot().value).toEqual({ vehicle: "choosingModel" });
    expect(view().picker).toMatchObject({ kind: "vehicle", make: "Tesla", model: { model: "Model 3" } });
    view().back();
    expect(view().step).toBe("chooseType");
  });

  it("Back from the charger picker keeps the charger the user chose: going forward again shows it", async () => {
    const { actor, view } = start();
    await toCharger(actor, view, SANDBOX.devices.carPreferred.vehicle);
    await pick(actor, view, "charger", SANDBOX.devices.carPreferred.charger);
    await at(actor, "review");
    view().back();
    await at(actor, "charger.choosingModel");
    view().back();
    await at(actor, "vehicle.choosingModel");
    const car = view().picker!.models.find((item) => item.model === SANDBOX.devices.carPreferred.vehicle.model)!;
    view().selectModel(car.id);
    // The charger as the user left it: its make, its models and the model chosen.
    await at(actor, "charger.choosingModel");
    expect(view().picker).toMatchObject({ kind: "charger", make: "Ohme", model: { model: "Home Pro" } });
    expect(view().picker!.models.length).toBeGreaterThan(0);
  });

  it("Back from the charger's make list keeps the make chosen there too", async () => {
    const { actor, view } = start();
    await toCharger(actor, view, SANDBOX.devices.carPreferred.vehicle);
    await at(actor, "charger.choosingMake");
    view().selectMake("Ohme");
    await at(actor, "charger.choosingModel");
    view().back();
    await at(actor, "vehicle.choosingModel");
    view().selectModel(view().picker!.model!.id);
    await at(actor, "charger.choosingModel");
    expect(view().picker).toMatchObject({ kind: "charger", make: "Ohme", model: null });
  });

  it("a meter the platform does not know fails with Retry; leaving at any point exits with nothing", async () => {
    const { actor, view } = start({ mpan: SANDBOX.mpans.unknown });
    await at(actor, "typesFailed");
    expect(view().error).toMatchObject({ code: "not_found" });
    view().exit();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toBeNull();
    expect(deviceSelectionFlow.result(null, { facts: {}, params: {} as never })).toEqual({ status: "exited", reason: "user_closed" });
  });
});

describe("the krakenSmartFlex journey", () => {
  function startJourney() {
    const api = createSandboxApi({ clock: fixedNow });
    const openExternal = () => ({ opened: true, mode: "popup" as const });
    const machine = createJourneyMachine(presets.krakenSmartFlex, { flows: onflexFlowRegistry, deps: { api, clock: fixedNow, openExternal } });
    const actor = createActor(machine, { input: {} }).start();
    return { actor, api };
  }

  async function flowOf(actor: Actor<JourneyMachine>, stepId: string) {
    await waitFor(actor, (s) => connectJourney(s, actor.send).stepId === stepId);
    return connectJourney(actor.getSnapshot(), actor.send).current!.ref;
  }

  async function throughAddress(actor: Actor<JourneyMachine>) {
    const address = await flowOf(actor, "address");
    address.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.happy });
    const results = await waitFor(address, (s) => s.value === "results");
    address.send({ type: "ADDRESS.SELECT_ADDRESS", addressId: (results.context as { addresses: { id: string }[] }).addresses[0]!.id });
    return (await flowOf(actor, "deviceSelection")) as unknown as Running;
  }

  it("runs address → device selection → device authorisation, then the virtual key for a Tesla, with the meter, the registered device and its authorisation known", async () => {
    const { actor, api } = startJourney();
    const device = await throughAddress(actor);
    const view = () => connectDeviceSelection(device.getSnapshot(), device.send);
    await toCharger(device, view, SANDBOX.devices.carPreferred.vehicle);
    await pick(device, view, "charger", SANDBOX.devices.carPreferred.charger);
    await at(device, "review");
    view().confirm();
    // No tariff switch: the host did not say the proposition requires one.
    const auth = await flowOf(actor, "deviceAuth");
    await waitFor(auth, (s) => s.value === "ready");
    auth.send({ type: "AUTH.OPEN" });
    const state = (auth.getSnapshot().context as { signIn: { state: string } }).signIn.state;
    const { continuationUri } = await api.simulation.simulateSignIn(state, SANDBOX.deviceAuth.approve, { callback: false });
    auth.send({ type: "AUTH.RETURNED", url: continuationUri! });
    await flowOf(actor, "virtualKey");
    const journey = connectJourney(actor.getSnapshot(), actor.send);
    expect(journey.facts).toMatchObject({
      device: { make: "Tesla", status: "ONBOARDING" },
      authorisation: { provider: "TESLA", authState: "AUTHENTICATION_COMPLETE" },
    });
    expect(journey.facts.meter?.mpan).toMatch(/^\d{13}$/);
    expect(journey.facts).not.toHaveProperty("tariffSwitch");
    actor.stop();
  });

  it("an unsupported combination blocks the journey with the reason and details; Back goes to the device pickers as the user left them, to change one", async () => {
    const { actor } = startJourney();
    const device = await throughAddress(actor);
    const view = () => connectDeviceSelection(device.getSnapshot(), device.send);
    await toCharger(device, view, SANDBOX.devices.unsupportedCombination.vehicle);
    await pick(device, view, "charger", SANDBOX.devices.unsupportedCombination.charger);
    await waitFor(actor, (s) => connectJourney(s, actor.send).screen === "blocked");
    const journey = connectJourney(actor.getSnapshot(), actor.send);
    expect(journey.blocked).toMatchObject({ flow: "deviceSelection", reason: "unsupported_device", details: { case: "unsupported_combination", vehicle: "MG ZS EV" } });
    // The answers to change are the flow's, not part of what a host is told.
    expect(journey.blocked?.details).not.toHaveProperty("answers");
    expect(journey.canGoBack).toBe(true);
    journey.back();
    const again = await flowOf(actor, "deviceSelection");
    expect(connectJourney(actor.getSnapshot(), actor.send)).toMatchObject({ screen: "step", stepId: "deviceSelection", blocked: null });
    const view2 = () => connectDeviceSelection(again.getSnapshot(), again.send);
    await waitFor(again, (s) => s.matches({ charger: "choosingModel" }));
    expect(view2().picker).toMatchObject({ kind: "charger", make: "Andersen", model: { model: "A2" } });
    // Change the car to one that can be controlled: the combination is supported now.
    view2().back();
    await waitFor(again, (s) => s.matches({ vehicle: "choosingModel" }));
    expect(view2().picker).toMatchObject({ kind: "vehicle", make: "MG", model: { model: "ZS EV" } });
    view2().selectMake("Renault");
    await waitFor(again, (s) => s.matches({ vehicle: "choosingModel" }) && view2().picker!.models.length > 0);
    view2().selectModel(view2().picker!.models.find((item) => item.model === "Zoe")!.id);
    await waitFor(again, (s) => s.matches({ charger: "choosingModel" }));
    view2().selectModel(view2().picker!.model!.id);
    await waitFor(again, (s) => s.matches("review"));
    expect(view2().choice).toMatchObject({ kind: "vehicle", device: { make: "Renault", model: "Zoe" } });
  });

  it("a saved blocked result whose answers were tampered with opens the flow afresh", () => {
    const facts = { meter: { mpan: SANDBOX.mpans.domestic } } as never;
    expect(deviceSelectionFlow.input({ facts, params: undefined as never, previous: undefined, reopen: { deviceTypes: ["ELECTRIC_VEHICLES"], vehicle: 42 } })).toEqual({ mpan: SANDBOX.mpans.domestic });
    expect(deviceSelectionFlow.input({ facts, params: undefined as never, previous: undefined, reopen: "__proto__" })).toEqual({ mpan: SANDBOX.mpans.domestic });
  });
});
