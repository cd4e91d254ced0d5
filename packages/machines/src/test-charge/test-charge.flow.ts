import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString, RegisteredDevice } from "@onflex/core";
import { defineFlow } from "../journey/journey.define.js";
import { testChargeActions, testChargeActors, testChargeMachine } from "./test-charge.machine.js";
import type { TestChargeResult } from "./test-charge.types.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /** The device passed its test charge: the platform controls it (LIVE), or is about to (PENDING_LIVE). */
    testCharge: TestChargeResult;
  }
}

export const TestChargeFact = z.object({
  deviceId: NonEmptyString,
  result: z.literal("PASSED"),
  status: z.enum(["LIVE", "PENDING_LIVE"]),
  completedAt: IsoUtcTimestamp,
});

/**
 * Proving control (Kraken's "check device status" and TestCharge step): reads the registered
 * device's status (LIVE is done at once), asks the user to confirm the preconditions, starts a
 * test charge of about seven minutes and follows it, with time left from the platform's start
 * time, to LIVE. A reload or a return hours later resumes the same test. The user may carry on
 * while the device is PENDING_LIVE.
 */
export const testChargeFlow = defineFlow({
  id: "testCharge",
  version: 1,
  machine: testChargeMachine,
  implement: (deps) => ({ actors: testChargeActors(deps.api), actions: testChargeActions(deps.clock) }),
  needs: ["device"],
  gives: { testCharge: TestChargeFact },
  input: ({ facts }) => ({ device: RegisteredDevice.parse(facts.device) }),
  result: (output) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    return { status: "done", facts: { testCharge: { deviceId: output.deviceId, result: "PASSED", status: output.status, completedAt: output.completedAt } } };
  },
});
