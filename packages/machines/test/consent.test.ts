import { SANDBOX } from "@onflex/core";
import type { ConsentRecord, OnboardingApi, Terms } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import { bindFlow, connectConsent, consentFlow } from "../src/index.js";
import type { ConsentInput, ConsentMachine, RecordConsentInput } from "../src/index.js";
import { countingSandbox, sampleConsent, upstream } from "./fakes.js";

/** A clock the test moves by hand. */
function manualClock(iso = "2026-11-21T09:30:00.000Z") {
  const clock = { time: new Date(iso), now: () => clock.time };
  return clock;
}

function start(options: { input?: Partial<ConsentInput>; api?: OnboardingApi; machine?: (clock: () => Date) => ConsentMachine } = {}) {
  const clock = manualClock();
  const api = options.api ?? countingSandbox().api;
  const machine = options.machine ? options.machine(clock.now) : bindFlow(consentFlow, { api, clock: clock.now });
  const actor = createActor(machine, { input: { mpan: SANDBOX.mpans.domestic, proposition: "limited_pause", ...options.input } }).start();
  return { actor, clock, view: () => connectConsent(actor.getSnapshot(), actor.send) };
}

/** The sandbox-bound consent flow with some of its I/O replaced. */
const withActors = (actors: Parameters<ConsentMachine["provide"]>[0]["actors"]) => (clock: () => Date) =>
  bindFlow(consentFlow, { api: countingSandbox().api, clock }).provide({ actors });

describe("consent flow", () => {
  it("loads the terms, needs 'I agree' before accept, and records version and UTC timestamp", async () => {
    const { actor, view } = start();
    expect(view().isLoading).toBe(true);
    expect(view().getAgreeProps().disabled).toBe(true);
    await waitFor(actor, (s) => s.matches("reviewing"));
    expect(view().terms?.version).toBe(SANDBOX.terms.limited_pause);
    expect(view().canAccept).toBe(false);
    expect(view().getAcceptProps().disabled).toBe(true);
    view().accept();
    expect(view().step).toBe("reviewing");
    view().setAgreed(true);
    expect(view().canAccept).toBe(true);
    expect(view().getAgreeProps()).toMatchObject({ checked: true, disabled: false, "data-state": "checked" });
    view().accept();
    expect(view().isRecording).toBe(true);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({
      mpan: SANDBOX.mpans.domestic,
      proposition: "limited_pause",
      termsVersion: SANDBOX.terms.limited_pause,
      givenAt: "2026-11-21T09:30:00.000Z",
    });
    expect(view().isDone).toBe(true);
    expect(view().record).toEqual(done.output);
  });

  it("stamps givenAt with the bound clock at the moment of Accept, not when the terms loaded", async () => {
    const { api, simulation } = countingSandbox();
    const { actor, view, clock } = start({ api });
    await waitFor(actor, (s) => s.matches("reviewing"));
    expect(view().givenAt).toBeNull();
    clock.time = new Date("2031-02-03T04:05:06.789Z");
    view().setAgreed(true);
    view().accept();
    expect(view().givenAt).toBe("2031-02-03T04:05:06.789Z");
    await waitFor(actor, (s) => s.status === "done");
    expect(simulation.consentRecords().map((record) => record.givenAt)).toEqual(["2031-02-03T04:05:06.789Z"]);
  });

  it("without a bound clock, stamps the device's time", async () => {
    const actor = createActor(bindFlow(consentFlow, { api: countingSandbox().api }), {
      input: { mpan: SANDBOX.mpans.domestic, proposition: "limited_pause" },
    }).start();
    await waitFor(actor, (s) => s.matches("reviewing"));
    const before = Date.now();
    actor.send({ type: "CONSENT.SET_AGREED", agreed: true });
    actor.send({ type: "CONSENT.ACCEPT" });
    const givenAt = Date.parse(actor.getSnapshot().context.givenAt ?? "");
    expect(givenAt).toBeGreaterThanOrEqual(before);
    expect(givenAt).toBeLessThanOrEqual(Date.now());
  });

  it("unticking 'I agree' disables accept again", async () => {
    const { actor, view } = start();
    await waitFor(actor, (s) => s.matches("reviewing"));
    view().setAgreed(true);
    view().setAgreed(false);
    expect(view().canAccept).toBe(false);
    expect(view().getAcceptProps()).toMatchObject({ disabled: true, "data-state": "disabled" });
  });

  it("declining ends in the declined final state with no record", async () => {
    const { api, calls } = countingSandbox();
    const { actor, view } = start({ api });
    await waitFor(actor, (s) => s.matches("reviewing"));
    view().decline();
    expect(actor.getSnapshot().value).toBe("declined");
    expect(view().isDeclined).toBe(true);
    expect(actor.getSnapshot().output).toBeNull();
    expect(calls["consents.record"]).toBeUndefined();
  });

  it("a failed record keeps the timestamp and idempotency key taken at accept across retries", async () => {
    const attempts: Pick<RecordConsentInput, "givenAt" | "idempotencyKey">[] = [];
    const machine = withActors({
      recordConsent: fromPromise(async ({ input }: { input: RecordConsentInput }): Promise<ConsentRecord> => {
        attempts.push({ givenAt: input.givenAt, idempotencyKey: input.idempotencyKey });
        if (attempts.length === 1) throw upstream();
        return { ...sampleConsent, givenAt: input.givenAt, termsVersion: input.termsVersion };
      }),
    });
    const { actor, view, clock } = start({ machine });
    await waitFor(actor, (s) => s.matches("reviewing"));
    view().setAgreed(true);
    view().accept();
    await waitFor(actor, (s) => s.matches("recordFailed"));
    expect(view().error?.code).toBe("upstream");
    expect(view().canRetry).toBe(true);
    expect(view().canDecline).toBe(true);
    clock.time = new Date("2026-11-21T10:00:00.000Z");
    view().retry();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toEqual(attempts[0]);
    expect(attempts[0]?.givenAt).toBe("2026-11-21T09:30:00.000Z");
    expect(attempts[0]?.idempotencyKey).not.toBe("");
    expect(done.output?.givenAt).toBe("2026-11-21T09:30:00.000Z");
  });

  it("a retry after a lost answer does not record a second consent", async () => {
    const { api, calls, lostAnswers, simulation } = countingSandbox();
    lostAnswers["consents.record"] = 1;
    const { actor, view } = start({ api });
    await waitFor(actor, (s) => s.matches("reviewing"));
    view().setAgreed(true);
    view().accept();
    await waitFor(actor, (s) => s.matches("recordFailed"));
    view().retry();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(calls["consents.record"]).toBe(2);
    expect(simulation.consentRecords()).toEqual([done.output]);
  });

  it("retries loading the terms after a failure", async () => {
    let calls = 0;
    const machine = withActors({
      loadTerms: fromPromise(async (): Promise<Terms> => {
        calls++;
        if (calls === 1) throw upstream();
        return { proposition: "limited_pause", version: "v9", title: "T", body: "B" };
      }),
    });
    const { actor, view } = start({ machine });
    await waitFor(actor, (s) => s.matches("loadFailed"));
    expect(view().canRetry).toBe(true);
    expect(view().canAccept).toBe(false);
    view().retry();
    await waitFor(actor, (s) => s.matches("reviewing"));
    expect(view().terms?.version).toBe("v9");
    expect(view().error).toBeNull();
  });

  it("exposes data-scope/part/state for the view", () => {
    const { view } = start();
    expect(view().getRootProps()).toEqual({ "data-scope": "consent", "data-part": "root", "data-state": "loadingTerms" });
  });
});
