import { createSandboxApi, SANDBOX } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, waitFor } from "xstate";
import { connectJourney, journeyMachine, presets } from "../src/index.js";
import type { JourneyOutput } from "../src/index.js";

const fixedNow = () => new Date("2026-11-21T09:30:00.000Z");

describe("journey", () => {
  it("runs address → eligibility → consent on the sandbox and outputs everything", async () => {
    const api = createSandboxApi();
    const actor = createActor(journeyMachine, {
      input: { api, preset: presets.axleSmartCharging, assetModel: SANDBOX.assetModels.qualified, now: fixedNow },
    }).start();
    const address = () => {
      const current = connectJourney(actor.getSnapshot(), actor.send).current;
      if (current?.stepId !== "address") throw new Error(`not on address: ${current?.stepId}`);
      return current.ref;
    };
    address().send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: "sw1a1aa" });
    const results = await waitFor(address(), (s) => s.matches("results"));
    address().send({ type: "ADDRESS.SELECT_ADDRESS", addressId: results.context.addresses[0]!.id });
    await waitFor(actor, (s) => s.matches({ qualifying: "consent" }));
    const consent = connectJourney(actor.getSnapshot(), actor.send).current;
    if (consent?.stepId !== "consent") throw new Error("expected consent");
    await waitFor(consent.ref, (s) => s.matches("reviewing"));
    consent.ref.send({ type: "CONSENT.ACCEPT" });
    expect(consent.ref.getSnapshot().value).toBe("reviewing");
    consent.ref.send({ type: "CONSENT.SET_AGREED", agreed: true });
    consent.ref.send({ type: "CONSENT.ACCEPT" });
    const final = await waitFor(actor, (s) => s.status === "done");
    const output = final.output as JourneyOutput;
    expect(output.proposition).toBe("full_asset_schedule_control");
    expect(output.consent.givenAt).toBe("2026-11-21T09:30:00.000Z");
    expect(output.consent.termsVersion).toBe(SANDBOX.terms.full_asset_schedule_control);
    expect(output.address).toMatchObject({ postcode: "SW1A 1AA" });
    expect(output.eligibility.propositions.find((p) => p.proposition === output.proposition)?.isEligible).toBe(true);
  });
});
