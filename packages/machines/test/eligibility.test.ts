import { OnflexError, SANDBOX } from "@onflex/core";
import type { EligibilityResult, OnboardingApi, PropositionId } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import { bindFlow, connectEligibility, eligibilityFlow } from "../src/index.js";
import type { EligibilityInput, EligibilityMachine } from "../src/index.js";
import { countingSandbox } from "./fakes.js";

const smart: PropositionId = "full_asset_schedule_control";

function start(input: Partial<EligibilityInput> = {}, options: { api?: OnboardingApi; machine?: EligibilityMachine } = {}) {
  const machine = options.machine ?? bindFlow(eligibilityFlow, { api: options.api ?? countingSandbox().api });
  const actor = createActor(machine, { input: { mpan: SANDBOX.mpans.domestic, ...input } }).start();
  return { actor, view: () => connectEligibility(actor.getSnapshot(), actor.send) };
}

async function check(input: Partial<EligibilityInput>) {
  const { actor, view } = start(input);
  await waitFor(actor, (s) => s.status === "done");
  return view();
}

/** Long enough for any timer a flow might set to fire; the flow must not have set one. */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("eligibility flow", () => {
  it("finds a domestic half-hourly meter with a qualified charger eligible for both", async () => {
    const view = await check({ assetModel: SANDBOX.assetModels.qualified });
    expect(view.step).toBe("checked");
    expect(view.isChecked).toBe(true);
    expect(view.isEligible).toBe(true);
    expect(view.propositions.map((p) => p.proposition).sort()).toEqual(["full_asset_schedule_control", "limited_pause"]);
  });

  it("reports issue codes per proposition, limited to the ones asked about", async () => {
    const missing = await check({ propositions: [smart] });
    expect(missing.isEligible).toBe(false);
    expect(missing.propositions).toEqual([{ proposition: smart, isEligible: false, issues: [expect.objectContaining({ code: "asset_model_not_set" })] }]);
    expect(missing.result?.propositions.length).toBeGreaterThan(1);
    const notQualified = await check({ assetModel: SANDBOX.assetModels.notQualified, propositions: [smart] });
    expect(notQualified.propositions[0]?.issues.map((i) => i.code)).toContain("asset_model_not_cop11_qualified");
    const nonDomestic = await check({ mpan: SANDBOX.mpans.nonDomestic, assetModel: SANDBOX.assetModels.qualified });
    expect(nonDomestic.propositions.every((p) => p.issues.some((i) => i.code === "non_domestic_site"))).toBe(true);
  });

  it("sends the MPAN and the asset model it was given, and no asset model when it has none", async () => {
    const asked: unknown[] = [];
    const { api } = countingSandbox();
    const spy: OnboardingApi = { ...api, eligibility: { check: (input, o) => (asked.push(input), api.eligibility.check(input, o)) } };
    await waitFor(start({ assetModel: SANDBOX.assetModels.qualified }, { api: spy }).actor, (s) => s.status === "done");
    await waitFor(start({}, { api: spy }).actor, (s) => s.status === "done");
    expect(asked).toEqual([{ mpan: SANDBOX.mpans.domestic, assetModel: SANDBOX.assetModels.qualified }, { mpan: SANDBOX.mpans.domestic }]);
  });

  it("does not retry by itself: a retryable failure is one request, then Retry", async () => {
    const { api, calls, failures } = countingSandbox();
    failures["eligibility.check"] = 1;
    const { actor, view } = start({}, { api });
    await waitFor(actor, (s) => s.matches("failed"));
    await quiet();
    expect(calls["eligibility.check"]).toBe(1);
    expect(view().step).toBe("failed");
    expect(view().error).toMatchObject({ code: "upstream", retryable: true });
    expect(view().canRetry).toBe(true);
    expect(view().isChecking).toBe(false);
  });

  it("Retry sends exactly one request per attempt, clears the error and shows checking", async () => {
    const { api, calls, failures } = countingSandbox();
    failures["eligibility.check"] = 2;
    const { actor, view } = start({}, { api });
    await waitFor(actor, (s) => s.matches("failed"));
    view().retry();
    expect(view().isChecking).toBe(true);
    expect(view().error).toBeNull();
    expect(view().canRetry).toBe(false);
    await waitFor(actor, (s) => s.matches("failed"));
    await quiet();
    expect(calls["eligibility.check"]).toBe(2);
    view().retry();
    const done = await waitFor(actor, (s) => s.status === "done");
    await quiet();
    expect(calls["eligibility.check"]).toBe(3);
    expect(done.value).toBe("checked");
    expect(done.output?.mpan).toBe(SANDBOX.mpans.domestic);
  });

  it("treats an error that retrying cannot fix the same way: one request, then the user decides", async () => {
    let calls = 0;
    const machine = bindFlow(eligibilityFlow, { api: countingSandbox().api }).provide({
      actors: {
        checkEligibility: fromPromise(async (): Promise<EligibilityResult> => {
          calls++;
          throw new OnflexError("not_found", "No meter has that MPAN.");
        }),
      },
    });
    const { actor, view } = start({ mpan: SANDBOX.mpans.unknown }, { machine });
    await waitFor(actor, (s) => s.matches("failed"));
    await quiet();
    expect(calls).toBe(1);
    expect(view().error).toMatchObject({ code: "not_found", retryable: false });
    view().exit();
    expect(actor.getSnapshot().value).toBe("exited");
    expect(actor.getSnapshot().output).toBeNull();
  });

  it("can be left while the check is in flight, which cancels it", async () => {
    let signal: AbortSignal | undefined;
    const machine = bindFlow(eligibilityFlow, { api: countingSandbox().api }).provide({
      actors: {
        checkEligibility: fromPromise(({ signal: given }) => {
          signal = given;
          return new Promise<EligibilityResult>(() => {});
        }),
      },
    });
    const { actor, view } = start({}, { machine });
    expect(view().isChecking).toBe(true);
    view().exit();
    expect(actor.getSnapshot().value).toBe("exited");
    expect(actor.getSnapshot().output).toBeNull();
    expect(signal?.aborted).toBe(true);
  });

  it("ignores Retry while checking and after a result", async () => {
    const { api, calls } = countingSandbox();
    const { actor, view } = start({}, { api });
    view().retry();
    await waitFor(actor, (s) => s.status === "done");
    view().retry();
    expect(calls["eligibility.check"]).toBe(1);
    expect(view().step).toBe("checked");
  });

  it("exposes data-scope/part/state for the view", () => {
    const { view } = start();
    expect(view().getRootProps()).toEqual({ "data-scope": "eligibility", "data-part": "root", "data-state": "checking" });
  });
});
