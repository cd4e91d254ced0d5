import { SANDBOX } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import { connectConsent, consentMachine } from "../src/index.js";
import type { ConsentInput } from "../src/index.js";
import { countingSandbox, sampleConsent, upstream } from "./fakes.js";

function start(input: Partial<ConsentInput> = {}, machine = consentMachine) {
  const clock = { time: new Date("2026-11-21T09:30:00.000Z") };
  const actor = createActor(machine, {
    input: { api: countingSandbox().api, mpan: SANDBOX.mpans.domestic, proposition: "limited_pause", now: () => clock.time, ...input },
  }).start();
  return { actor, clock, view: () => connectConsent(actor.getSnapshot(), actor.send) };
}

describe("consent machine", () => {
  it("loads the terms, needs 'I agree' before accept, and records version and UTC timestamp", async () => {
    const { actor, view } = start();
    expect(view().isLoading).toBe(true);
    await waitFor(actor, (s) => s.matches("reviewing"));
    expect(view().terms?.version).toBe(SANDBOX.terms.limited_pause);
    expect(view().canAccept).toBe(false);
    expect(view().getAcceptProps().disabled).toBe(true);
    view().accept();
    expect(view().step).toBe("reviewing");
    view().setAgreed(true);
    expect(view().canAccept).toBe(true);
    view().accept();
    expect(view().isRecording).toBe(true);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({
      mpan: SANDBOX.mpans.domestic,
      proposition: "limited_pause",
      termsVersion: SANDBOX.terms.limited_pause,
      givenAt: "2026-11-21T09:30:00.000Z",
    });
  });

  it("unticking 'I agree' disables accept again", async () => {
    const { actor, view } = start();
    await waitFor(actor, (s) => s.matches("reviewing"));
    view().setAgreed(true);
    view().setAgreed(false);
    expect(view().canAccept).toBe(false);
  });

  it("declining ends in the declined final state with no record", async () => {
    const { api, calls } = countingSandbox();
    const { actor, view } = start({ api });
    await waitFor(actor, (s) => s.matches("reviewing"));
    view().decline();
    expect(actor.getSnapshot().value).toBe("declined");
    expect(actor.getSnapshot().output).toBeNull();
    expect(calls["consents.record"]).toBeUndefined();
  });

  it("a failed record keeps the timestamp and idempotency key taken at accept across retries", async () => {
    const attempts: { givenAt: string; idempotencyKey: string }[] = [];
    const machine = consentMachine.provide({
      actors: {
        recordConsent: fromPromise(async ({ input }) => {
          attempts.push({ givenAt: input.givenAt, idempotencyKey: input.idempotencyKey });
          if (attempts.length === 1) throw upstream();
          return { ...sampleConsent, givenAt: input.givenAt, termsVersion: input.termsVersion };
        }),
      },
    });
    const { actor, view, clock } = start({}, machine);
    await waitFor(actor, (s) => s.matches("reviewing"));
    view().setAgreed(true);
    view().accept();
    await waitFor(actor, (s) => s.matches("recordFailed"));
    expect(view().error?.code).toBe("upstream");
    clock.time = new Date("2026-11-21T10:00:00.000Z");
    view().retry();
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toEqual(attempts[0]);
    expect(attempts[0]?.givenAt).toBe("2026-11-21T09:30:00.000Z");
    expect(attempts[0]?.idempotencyKey).not.toBe("");
    expect(done.output?.givenAt).toBe("2026-11-21T09:30:00.000Z");
  });

  it("retries loading the terms after a failure", async () => {
    let calls = 0;
    const machine = consentMachine.provide({
      actors: {
        loadTerms: fromPromise(async () => {
          calls++;
          if (calls === 1) throw upstream();
          return { proposition: "limited_pause", version: "v9", title: "T", body: "B" };
        }),
      },
    });
    const { actor, view } = start({}, machine);
    await waitFor(actor, (s) => s.matches("loadFailed"));
    expect(view().canRetry).toBe(true);
    view().retry();
    await waitFor(actor, (s) => s.matches("reviewing"));
    expect(view().terms?.version).toBe("v9");
  });
});
