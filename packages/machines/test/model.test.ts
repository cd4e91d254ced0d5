import { createSandboxApi } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { addressMachine, consentMachine, eligibilityMachine, journeyMachine, presets } from "../src/index.js";
import { measureCoverage } from "./coverage.js";
import {
  eligibilityResult,
  exportMeter,
  fixedNow,
  importMeter,
  notFound,
  sampleAddress,
  sampleConsent,
  sampleTerms,
  upstream,
  validManual,
} from "./fakes.js";

const api = createSandboxApi();

function expectFull(coverage: ReturnType<typeof measureCoverage>) {
  console.log(coverage.line);
  expect(coverage.states.missing).toEqual([]);
  expect(coverage.transitions.missing).toEqual([]);
  expect(coverage.states.reached).toBe(coverage.states.total);
  expect(coverage.transitions.taken).toBe(coverage.transitions.total);
}

describe("model-based coverage", () => {
  it("address: every state and transition", () => {
    const coverage = measureCoverage("address", addressMachine, { api }, [
      { type: "ADDRESS.CHANGE_POSTCODE_DRAFT", value: "SW1A" },
      { type: "ADDRESS.SUBMIT_POSTCODE", postcode: "SW1A 1AA" },
      { type: "ADDRESS.SUBMIT_POSTCODE", postcode: "not a postcode" },
      { type: "xstate.done.actor.lookupAddresses", output: { postcode: "SW1A 1AA", addresses: [sampleAddress] } },
      { type: "xstate.done.actor.lookupAddresses", output: { postcode: "SW1A 1AA", addresses: [] } },
      { type: "xstate.error.actor.lookupAddresses", error: upstream() },
      { type: "ADDRESS.SELECT_ADDRESS", addressId: sampleAddress.id },
      { type: "xstate.done.actor.resolveMeters", output: { meters: [importMeter] } },
      { type: "xstate.done.actor.resolveMeters", output: { meters: [importMeter, exportMeter] } },
      { type: "xstate.done.actor.resolveMeters", output: { meters: [] } },
      { type: "xstate.error.actor.resolveMeters", error: upstream() },
      { type: "ADDRESS.SELECT_METER", mpan: exportMeter.mpan },
      { type: "ADDRESS.CHANGE_MANUAL_DRAFT", values: { line1: "2 Typed Road" } },
      { type: "ADDRESS.SUBMIT_MANUAL", values: validManual },
      { type: "ADDRESS.SUBMIT_MANUAL", values: { mpan: "1234" } },
      { type: "xstate.done.actor.lookupMeterByMpan", output: importMeter },
      { type: "xstate.error.actor.lookupMeterByMpan", error: notFound() },
      { type: "xstate.error.actor.lookupMeterByMpan", error: upstream() },
    ]);
    expectFull(coverage);
  });

  it("eligibility: every state and transition", () => {
    const coverage = measureCoverage("eligibility", eligibilityMachine, { api, mpan: importMeter.mpan, retry: { attempts: 2 } }, [
      { type: "xstate.done.actor.checkEligibility", output: eligibilityResult("limited_pause", true) },
      { type: "xstate.error.actor.checkEligibility", error: upstream() },
      { type: "xstate.error.actor.checkEligibility", error: notFound() },
    ]);
    expectFull(coverage);
  });

  it("consent: every state and transition", () => {
    const coverage = measureCoverage("consent", consentMachine, { api, mpan: importMeter.mpan, proposition: "limited_pause", now: fixedNow }, [
      { type: "CONSENT.SET_AGREED", agreed: true },
      { type: "CONSENT.SET_AGREED", agreed: false },
      { type: "xstate.done.actor.loadTerms", output: sampleTerms },
      { type: "xstate.error.actor.loadTerms", error: upstream() },
      { type: "xstate.done.actor.recordConsent", output: sampleConsent },
      { type: "xstate.error.actor.recordConsent", error: upstream() },
    ]);
    expectFull(coverage);
  });

  it("journey: every state and transition", () => {
    const proposition = presets.axleFlexLite.proposition;
    const coverage = measureCoverage("journey", journeyMachine, { api, preset: presets.axleFlexLite, now: fixedNow }, [
      { type: "xstate.done.actor.address", output: { address: sampleAddress, meter: importMeter, isManual: false } },
      { type: "xstate.done.actor.address", output: null },
      { type: "xstate.done.actor.eligibility", output: eligibilityResult(proposition, true) },
      { type: "xstate.done.actor.eligibility", output: eligibilityResult(proposition, false) },
      { type: "xstate.done.actor.eligibility", output: null },
      { type: "xstate.done.actor.consent", output: sampleConsent },
      { type: "xstate.done.actor.consent", output: null },
    ]);
    expectFull(coverage);
  });
});
