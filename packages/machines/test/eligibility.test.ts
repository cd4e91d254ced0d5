import { createSandboxApi, OnflexError, SANDBOX } from "@onflex/core";
import type { EligibilityResult } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import { connectEligibility, eligibilityMachine } from "../src/index.js";
import { eligibilityResult, upstream } from "./fakes.js";

const api = createSandboxApi();
const smart = "full_asset_schedule_control";

async function check(input: { mpan: string; assetModel?: string; propositions?: string[] }) {
  const actor = createActor(eligibilityMachine, { input: { api, ...input } }).start();
  await waitFor(actor, (s) => s.status === "done");
  return connectEligibility(actor.getSnapshot(), actor.send);
}

describe("eligibility machine", () => {
  it("finds a domestic half-hourly meter with a qualified charger eligible for both", async () => {
    const view = await check({ mpan: SANDBOX.mpans.domestic, assetModel: SANDBOX.assetModels.qualified });
    expect(view.step).toBe("checked");
    expect(view.isEligible).toBe(true);
    expect(view.propositions.map((p) => p.proposition).sort()).toEqual(["full_asset_schedule_control", "limited_pause"]);
  });

  it("reports issue codes per proposition", async () => {
    const missing = await check({ mpan: SANDBOX.mpans.domestic, propositions: [smart] });
    expect(missing.isEligible).toBe(false);
    expect(missing.propositions).toEqual([{ proposition: smart, isEligible: false, issues: [expect.objectContaining({ code: "asset_model_not_set" })] }]);
    const notQualified = await check({ mpan: SANDBOX.mpans.domestic, assetModel: SANDBOX.assetModels.notQualified, propositions: [smart] });
    expect(notQualified.propositions[0]?.issues.map((i) => i.code)).toContain("asset_model_not_cop11_qualified");
    const nonDomestic = await check({ mpan: SANDBOX.mpans.nonDomestic, assetModel: SANDBOX.assetModels.qualified });
    expect(nonDomestic.propositions.every((p) => p.issues.some((i) => i.code === "non_domestic_site"))).toBe(true);
  });

  it("retries a retryable failure automatically with growing delays, then succeeds", async () => {
    const started: number[] = [];
    const machine = eligibilityMachine.provide({
      actors: {
        checkEligibility: fromPromise(async () => {
          started.push(Date.now());
          if (started.length < 3) throw upstream();
          return eligibilityResult("limited_pause", true);
        }),
      },
    });
    const actor = createActor(machine, { input: { api, mpan: SANDBOX.mpans.domestic, retry: { attempts: 2, baseDelayMs: 20 } } }).start();
    await waitFor(actor, (s) => s.matches("waitingToRetry"));
    expect(connectEligibility(actor.getSnapshot(), actor.send).isChecking).toBe(true);
    const done = await waitFor(actor, (s) => s.status === "done", { timeout: 2000 });
    expect(done.output?.propositions[0]?.isEligible).toBe(true);
    expect(started).toHaveLength(3);
    // Backoff: the second wait (40 ms) is longer than the first (20 ms).
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(15);
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(35);
  });

  it("stops retrying after the allowed attempts and waits for the user", async () => {
    let calls = 0;
    const machine = eligibilityMachine.provide({
      actors: {
        checkEligibility: fromPromise(async () => {
          calls++;
          if (calls <= 3) throw upstream();
          return eligibilityResult("limited_pause", true);
        }),
      },
    });
    const actor = createActor(machine, { input: { api, mpan: SANDBOX.mpans.domestic, retry: { attempts: 2, baseDelayMs: 1 } } }).start();
    await waitFor(actor, (s) => s.matches("failed"));
    const view = connectEligibility(actor.getSnapshot(), actor.send);
    expect(calls).toBe(3);
    expect(view.canRetry).toBe(true);
    expect(view.error?.code).toBe("upstream");
    view.retry();
    await waitFor(actor, (s) => s.status === "done");
    expect(calls).toBe(4);
  });

  it("does not retry an error that retrying cannot fix", async () => {
    let calls = 0;
    const machine = eligibilityMachine.provide({
      actors: {
        checkEligibility: fromPromise(async (): Promise<EligibilityResult> => {
          calls++;
          throw new OnflexError("not_found", "No meter has that MPAN.");
        }),
      },
    });
    const actor = createActor(machine, { input: { api, mpan: SANDBOX.mpans.unknown } }).start();
    await waitFor(actor, (s) => s.matches("failed"));
    expect(calls).toBe(1);
    actor.send({ type: "ELIGIBILITY.EXIT" });
    expect(actor.getSnapshot().value).toBe("exited");
    expect(actor.getSnapshot().output).toBeNull();
  });
});
