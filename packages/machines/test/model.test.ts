/**
 * Model-based tests of the address, eligibility, consent and device selection flows, on the
 * harness in model.harness.ts. @xstate/graph walks each flow's machine (purely,
 * with sample answers for its requests) and gives the shortest path to every state it can
 * reach, one per way in. Each path is then played on a running actor whose requests are
 * held open until the path says how they end; the user's events go through the flow's
 * connect commands, and at every step the test checks what the view shows there.
 */
import { parseMpan, parseUkPostcode, SANDBOX } from "@onflex/core";
import type { Address, DeviceModel, EligibilityResult, PropositionId, RegisteredDevice, Terms } from "@onflex/core";
import {
  addressFlow,
  bindFlow,
  chooseDevice,
  connectAddress,
  connectConsent,
  connectDeviceSelection,
  connectEligibility,
  consentFlow,
  deviceSelectionFlow,
  eligibilityFlow,
} from "../src/index.js";
import type { AddressView, ConsentView, DeviceSelectionView, EligibilityView } from "../src/index.js";
import { expect } from "vitest";
import { modelTests } from "./model.harness.js";
import { countingSandbox, exportMeter, fixedNow, importMeter, notFound, sampleAddress, sampleConsent, sampleTerms, upstream, validManual } from "./fakes.js";

// ---------------------------------------------------------------------------------------------
// Address

const addressMachine = addressFlow.machine;

function expectCalm(view: AddressView) {
  expect(view.isLoading).toBe(false);
  expect(view.isDone).toBe(false);
}

const last = (requests: Record<string, unknown[]>, id: string) => requests[id]?.at(-1);

modelTests<typeof addressMachine, AddressView>(
  {
    name: "address",
    machine: addressMachine,
    input: {},
    requests: ["lookupAddresses", "resolveMeters", "lookupMeterByMpan"],
    samples: [
      { type: "ADDRESS.SUBMIT_POSTCODE", postcode: "sw1a1aa" },
      { type: "ADDRESS.SUBMIT_POSTCODE", postcode: "not a postcode" },
      { type: "ADDRESS.SUBMIT_POSTCODE" },
      { type: "xstate.done.actor.lookupAddresses", output: { postcode: "SW1A 1AA", addresses: [sampleAddress] } },
      { type: "xstate.done.actor.lookupAddresses", output: { postcode: "SW1A 1AA", addresses: [] } },
      { type: "xstate.error.actor.lookupAddresses", error: upstream() },
      { type: "ADDRESS.SELECT_ADDRESS", addressId: sampleAddress.id },
      { type: "ADDRESS.SELECT_ADDRESS", addressId: "not-listed" },
      { type: "xstate.done.actor.resolveMeters", output: { meters: [importMeter] } },
      { type: "xstate.done.actor.resolveMeters", output: { meters: [importMeter, exportMeter] } },
      { type: "xstate.done.actor.resolveMeters", output: { meters: [] } },
      { type: "xstate.error.actor.resolveMeters", error: upstream() },
      { type: "ADDRESS.SELECT_METER", mpan: exportMeter.mpan },
      { type: "ADDRESS.SUBMIT_MANUAL", values: validManual },
      { type: "ADDRESS.SUBMIT_MANUAL", values: { mpan: "1234" } },
      { type: "xstate.done.actor.lookupMeterByMpan", output: importMeter },
      { type: "xstate.error.actor.lookupMeterByMpan", error: notFound() },
      { type: "xstate.error.actor.lookupMeterByMpan", error: upstream() },
    ],
    connect: connectAddress,
    act(view, event) {
      switch (event.type) {
        case "ADDRESS.SUBMIT_POSTCODE":
          return view.submitPostcode(event.postcode);
        case "ADDRESS.SELECT_ADDRESS":
          return view.selectAddress(event.addressId);
        case "ADDRESS.SELECT_METER":
          return view.selectMeter(event.mpan);
        case "ADDRESS.ENTER_MANUALLY":
          return view.enterManually();
        case "ADDRESS.SUBMIT_MANUAL":
          return view.submitManual(event.values);
        case "ADDRESS.RETRY":
          return view.retry();
        case "ADDRESS.BACK":
          return view.back();
        case "ADDRESS.CHANGE_POSTCODE":
          return view.changePostcode();
        case "ADDRESS.EXIT":
          return view.exit();
      }
    },
    sees: {
      postcode(view, { via }) {
        expectCalm(view);
        expect(view.error).toBeNull();
        expect([view.canRetry, view.canGoBack, view.canEnterManually]).toEqual([false, false, false]);
        if (via.type === "ADDRESS.SUBMIT_POSTCODE") {
          // A refused postcode stays in the field, with the reason it was refused.
          if (typeof via["postcode"] === "string") expect(view.postcodeDraft).toBe(via["postcode"]);
          const parsed = parseUkPostcode(view.postcodeDraft);
          expect(parsed.ok).toBe(false);
          expect(view.postcodeError).toBe(parsed.ok ? null : parsed.reason);
        } else if (via.type !== "xstate.init") {
          // Changing the postcode keeps the one searched for, to edit.
          expect(view.postcodeDraft).not.toBe("");
          expect(view.postcodeError).toBeNull();
        }
      },
      searching(view, { requests }) {
        expect(view.isLoading && view.isSearching).toBe(true);
        expect([view.error, view.postcodeError]).toEqual([null, null]);
        expect(view.canRetry).toBe(false);
        const parsed = parseUkPostcode(view.postcodeDraft);
        expect(view.postcode).toBe(parsed.ok ? parsed.postcode : "(refused)");
        expect(last(requests, "lookupAddresses")).toEqual({ postcode: view.postcode });
      },
      searchFailed(view) {
        expectCalm(view);
        expect(view.error).toMatchObject({ code: "upstream", retryable: true });
        expect(view.canRetry).toBe(true);
        expect(view.canEnterManually).toBe(false);
        expect(view.addresses).toEqual([]);
      },
      results(view) {
        expectCalm(view);
        expect(view.addresses).toEqual([sampleAddress]);
        expect(view.postcode).toBe(SANDBOX.postcodes.happy);
        expect([view.canEnterManually, view.canGoBack, view.canRetry]).toEqual([true, true, false]);
        expect(view.error).toBeNull();
      },
      noResults(view) {
        expectCalm(view);
        expect(view.addresses).toEqual([]);
        expect([view.canEnterManually, view.canGoBack, view.canRetry]).toEqual([true, true, false]);
        expect(view.error).toBeNull();
      },
      resolvingMeter(view, { requests }) {
        expect(view.isLoading && view.isResolvingMeter).toBe(true);
        expect(view.selectedAddress).toEqual(sampleAddress);
        expect(view.meter).toBeNull();
        expect(view.canGoBack).toBe(true);
        expect(last(requests, "resolveMeters")).toEqual({ addressId: sampleAddress.id });
      },
      resolveFailed(view) {
        expectCalm(view);
        expect(view.error).toMatchObject({ code: "upstream" });
        expect([view.canRetry, view.canGoBack]).toEqual([true, true]);
        expect(view.selectedAddress).toEqual(sampleAddress);
      },
      chooseMeter(view) {
        expectCalm(view);
        expect(view.meters).toEqual([importMeter, exportMeter]);
        expect(view.meter).toBeNull();
        expect(view.canGoBack).toBe(true);
      },
      manual(view, { via }) {
        expectCalm(view);
        expect(view.error).toBeNull();
        expect([view.canGoBack, view.canRetry]).toEqual([true, false]);
        expect(["address_not_listed", "meter_not_found"]).toContain(view.manualReason);
        if (via.type === "xstate.done.actor.resolveMeters") {
          // The address was found but has no meter: its fields are filled in, only the MPAN is asked for.
          const address = view.selectedAddress as Address;
          expect(view.manualReason).toBe("meter_not_found");
          expect(view.manualDraft).toMatchObject({ line1: address.line1, line2: address.line2 ?? "", town: address.town, postcode: address.postcode });
          expect(view.manualErrors).toEqual({});
        }
        if (via.type === "ADDRESS.ENTER_MANUALLY") {
          // The user's choice: the postcode they searched for is filled in.
          expect(view.manualReason).toBe("address_not_listed");
          expect(view.manualDraft.postcode).not.toBe("");
          expect(view.manualErrors).toEqual({});
        }
        if (via.type === "ADDRESS.SUBMIT_MANUAL") expect(Object.keys(view.manualErrors).length).toBeGreaterThan(0);
        if (via.type === "xstate.error.actor.lookupMeterByMpan") expect(view.manualErrors.mpan).toBe("not_found");
      },
      verifyingMpan(view, { requests }) {
        expect(view.isLoading && view.isVerifyingMpan).toBe(true);
        expect(view.manualErrors).toEqual({});
        expect(view.canGoBack).toBe(true);
        const mpan = parseMpan(view.manualDraft.mpan);
        expect(last(requests, "lookupMeterByMpan")).toEqual({ mpan: mpan.ok ? mpan.core : "(refused)" });
      },
      verifyFailed(view) {
        expectCalm(view);
        expect(view.error).toMatchObject({ code: "upstream" });
        expect([view.canRetry, view.canGoBack]).toEqual([true, true]);
      },
      done(view, { via }) {
        expect(view.isDone).toBe(true);
        expect(view.isLoading).toBe(false);
        expect(view.output?.meter).toEqual(view.meter);
        if (via.type === "xstate.done.actor.lookupMeterByMpan") {
          const postcode = parseUkPostcode(view.manualDraft.postcode);
          expect(view.output).toMatchObject({
            isManual: true,
            address: { line1: view.manualDraft.line1.trim(), town: view.manualDraft.town.trim(), postcode: postcode.ok ? postcode.postcode : "" },
          });
        } else {
          expect(view.output?.isManual, "a listed address's meter is not a manual entry").toBe(false);
          expect(view.output?.address).toEqual(view.selectedAddress);
        }
      },
      exited(view) {
        expect(view.output).toBeNull();
        expect(view.isLoading).toBe(false);
        expect([view.canRetry, view.canGoBack, view.canEnterManually]).toEqual([false, false, false]);
      },
    },
  },
);

// ---------------------------------------------------------------------------------------------
// Eligibility

const eligibilityMachine = eligibilityFlow.machine;
const asked: PropositionId[] = ["limited_pause"];

function twoPropositions(flexLite: boolean): EligibilityResult {
  return {
    mpan: importMeter.mpan,
    isHalfHourlySettled: true,
    propositions: [
      { proposition: "limited_pause", isEligible: flexLite, issues: flexLite ? [] : [{ code: "non_domestic_site" }] },
      { proposition: "full_asset_schedule_control", isEligible: false, issues: [{ code: "asset_model_not_cop11_qualified" }] },
    ],
    checkedAt: fixedNow().toISOString(),
  };
}

modelTests<typeof eligibilityMachine, EligibilityView>({
  name: "eligibility",
  machine: eligibilityMachine,
  input: { mpan: importMeter.mpan, assetModel: SANDBOX.assetModels.qualified, propositions: asked },
  requests: ["checkEligibility"],
  samples: [
    { type: "xstate.done.actor.checkEligibility", output: twoPropositions(true) },
    { type: "xstate.done.actor.checkEligibility", output: twoPropositions(false) },
    { type: "xstate.error.actor.checkEligibility", error: upstream() },
    { type: "xstate.error.actor.checkEligibility", error: notFound() },
  ],
  connect: connectEligibility,
  act(view, event) {
    if (event.type === "ELIGIBILITY.RETRY") view.retry();
    else view.exit();
  },
  sees: {
    checking(view, { requests, played }) {
      expect(view.isChecking).toBe(true);
      expect([view.isChecked, view.canRetry, view.isEligible]).toEqual([false, false, false]);
      expect([view.error, view.result]).toEqual([null, null]);
      // One request per attempt: the first on entry, one more per Retry.
      expect(requests["checkEligibility"]).toHaveLength(1 + played.filter((event) => event.type === "ELIGIBILITY.RETRY").length);
      expect(last(requests, "checkEligibility")).toEqual({ mpan: importMeter.mpan, assetModel: SANDBOX.assetModels.qualified });
    },
    failed(view, { via }) {
      expect(view.canRetry).toBe(true);
      expect([view.isChecking, view.isChecked, view.isEligible]).toEqual([false, false, false]);
      expect(view.error?.code).toBe((via["error"] as { code: string }).code);
      expect(view.propositions).toEqual([]);
    },
    checked(view, { via }) {
      const result = via["output"] as EligibilityResult;
      expect(view.isChecked).toBe(true);
      expect([view.isChecking, view.canRetry]).toEqual([false, false]);
      expect(view.error).toBeNull();
      expect(view.result).toEqual(result);
      // Only the propositions asked about are shown, and they decide "eligible".
      expect(view.propositions.map((item) => item.proposition)).toEqual(asked);
      expect(view.isEligible).toBe(result.propositions[0]!.isEligible);
    },
    exited(view) {
      expect([view.isChecking, view.isChecked, view.canRetry, view.isEligible]).toEqual([false, false, false, false]);
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Consent

const consentMachine = bindFlow(consentFlow, { api: countingSandbox().api, clock: fixedNow });
const givenAt = fixedNow().toISOString();
const otherTerms: Terms = { ...sampleTerms, version: "flex-lite-2027-01" };

modelTests<typeof consentMachine, ConsentView>({
  name: "consent",
  machine: consentMachine,
  input: { mpan: importMeter.mpan, proposition: "limited_pause" },
  requests: ["loadTerms", "recordConsent"],
  samples: [
    { type: "CONSENT.SET_AGREED", agreed: true },
    { type: "CONSENT.SET_AGREED", agreed: false },
    { type: "xstate.done.actor.loadTerms", output: otherTerms },
    { type: "xstate.error.actor.loadTerms", error: upstream() },
    { type: "xstate.done.actor.recordConsent", output: sampleConsent },
    { type: "xstate.error.actor.recordConsent", error: upstream() },
  ],
  unstable: ["idempotencyKey"],
  connect: connectConsent,
  act(view, event) {
    switch (event.type) {
      case "CONSENT.SET_AGREED":
        return view.setAgreed(event.agreed);
      case "CONSENT.ACCEPT":
        return view.accept();
      case "CONSENT.DECLINE":
        return view.decline();
      case "CONSENT.RETRY":
        return view.retry();
    }
  },
  sees: {
    loadingTerms(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(view.terms).toBeNull();
      expect([view.canAccept, view.canDecline, view.canRetry]).toEqual([false, true, false]);
      expect(view.getAgreeProps()).toMatchObject({ checked: false, disabled: true });
      expect(last(requests, "loadTerms")).toEqual({ proposition: "limited_pause" });
    },
    loadFailed(view) {
      expect(view.isLoading).toBe(false);
      expect(view.error).toMatchObject({ code: "upstream" });
      expect([view.canAccept, view.canDecline, view.canRetry]).toEqual([false, true, true]);
      expect(view.terms).toBeNull();
    },
    reviewing(view) {
      expect(view.terms).toEqual(otherTerms);
      expect(view.error).toBeNull();
      expect(view.givenAt).toBeNull();
      // Accept follows the "I agree" box.
      expect(view.canAccept).toBe(view.hasAgreed);
      expect(view.getAgreeProps()).toMatchObject({ checked: view.hasAgreed, disabled: false, "data-state": view.hasAgreed ? "checked" : "unchecked" });
      expect(view.getAcceptProps()).toMatchObject({ disabled: !view.hasAgreed, "data-state": view.hasAgreed ? "enabled" : "disabled" });
      expect([view.canDecline, view.canRetry]).toEqual([true, false]);
    },
    recording(view, { requests }) {
      expect(view.isRecording).toBe(true);
      expect(view.givenAt).toBe(givenAt);
      expect([view.canAccept, view.canDecline, view.canRetry]).toEqual([false, false, false]);
      expect(view.getAgreeProps().disabled).toBe(true);
      // Every attempt sends the terms shown, the moment of Accept and one idempotency key.
      const attempts = (requests["recordConsent"] ?? []) as { idempotencyKey: string }[];
      expect(attempts.at(-1)).toEqual({
        mpan: importMeter.mpan,
        proposition: "limited_pause",
        termsVersion: otherTerms.version,
        givenAt,
        idempotencyKey: expect.stringMatching(/.+/),
      });
      expect(new Set(attempts.map((attempt) => attempt.idempotencyKey)).size).toBe(1);
    },
    recordFailed(view) {
      expect(view.error).toMatchObject({ code: "upstream" });
      expect([view.canRetry, view.canDecline, view.canAccept]).toEqual([true, true, false]);
      expect(view.givenAt).toBe(givenAt);
    },
    done(view) {
      expect(view.isDone).toBe(true);
      expect(view.record).toEqual(sampleConsent);
      expect(view.error).toBeNull();
      expect([view.canAccept, view.canDecline, view.canRetry]).toEqual([false, false, false]);
    },
    declined(view) {
      expect(view.isDeclined).toBe(true);
      expect(view.record).toBeNull();
      expect([view.canAccept, view.canDecline, view.canRetry]).toEqual([false, false, false]);
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Device selection

const deviceMachine = deviceSelectionFlow.machine;

const catalogued = (deviceType: DeviceModel["deviceType"], make: string, model: string, live: boolean, provider: DeviceModel["provider"]): DeviceModel => ({
  id: `${make}-${model}`.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
  deviceType,
  make,
  model,
  isIntegrationLive: live,
  supportsStateOfCharge: deviceType === "ELECTRIC_VEHICLES",
  provider,
  providerUsesOAuth: provider !== "MYENERGI" && provider !== "JEDLIX",
});
// One make each, with a model whose integration is live and one whose is not.
const leaf = catalogued("ELECTRIC_VEHICLES", "Nissan", "Leaf (2018 on)", true, "SMARTCAR");
const oldLeaf = catalogued("ELECTRIC_VEHICLES", "Nissan", "Leaf (2011–2017)", false, "SMARTCAR");
const solo = catalogued("CHARGE_POINTS", "Pod Point", "Solo 3S", true, "ENODE");
const oldSolo = catalogued("CHARGE_POINTS", "Pod Point", "Solo (2019)", false, "ENODE");
const registeredDevice: RegisteredDevice = {
  deviceId: "device-1",
  deviceType: "ELECTRIC_VEHICLES",
  make: "Nissan",
  model: "Leaf (2018 on)",
  provider: "SMARTCAR",
  providerUsesOAuth: true,
  isIntegrationLive: true,
  supportsStateOfCharge: true,
  status: "ONBOARDING",
};

function expectPicker(view: DeviceSelectionView, kind: "vehicle" | "charger", requests: Record<string, unknown[]>) {
  const picker = view.picker!;
  expect(picker.kind).toBe(kind);
  expect(view.canGoBack).toBe(true);
  expect(view.choice).toBeNull();
  const make = kind === "vehicle" ? "Nissan" : "Pod Point";
  const deviceType = kind === "vehicle" ? "ELECTRIC_VEHICLES" : "CHARGE_POINTS";
  const ids = kind === "vehicle" ? { makes: "loadVehicleMakes", models: "loadVehicleModels" } : { makes: "loadChargerMakes", models: "loadChargerModels" };
  switch (picker.step) {
    case "loadingMakes":
      expect(view.isLoading && picker.isLoadingMakes).toBe(true);
      expect(last(requests, ids.makes)).toEqual({ deviceType });
      break;
    case "makesFailed":
    case "modelsFailed":
      expect(view.isLoading).toBe(false);
      expect(view.error).toMatchObject({ code: "upstream", retryable: true });
      expect(view.canRetry).toBe(true);
      break;
    case "choosingMake":
      expect(view.isLoading).toBe(false);
      expect(picker.makes).toEqual([make, "Tesla"]);
      expect([picker.make, picker.models]).toEqual([null, []]);
      expect(view.error).toBeNull();
      break;
    case "loadingModels":
      expect(view.isLoading && picker.isLoadingModels).toBe(true);
      expect(picker.make).toBe(make);
      expect(last(requests, ids.models)).toEqual({ deviceType, make });
      break;
    case "choosingModel":
      expect(view.isLoading).toBe(false);
      expect(picker.make).toBe(make);
      expect(picker.models).toEqual(kind === "vehicle" ? [leaf, oldLeaf] : [solo, oldSolo]);
      expect(view.error).toBeNull();
      break;
  }
}

modelTests<typeof deviceMachine, DeviceSelectionView>({
  name: "deviceSelection",
  machine: deviceMachine,
  input: { mpan: importMeter.mpan },
  // Opened again from an unsupported result (Back from the journey's blocked screen): at the
  // charger's models as the user left them, or at its makes after "not listed".
  moreInputs: [
    {
      mpan: importMeter.mpan,
      reopen: {
        deviceTypes: ["ELECTRIC_VEHICLES", "CHARGE_POINTS", "HEAT_PUMPS"],
        deviceType: "ELECTRIC_VEHICLES",
        vehicle: { deviceType: "ELECTRIC_VEHICLES", makes: ["Nissan", "Tesla"], make: "Nissan", models: [leaf, oldLeaf], model: oldLeaf, notListed: false },
        charger: { deviceType: "CHARGE_POINTS", makes: ["Pod Point", "Tesla"], make: "Pod Point", models: [solo, oldSolo], model: oldSolo, notListed: false },
      },
    },
    {
      mpan: importMeter.mpan,
      reopen: {
        deviceTypes: ["ELECTRIC_VEHICLES", "CHARGE_POINTS", "HEAT_PUMPS"],
        deviceType: "ELECTRIC_VEHICLES",
        vehicle: { deviceType: "ELECTRIC_VEHICLES", makes: ["Nissan", "Tesla"], make: null, models: [], model: null, notListed: true },
        charger: { deviceType: "CHARGE_POINTS", makes: ["Pod Point", "Tesla"], make: null, models: [], model: null, notListed: true },
      },
    },
  ],
  requests: ["loadDeviceTypes", "loadVehicleMakes", "loadVehicleModels", "loadChargerMakes", "loadChargerModels", "registerDevice"],
  samples: [
    { type: "xstate.done.actor.loadDeviceTypes", output: { mpan: importMeter.mpan, deviceTypes: ["ELECTRIC_VEHICLES", "CHARGE_POINTS", "HEAT_PUMPS"] } },
    { type: "xstate.done.actor.loadDeviceTypes", output: { mpan: importMeter.mpan, deviceTypes: [] } },
    { type: "xstate.error.actor.loadDeviceTypes", error: upstream() },
    { type: "DEVICE.SELECT_TYPE", deviceType: "CHARGE_POINTS" },
    { type: "DEVICE.SELECT_TYPE", deviceType: "HEAT_PUMPS" },
    { type: "DEVICE.SELECT_TYPE", deviceType: "THERMOSTATS" },
    { type: "xstate.done.actor.loadVehicleMakes", output: { deviceType: "ELECTRIC_VEHICLES", makes: ["Nissan", "Tesla"] } },
    { type: "xstate.error.actor.loadVehicleMakes", error: upstream() },
    { type: "xstate.done.actor.loadChargerMakes", output: { deviceType: "CHARGE_POINTS", makes: ["Pod Point", "Tesla"] } },
    { type: "xstate.error.actor.loadChargerMakes", error: upstream() },
    { type: "DEVICE.SELECT_MAKE", make: "nissan" },
    { type: "DEVICE.SELECT_MAKE", make: "Pod Point" },
    { type: "xstate.done.actor.loadVehicleModels", output: { deviceType: "ELECTRIC_VEHICLES", make: "Nissan", models: [leaf, oldLeaf] } },
    { type: "xstate.error.actor.loadVehicleModels", error: upstream() },
    { type: "xstate.done.actor.loadChargerModels", output: { deviceType: "CHARGE_POINTS", make: "Pod Point", models: [solo, oldSolo] } },
    { type: "xstate.error.actor.loadChargerModels", error: upstream() },
    ...[leaf, oldLeaf, solo, oldSolo].map((model) => ({ type: "DEVICE.SELECT_MODEL", modelId: model.id })),
    { type: "xstate.done.actor.registerDevice", output: registeredDevice },
    { type: "xstate.error.actor.registerDevice", error: upstream() },
  ],
  unstable: ["idempotencyKey"],
  connect: connectDeviceSelection,
  act(view, event) {
    switch (event.type) {
      case "DEVICE.SELECT_TYPE":
        return view.selectType(event.deviceType);
      case "DEVICE.SELECT_MAKE":
        return view.selectMake(event.make);
      case "DEVICE.SELECT_MODEL":
        return view.selectModel(event.modelId);
      case "DEVICE.NOT_LISTED":
        return view.notListed();
      case "DEVICE.CONFIRM":
        return view.confirm();
      case "DEVICE.RETRY":
        return view.retry();
      case "DEVICE.BACK":
        return view.back();
      case "DEVICE.EXIT":
        return view.exit();
    }
  },
  sees: {
    loadingTypes(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect([view.picker, view.choice, view.error]).toEqual([null, null, null]);
      expect(last(requests, "loadDeviceTypes")).toEqual({ mpan: importMeter.mpan });
    },
    typesFailed(view) {
      expect(view.isLoading).toBe(false);
      expect(view.error).toMatchObject({ code: "upstream" });
      expect([view.canRetry, view.canGoBack]).toEqual([true, false]);
    },
    chooseType(view) {
      expect(view.isLoading).toBe(false);
      expect(view.deviceTypes).toEqual(["ELECTRIC_VEHICLES", "CHARGE_POINTS", "HEAT_PUMPS"]);
      expect([view.canRetry, view.canGoBack, view.error]).toEqual([false, false, null]);
    },
    vehicle(view, { requests }) {
      expectPicker(view, "vehicle", requests);
    },
    charger(view, { requests }) {
      expectPicker(view, "charger", requests);
      // The car as answered: a model from the list, or "not listed".
      expect(view.vehicleNotListed || view.vehicle !== null).toBe(true);
    },
    review(view) {
      expect(view.isLoading).toBe(false);
      // The better of the two, as the rules pick it, with the other one named when there is one.
      expect(view.choice).toEqual(chooseDevice(view.vehicle, view.charger));
      expect(view.choice?.device.isIntegrationLive).toBe(true);
      expect(view.other).toEqual(view.choice?.kind === "vehicle" ? view.charger : view.vehicle);
      expect([view.canConfirm, view.canGoBack, view.canRetry]).toEqual([true, true, false]);
    },
    registering(view, { requests }) {
      expect(view.isRegistering && view.isLoading).toBe(true);
      const device = view.choice!.device;
      const attempts = (requests["registerDevice"] ?? []) as { idempotencyKey: string }[];
      expect(attempts.at(-1)).toEqual({
        mpan: importMeter.mpan,
        deviceType: device.deviceType,
        make: device.make,
        model: device.model,
        provider: device.provider,
        idempotencyKey: expect.stringMatching(/.+/),
      });
      // Every attempt at the same device carries one key.
      expect(new Set(attempts.map((attempt) => attempt.idempotencyKey)).size).toBe(1);
      expect(view.canConfirm).toBe(false);
    },
    registerFailed(view) {
      expect(view.error).toMatchObject({ code: "upstream" });
      expect([view.canRetry, view.canGoBack, view.canConfirm]).toEqual([true, true, false]);
      expect(view.choice).not.toBeNull();
    },
    registered(view) {
      expect(view.isRegistered).toBe(true);
      expect(view.device).toEqual(registeredDevice);
      expect([view.canRetry, view.canGoBack, view.canConfirm]).toEqual([false, false, false]);
    },
    unsupported(view) {
      expect(view.isLoading).toBe(false);
      const unsupported = view.unsupported!;
      if (unsupported.case === "unsupported_combination") {
        // Neither answer can be controlled; each is named as chosen, or null when not listed.
        expect(chooseDevice(view.vehicle, view.charger)).toBeNull();
        expect(unsupported.vehicle).toBe(view.vehicle ? `${view.vehicle.make} ${view.vehicle.model}` : null);
        expect(unsupported.charger).toBe(view.charger ? `${view.charger.make} ${view.charger.model}` : null);
      } else if (unsupported.case === "device_type_unavailable") {
        expect(unsupported.deviceType).toBe("HEAT_PUMPS");
      } else {
        expect(view.deviceTypes).toEqual([]);
      }
      expect([view.canRetry, view.canGoBack]).toEqual([false, false]);
    },
    exited(view) {
      expect([view.device, view.unsupported]).toEqual([null, null]);
      expect(view.isLoading).toBe(false);
      expect([view.canRetry, view.canGoBack, view.canConfirm]).toEqual([false, false, false]);
    },
  },
});
