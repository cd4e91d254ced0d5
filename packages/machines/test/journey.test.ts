import { createSandboxApi, SANDBOX } from "@onflex/core";
import type { EligibilityResult, OnboardingApi, OnflexError } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, waitFor } from "xstate";
import type { Actor } from "xstate";
import { connectJourney, journeyMachine, observeJourney, presets } from "../src/index.js";
import type { JourneyInput, JourneyMachine, JourneyOutput, JourneyPreset } from "../src/index.js";
import { fixedNow } from "./fakes.js";

function startJourney(input: Partial<JourneyInput> & { preset: JourneyPreset }) {
  const actor = createActor(journeyMachine, { input: { api: createSandboxApi(), now: fixedNow, ...input } }).start();
  return { actor, view: () => connectJourney(actor.getSnapshot(), actor.send) };
}

function stepRef<K extends "address" | "eligibility" | "consent">(actor: Actor<JourneyMachine>, stepId: K) {
  const current = connectJourney(actor.getSnapshot(), actor.send).current;
  if (current?.stepId !== stepId) throw new Error(`expected ${stepId}, on ${current?.stepId ?? "no step"}`);
  return current.ref as Extract<NonNullable<typeof current>, { stepId: K }>["ref"];
}

async function completeAddress(actor: Actor<JourneyMachine>, postcode: string) {
  const address = stepRef(actor, "address");
  address.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode });
  const results = await waitFor(address, (s) => s.matches("results"));
  address.send({ type: "ADDRESS.SELECT_ADDRESS", addressId: results.context.addresses[0]!.id });
}

async function acceptConsent(actor: Actor<JourneyMachine>) {
  await waitFor(actor, (s) => s.matches({ qualifying: "consent" }));
  const consent = stepRef(actor, "consent");
  await waitFor(consent, (s) => s.matches("reviewing"));
  consent.send({ type: "CONSENT.SET_AGREED", agreed: true });
  consent.send({ type: "CONSENT.ACCEPT" });
}

/** An API whose eligibility answer the test releases by hand. */
function heldEligibilityApi() {
  const sandbox = createSandboxApi();
  const held: { mpan: string; release: () => void }[] = [];
  const api: OnboardingApi = {
    ...sandbox,
    eligibility: {
      check: (input, options) =>
        new Promise<EligibilityResult>((resolve, reject) => {
          held.push({ mpan: input.mpan, release: () => sandbox.eligibility.check(input, options).then(resolve, reject) });
        }),
    },
  };
  return { api, held };
}

describe("journey", () => {
  it("runs address → eligibility → consent on the sandbox and outputs everything", async () => {
    const { actor, view } = startJourney({ preset: presets.axleSmartCharging, assetModel: SANDBOX.assetModels.qualified });
    expect(view().steps).toEqual([
      { id: "address", status: "current" },
      { id: "eligibility", status: "upcoming" },
      { id: "consent", status: "upcoming" },
    ]);
    expect(view().canGoBack).toBe(false);
    await completeAddress(actor, "sw1a1aa");
    await acceptConsent(actor);
    const final = await waitFor(actor, (s) => s.status === "done");
    const output = final.output as JourneyOutput;
    expect(output.proposition).toBe("full_asset_schedule_control");
    expect(output.consent).toMatchObject({ givenAt: "2026-11-21T09:30:00.000Z", termsVersion: SANDBOX.terms.full_asset_schedule_control });
    expect(output.consent.mpan).toBe(output.meter.mpan);
    expect(output.address).toMatchObject({ postcode: SANDBOX.postcodes.happy });
    expect(output.eligibility.mpan).toBe(output.meter.mpan);
    expect(view().steps.every((step) => step.status === "complete")).toBe(true);
  });

  it("starts eligibility in the background as soon as the MPAN is known and waits for it before consent", async () => {
    const { api, held } = heldEligibilityApi();
    const { actor, view } = startJourney({ api, preset: presets.axleFlexLite });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await waitFor(actor, (s) => s.matches("qualifying"));
    expect(held).toHaveLength(1);
    expect(held[0]?.mpan).toBe(view().meter?.mpan);
    expect(view().screen).toBe("eligibility");
    expect(view().steps.map((s) => s.status)).toEqual(["complete", "current", "upcoming"]);
    expect(view().current?.stepId).toBe("eligibility");
    held[0]!.release();
    await waitFor(actor, (s) => s.matches({ qualifying: "consent" }));
    expect(view().propositionEligibility?.isEligible).toBe(true);
  });

  it("stops at ineligible with the issue codes; back changes the address, exit leaves", async () => {
    const { actor, view } = startJourney({ preset: presets.axleSmartCharging });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await waitFor(actor, (s) => s.matches({ qualifying: "ineligible" }));
    expect(view().screen).toBe("ineligible");
    expect(view().ineligibility).toEqual({
      proposition: "full_asset_schedule_control",
      issues: [expect.objectContaining({ code: "asset_model_not_set" })],
    });
    expect(view().canGoBack).toBe(true);
    view().back();
    expect(view().screen).toBe("address");
    expect(view().eligibility).toBeNull();
    expect(stepRef(actor, "address").getSnapshot().context.postcodeDraft).toBe(SANDBOX.postcodes.happy);
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await waitFor(actor, (s) => s.matches({ qualifying: "ineligible" }));
    view().exit();
    expect(actor.getSnapshot().value).toBe("exited");
    expect(view().exitReason).toBe("user");
    expect(actor.getSnapshot().output).toBeNull();
  });

  it("follows the meter: not half-hourly settled is fine for Flex Lite, not for Smart Charging", async () => {
    const lite = startJourney({ preset: presets.axleFlexLite });
    await completeAddress(lite.actor, SANDBOX.postcodes.notSmart);
    await waitFor(lite.actor, (s) => s.matches({ qualifying: "consent" }));
    const smart = startJourney({ preset: presets.axleSmartCharging, assetModel: SANDBOX.assetModels.qualified });
    await completeAddress(smart.actor, SANDBOX.postcodes.notSmart);
    await waitFor(smart.actor, (s) => s.matches({ qualifying: "ineligible" }));
    expect(smart.view().ineligibility?.issues.map((i) => i.code)).toContain("not_market_qualified");
  });

  it("back from consent returns to the address step and checks eligibility again for the new meter", async () => {
    const { api, held } = heldEligibilityApi();
    const { actor, view } = startJourney({ api, preset: presets.axleFlexLite });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await waitFor(actor, (s) => s.matches("qualifying"));
    held[0]!.release();
    await waitFor(actor, (s) => s.matches({ qualifying: "consent" }));
    view().back();
    expect(view().screen).toBe("address");
    expect(view().steps.map((s) => s.status)).toEqual(["current", "upcoming", "upcoming"]);
    await completeAddress(actor, SANDBOX.postcodes.twoMeters);
    const address = stepRef(actor, "address");
    const choosing = await waitFor(address, (s) => s.matches("chooseMeter"));
    const exporting = choosing.context.meters.find((m) => m.direction === "export")!;
    address.send({ type: "ADDRESS.SELECT_METER", mpan: exporting.mpan });
    await waitFor(actor, (s) => s.matches("qualifying"));
    expect(held.map((h) => h.mpan)).toEqual([held[0]!.mpan, exporting.mpan]);
  });

  it("reports step changes, completion, exit and errors through observeJourney", async () => {
    const steps: string[] = [];
    const errors: OnflexError[] = [];
    const completed: JourneyOutput[] = [];
    const { actor } = startJourney({ preset: presets.axleFlexLite });
    const stop = observeJourney(actor, {
      onStepChange: ({ screen }) => steps.push(screen),
      onComplete: (output) => completed.push(output),
      onError: (error) => errors.push(error),
    });
    const address = stepRef(actor, "address");
    address.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.failsOnce });
    await waitFor(address, (s) => s.matches("searchFailed"));
    expect(errors.map((e) => e.code)).toEqual(["upstream"]);
    expect(errors[0]?.retryable).toBe(true);
    address.send({ type: "ADDRESS.RETRY" });
    const results = await waitFor(address, (s) => s.matches("results"));
    address.send({ type: "ADDRESS.SELECT_ADDRESS", addressId: results.context.addresses[0]!.id });
    await acceptConsent(actor);
    await waitFor(actor, (s) => s.status === "done");
    expect(steps).toEqual(["address", "eligibility", "consent", "done"]);
    expect(completed).toHaveLength(1);
    expect(errors).toHaveLength(1);
    stop();
  });

  it("declining the terms exits the journey with reason 'declined'", async () => {
    const exits: unknown[] = [];
    const { actor, view } = startJourney({ preset: presets.axleFlexLite });
    observeJourney(actor, { onExit: (exit) => exits.push(exit) });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await waitFor(actor, (s) => s.matches({ qualifying: "consent" }));
    const consent = stepRef(actor, "consent");
    await waitFor(consent, (s) => s.matches("reviewing"));
    consent.send({ type: "CONSENT.DECLINE" });
    await waitFor(actor, (s) => s.status === "done");
    expect(view().isExited).toBe(true);
    expect(view().exitReason).toBe("declined");
    expect(exits).toEqual([{ reason: "declined", screen: "consent" }]);
  });

  it("leaving from inside the address flow exits the journey", async () => {
    const { actor, view } = startJourney({ preset: presets.axleFlexLite });
    stepRef(actor, "address").send({ type: "ADDRESS.EXIT" });
    await waitFor(actor, (s) => s.status === "done");
    expect(view().screen).toBe("exited");
    expect(view().exitReason).toBe("user");
  });

  it("marks the current step for a progress indicator", () => {
    const { view } = startJourney({ preset: presets.axleFlexLite });
    expect(view().getStepProps("address")).toMatchObject({ "aria-current": "step", "data-state": "current" });
    expect(view().getStepProps("consent")["aria-current"]).toBeUndefined();
  });
});
