import { createSandboxApi, OnflexError, SANDBOX } from "@onflex/core";
import type { EligibilityResult, OnboardingApi } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { assign, createActor, setup, waitFor } from "xstate";
import type { Actor, AnyActorRef } from "xstate";
import {
  connectJourney,
  createFlowRegistry,
  createJourneyMachine,
  defineFlow,
  defineJourney,
  JourneyDefinitionError,
  persistJourney,
  restoreJourney,
  observeJourney,
  onflexFlowRegistry,
  onflexFlows,
  presets,
} from "../src/index.js";
import type { FlowRegistry, JourneyDefinition, JourneyHostEvent, JourneyMachine, JourneyOutput } from "../src/index.js";
import { fixedNow } from "./fakes.js";
import { accountFlow, AccountNotice } from "./fixtures/account.flow.js";
import { scriptedFlow } from "./fixtures/scripted.flow.js";

function startJourney(definition: JourneyDefinition, options: { api?: OnboardingApi; flows?: FlowRegistry; facts?: Record<string, unknown> } = {}) {
  const machine = createJourneyMachine(definition, {
    flows: options.flows ?? onflexFlowRegistry,
    deps: { api: options.api ?? createSandboxApi(), clock: fixedNow },
  });
  const actor = createActor(machine, { input: { facts: options.facts ?? {} } }).start();
  return { machine, actor, view: () => connectJourney(actor.getSnapshot(), actor.send) };
}

function currentRef(actor: Actor<JourneyMachine>, stepId: string): AnyActorRef {
  const current = connectJourney(actor.getSnapshot(), actor.send).current;
  if (current?.stepId !== stepId) throw new Error(`expected step ${stepId}, on ${current?.stepId ?? "no step"}`);
  return current.ref;
}

async function onStep(actor: Actor<JourneyMachine>, stepId: string) {
  await waitFor(actor, (snapshot) => connectJourney(snapshot, actor.send).stepId === stepId || snapshot.status === "done");
  return currentRef(actor, stepId);
}

async function completeAddress(actor: Actor<JourneyMachine>, postcode: string, index = 0) {
  const address = await onStep(actor, "address");
  address.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode });
  const results = await waitFor(address, (s) => s.value === "results");
  address.send({ type: "ADDRESS.SELECT_ADDRESS", addressId: (results.context as { addresses: { id: string }[] }).addresses[index]!.id });
}

async function acceptConsent(actor: Actor<JourneyMachine>) {
  const consent = await onStep(actor, "consent");
  await waitFor(consent, (s) => s.value === "reviewing");
  consent.send({ type: "CONSENT.SET_AGREED", agreed: true });
  consent.send({ type: "CONSENT.ACCEPT" });
}

async function outputOf(actor: Actor<JourneyMachine>): Promise<JourneyOutput> {
  const done = await waitFor(actor, (s) => s.status === "done");
  return done.output!;
}

/** An API whose eligibility answers the test releases by hand. */
function heldEligibilityApi() {
  const sandbox = createSandboxApi({ clock: fixedNow });
  const held: { mpan: string; release: () => void }[] = [];
  const api: OnboardingApi = {
    ...sandbox,
    eligibility: {
      check: (input, options) =>
        new Promise<EligibilityResult>((resolve, reject) => {
          held.push({ mpan: input.mpan, release: () => void sandbox.eligibility.check(input, options).then(resolve, reject) });
        }),
    },
  };
  return { api, held };
}

describe("journey engine on Onflex's flows", () => {
  it("runs Smart Charging address → eligibility → consent on the sandbox and completes with every fact", async () => {
    const { actor, view } = startJourney(presets.axleSmartCharging, { facts: { assetModel: SANDBOX.assetModels.qualified } });
    expect(view().steps.map((step) => [step.id, step.status])).toEqual([
      ["address", "current"],
      ["eligibility", "upcoming"],
      ["consent", "upcoming"],
    ]);
    expect(view()).toMatchObject({ screen: "step", stepId: "address", index: 0, total: 3, canGoBack: false });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await acceptConsent(actor);
    const output = await outputOf(actor);
    expect(output.status).toBe("complete");
    if (output.status !== "complete") return;
    expect(output.steps).toEqual(["address", "eligibility", "consent"]);
    expect(Object.keys(output.facts).sort()).toEqual(["address", "assetModel", "consent", "eligibility", "meter"]);
    expect(output.facts.consent).toMatchObject({ proposition: "full_asset_schedule_control", givenAt: fixedNow().toISOString() });
    expect(output.facts.consent?.mpan).toBe(output.facts.meter?.mpan);
  });

  it("starts eligibility the moment the MPAN is known and waits for it only at its place", async () => {
    const { api, held } = heldEligibilityApi();
    const definition = defineJourney(
      {
        id: "eligibility-after-consent",
        version: 1,
        source: {
          type: "fixed",
          steps: [
            { flow: "address" },
            { flow: "eligibility", params: { require: "limited_pause" }, background: true },
            { flow: "consent", params: { proposition: "limited_pause" } },
          ],
        },
      },
      onflexFlowRegistry,
    );
    const { actor, view } = startJourney(definition, { api });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await waitFor(actor, () => held.length === 1);
    expect(view()).toMatchObject({ screen: "step", stepId: "eligibility" });
    held[0]!.release();
    await onStep(actor, "consent");
    expect(held).toHaveLength(1);
  });

  it("runs a background flow ahead of the steps before its place, and adopts its result there", async () => {
    const { api, held } = heldEligibilityApi();
    const flows = createFlowRegistry(onflexFlows, [scriptedFlow("survey", { gives: ["alpha"] })]);
    const definition: JourneyDefinition = {
      id: "survey-between",
      version: 1,
      source: {
        type: "fixed",
        steps: [
          { flow: "address" },
          { flow: "survey" },
          { flow: "eligibility", params: { require: "limited_pause" }, background: true },
          { flow: "consent", params: { proposition: "limited_pause" } },
        ],
      },
    };
    const { actor, view } = startJourney(definition, { api, flows });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    const survey = await onStep(actor, "survey");
    // Already asked while the user answers the survey.
    await waitFor(actor, () => held.length === 1);
    held[0]!.release();
    await waitFor(actor, (s) => Object.keys(s.context.results).includes("eligibility"));
    survey.send({ type: "FINISH" });
    await onStep(actor, "consent");
    expect(view().steps.map((step) => step.status)).toEqual(["complete", "complete", "complete", "current"]);
    expect(held).toHaveLength(1);
  });

  it("blocks an ineligible home with the reason and issues, and Back returns to the address with its postcode", async () => {
    const { actor, view } = startJourney(presets.axleSmartCharging, { facts: { assetModel: SANDBOX.assetModels.notQualified } });
    await completeAddress(actor, SANDBOX.postcodes.notSmart);
    await waitFor(actor, (s) => s.matches("blocked"));
    expect(view()).toMatchObject({ screen: "blocked", stepId: "eligibility", canGoBack: true });
    expect(view().blocked).toMatchObject({ flow: "eligibility", reason: "ineligible", details: { proposition: "full_asset_schedule_control" } });
    const issues = (view().blocked?.details["issues"] ?? []) as { code: string }[];
    expect(issues.map((issue) => issue.code)).toEqual(expect.arrayContaining(["not_market_qualified", "asset_model_not_cop11_qualified"]));

    view().back();
    const address = await onStep(actor, "address");
    expect((address.getSnapshot() as { context: { postcodeDraft: string } }).context.postcodeDraft).toBe(SANDBOX.postcodes.notSmart);
    expect(view().facts).toEqual({ assetModel: SANDBOX.assetModels.notQualified });
  });

  it("exits with a typed reason: blocked (with details), declined, user_closed", async () => {
    const blocked = startJourney(presets.axleSmartCharging, { facts: { assetModel: SANDBOX.assetModels.notQualified } });
    await completeAddress(blocked.actor, SANDBOX.postcodes.notSmart);
    await waitFor(blocked.actor, (s) => s.matches("blocked"));
    blocked.view().exit();
    expect(await outputOf(blocked.actor)).toMatchObject({
      status: "exited",
      reason: "blocked",
      stepId: "eligibility",
      blocked: { reason: "ineligible", details: { proposition: "full_asset_schedule_control" } },
    });

    const declined = startJourney(presets.axleFlexLite);
    await completeAddress(declined.actor, SANDBOX.postcodes.happy);
    const consent = await onStep(declined.actor, "consent");
    await waitFor(consent, (s) => s.value === "reviewing");
    consent.send({ type: "CONSENT.DECLINE" });
    expect(await outputOf(declined.actor)).toMatchObject({ status: "exited", reason: "declined", stepId: "consent", flow: "consent" });

    const closed = startJourney(presets.axleFlexLite);
    (await onStep(closed.actor, "address")).send({ type: "ADDRESS.EXIT" });
    expect(await outputOf(closed.actor)).toMatchObject({ status: "exited", reason: "user_closed", stepId: "address" });

    const left = startJourney(presets.axleFlexLite);
    left.view().exit();
    expect(await outputOf(left.actor)).toMatchObject({ status: "exited", reason: "user_closed", stepId: "address" });
  });

  it("Back from consent skips the eligibility check (nothing to answer there) and forgets what came after", async () => {
    const { actor, view } = startJourney(presets.axleFlexLite);
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await onStep(actor, "consent");
    expect(view().canGoBack).toBe(true);
    view().back();
    await onStep(actor, "address");
    expect(view().steps.map((step) => step.status)).toEqual(["current", "upcoming", "upcoming"]);
    expect(Object.keys(actor.getSnapshot().children)).toEqual(["flow:address"]);
    // A different address gives a different meter; eligibility runs again for it.
    await completeAddress(actor, SANDBOX.postcodes.twoMeters, 1);
    await acceptConsent(actor);
    const output = await outputOf(actor);
    expect(output.status === "complete" && output.facts.address?.postcode).toBe(SANDBOX.postcodes.twoMeters);
    expect(output.status === "complete" && output.facts.eligibility?.mpan).toBe(output.status === "complete" ? output.facts.meter?.mpan : "");
  });

  it("reports to the host in one vocabulary: step events with index and total, then exactly one completion", async () => {
    const { actor } = startJourney(presets.axleFlexLite);
    const events: JourneyHostEvent[] = [];
    const completions: unknown[] = [];
    const stop = observeJourney(actor, { onEvent: (event) => events.push(event), onComplete: (completion) => completions.push(completion) });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await acceptConsent(actor);
    await outputOf(actor);
    stop();
    expect(events.filter((event) => event.type === "step")).toEqual([
      { type: "step", stepId: "address", flow: "address", index: 0, total: 3 },
      { type: "step", stepId: "eligibility", flow: "eligibility", index: 1, total: 3 },
      { type: "step", stepId: "consent", flow: "consent", index: 2, total: 3 },
    ]);
    expect(completions).toHaveLength(1);
    expect(completions[0]).toMatchObject({ journeyId: "axle-flex-lite", steps: ["address", "eligibility", "consent"] });
  });

  it("reports a flow's error through onError and onEvent, once", async () => {
    const { actor } = startJourney(presets.axleFlexLite);
    const errors: string[] = [];
    const events: JourneyHostEvent[] = [];
    observeJourney(actor, { onError: (error, where) => errors.push(`${error.code}@${where.stepId}`), onEvent: (event) => events.push(event) });
    const address = await onStep(actor, "address");
    address.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.malformed });
    await waitFor(address, (s) => s.value === "searchFailed");
    expect(errors).toEqual(["invalid_response@address"]);
    expect(events.filter((event) => event.type === "error")).toEqual([
      { type: "error", code: "invalid_response", message: expect.any(String) as string, stepId: "address" },
    ]);
  });
});

describe("custom journeys", () => {
  it("runs a host's own step in a reordered journey", async () => {
    const created: string[] = [];
    const flows = createFlowRegistry(onflexFlows, [
      accountFlow({
        createAccount: async (email) => {
          created.push(email);
          return { accountId: `acct-${created.length}` };
        },
      }),
    ]);
    const definition = defineJourney(
      {
        id: "account-first",
        version: 1,
        source: {
          type: "fixed",
          steps: [
            { flow: "account" },
            { flow: "address" },
            { flow: "consent", params: { proposition: "limited_pause" } },
            { flow: "eligibility", params: { require: "limited_pause" }, background: true },
          ],
        },
      },
      flows,
    );
    const { actor, view } = startJourney(definition, { flows });
    const account = await onStep(actor, "account");
    account.send({ type: "ACCOUNT.SUBMIT", email: "not an email" });
    expect(account.getSnapshot().value).toBe("editing");
    account.send({ type: "ACCOUNT.SUBMIT", email: "home@example.test" });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await acceptConsent(actor);
    // Eligibility was started in the background after the address and is adopted last.
    const output = await outputOf(actor);
    expect(created).toEqual(["home@example.test"]);
    expect(output).toMatchObject({ status: "complete", steps: ["account", "address", "consent", "eligibility"] });
    expect(output.status === "complete" && output.facts.account).toEqual({ accountId: "acct-1", email: "home@example.test" });
    expect(view().steps.every((step) => step.status === "complete")).toBe(true);
  });

  describe("a flow's host notices", () => {
    /** The account step, then the address step, with a backend that answers with `plan`. */
    async function runAccount(plan: string | undefined, change?: (flow: ReturnType<typeof accountFlow>) => ReturnType<typeof accountFlow>) {
      const account = accountFlow({ createAccount: () => Promise.resolve({ accountId: "acct-1", ...(plan === undefined ? {} : { plan }) }) });
      const flows = createFlowRegistry(onflexFlows, [change ? change(account) : account]);
      const definition = defineJourney({ id: "account-notice", version: 1, source: { type: "fixed", steps: [{ flow: "account" }, { flow: "address" }] } }, flows);
      const { actor } = startJourney(definition, { flows });
      const events: JourneyHostEvent[] = [];
      const errors: unknown[] = [];
      observeJourney(actor, { onEvent: (event) => events.push(event), onError: (error) => errors.push(error) });
      const step = await onStep(actor, "account");
      step.send({ type: "ACCOUNT.SUBMIT", email: "home@example.test" });
      // The journey goes on to the next step whatever became of the notice.
      const address = await onStep(actor, "address");
      address.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.happy });
      await waitFor(address, (snapshot) => snapshot.value !== "searching");
      return { events: events.filter((event) => event.type !== "step"), errors };
    }

    it("relays each notice once, as a notice event naming the flow and its step, typed by the flow's FlowNotices entry", async () => {
      const { events, errors } = await runAccount("paid");
      expect(events).toEqual([{ type: "notice", flow: "account", stepId: "account", notice: { change: "created", accountId: "acct-1", plan: "paid" } }]);
      expect(errors).toEqual([]);
      const [event] = events;
      // Narrowed by `flow`: the notice is the account flow's own type.
      if (event?.type === "notice" && event.flow === "account") expect(event.notice.plan satisfies "free" | "paid").toBe("paid");
      else expect.unreachable("an account notice");
    });

    it("drops a notice that does not match the flow's schema and, in development, says so as an error event (never onError, never thrown)", async () => {
      const { events, errors } = await runAccount("platinum");
      expect(events).toEqual([{ type: "error", code: "invalid_response", message: expect.stringMatching(/^Flow "account" gave a notice that does not match its `notices` schema \(plan: /) as string, stepId: "account" }]);
      expect(errors).toEqual([]);
    });

    it("drops it silently in a production build", async () => {
      const before = process.env["NODE_ENV"];
      process.env["NODE_ENV"] = "production";
      try {
        const { events } = await runAccount("platinum");
        expect(events).toEqual([]);
      } finally {
        process.env["NODE_ENV"] = before;
      }
    });

    it("does not relay again the notices a restored journey's flows had already given, only the new ones", async () => {
      // A flow that stays on screen and tells the host each time it is pinged (as managing an enrolment does).
      const pinger = defineFlow({
        id: "account",
        version: 1,
        machine: setup({
          types: { context: {} as { hostNotices: AccountNotice[] }, events: {} as { type: "PING" } },
        }).createMachine({
          context: { hostNotices: [] },
          on: { PING: { actions: assign(({ context }) => ({ hostNotices: [...context.hostNotices, { change: "created" as const, accountId: `acct-${context.hostNotices.length + 1}`, plan: "free" as const }] })) } },
        }),
        needs: [],
        gives: {},
        notices: AccountNotice,
        input: () => ({}),
        result: () => ({ status: "exited", reason: "user_closed" }),
      });
      const flows = createFlowRegistry(onflexFlows, [pinger]);
      const definition = defineJourney({ id: "pinger", version: 1, source: { type: "fixed", steps: [{ flow: "account" }] } }, flows);
      const { machine, actor } = startJourney(definition, { flows });
      const before: JourneyHostEvent[] = [];
      observeJourney(actor, { onEvent: (event) => before.push(event) });
      (await onStep(actor, "account")).send({ type: "PING" });
      expect(before.filter((event) => event.type === "notice")).toHaveLength(1);

      const restored = restoreJourney(machine, JSON.stringify(persistJourney(actor)));
      actor.stop();
      if (!restored.restored) return expect.unreachable(`not restored: ${restored.reason}`);
      const again = createActor(machine, { snapshot: restored.snapshot, input: { facts: {} } });
      const after: JourneyHostEvent[] = [];
      observeJourney(again, { onEvent: (event) => after.push(event) });
      again.start();
      (await onStep(again, "account")).send({ type: "PING" });
      expect(after.filter((event) => event.type === "notice").map((event) => event.type === "notice" && event.notice)).toEqual([{ change: "created", accountId: "acct-2", plan: "free" }]);
    });

    it("relays nothing from a flow that keeps notices but declares no schema for them", async () => {
      const { events } = await runAccount("paid", ({ notices: _, ...flow }) => flow);
      expect(events).toEqual([{ type: "error", code: "invalid_response", message: 'Flow "account" has host notices but declares no `notices` schema; the notice was dropped.', stepId: "account" }]);
    });
  });

  it("skips a step whose condition does not hold, shows it as skipped, and counts only the steps that run", async () => {
    const flows = createFlowRegistry([
      scriptedFlow("first", { gives: ["alpha"] }),
      scriptedFlow("teslaOnly", { needs: ["alpha"], gives: ["beta"] }),
      scriptedFlow("last", { needs: ["alpha"] }),
    ]);
    const definition: JourneyDefinition = {
      id: "conditional",
      version: 1,
      source: {
        type: "fixed",
        steps: [{ flow: "first" }, { flow: "teslaOnly", when: (facts) => facts.alpha === "tesla" }, { flow: "last" }],
      },
    };
    const { actor, view } = startJourney(definition, { flows });
    currentRef(actor, "first").send({ type: "FINISH" });
    await onStep(actor, "last");
    expect(view().steps.map((step) => [step.id, step.status])).toEqual([
      ["first", "complete"],
      ["teslaOnly", "skipped"],
      ["last", "current"],
    ]);
    expect(view()).toMatchObject({ index: 1, total: 2 });
  });

  it("treats a condition that throws as false", async () => {
    const flows = createFlowRegistry([scriptedFlow("a"), scriptedFlow("b")]);
    const { actor, view } = startJourney(
      {
        id: "throws",
        version: 1,
        source: {
          type: "fixed",
          steps: [
            {
              flow: "a",
              when: () => {
                throw new Error("host bug");
              },
            },
            { flow: "b" },
          ],
        },
      },
      { flows },
    );
    expect(view().stepId).toBe("b");
    currentRef(actor, "b").send({ type: "FINISH" });
    expect(await outputOf(actor)).toMatchObject({ status: "complete", steps: ["b"] });
  });

  it("fails the step when a flow gives a fact that does not match its schema, and Retry runs it again", async () => {
    const flows = createFlowRegistry([scriptedFlow("a", { gives: ["alpha"] })]);
    const { actor, view } = startJourney({ id: "broken", version: 1, source: { type: "fixed", steps: [{ flow: "a" }] } }, { flows });
    currentRef(actor, "a").send({ type: "BREAK" });
    expect(view()).toMatchObject({ screen: "failed", canRetry: true, error: { code: "invalid_response" } });
    view().retry();
    expect(view().screen).toBe("step");
    currentRef(actor, "a").send({ type: "FINISH" });
    expect(await outputOf(actor)).toMatchObject({ status: "complete", facts: { alpha: "alpha from a" } });
  });
});

describe("journey definitions are checked when they are made", () => {
  const flows = createFlowRegistry([
    scriptedFlow("gives-alpha", { gives: ["alpha"] }),
    scriptedFlow("needs-alpha", { needs: ["alpha"] }),
  ]);
  const fixed = (steps: JourneyDefinition["source"] extends infer S ? (S extends { type: "fixed"; steps: infer T } ? T : never) : never) =>
    ({ id: "j", version: 1, source: { type: "fixed", steps } }) as JourneyDefinition;

  it("refuses a step that needs a fact no earlier step gives, naming the step and the fact", () => {
    expect(() => defineJourney(fixed([{ flow: "needs-alpha" }, { flow: "gives-alpha" }]), flows)).toThrow(
      new JourneyDefinitionError('journey "j": step "needs-alpha" needs "alpha", which no earlier step gives.'),
    );
  });

  it("refuses a need that only a conditional step gives", () => {
    expect(() => defineJourney(fixed([{ flow: "gives-alpha", when: () => true }, { flow: "needs-alpha" }]), flows)).toThrow(
      /step "needs-alpha" needs "alpha", which only step "gives-alpha" gives, and that step does not always run/,
    );
  });

  it("accepts a need given by the journey's inputs", () => {
    expect(() => defineJourney({ ...fixed([{ flow: "needs-alpha" }]), inputs: { alpha: flows.get("gives-alpha")!.gives.alpha! } }, flows)).not.toThrow();
  });

  it("refuses unknown flows, duplicate step ids and invalid parameters", () => {
    expect(() => defineJourney(fixed([{ flow: "nope" }]), flows)).toThrow(/runs flow "nope", which is not registered/);
    expect(() => defineJourney(fixed([{ flow: "gives-alpha" }, { flow: "gives-alpha" }]), flows)).toThrow(/two steps are called "gives-alpha"/);
    expect(() => defineJourney(fixed([{ flow: "consent", params: { proposition: 42 } }]), onflexFlowRegistry)).toThrow(
      /step "consent" has invalid parameters for "consent"/,
    );
    expect(() => createJourneyMachine(fixed([{ flow: "needs-alpha" }]), { flows, deps: { api: createSandboxApi() } })).toThrow(JourneyDefinitionError);
  });

  it("accepts every journey Onflex ships", () => {
    for (const preset of Object.values(presets)) expect(() => defineJourney(preset, onflexFlowRegistry)).not.toThrow();
  });
});

describe("server-driven journeys", () => {
  it("runs the Axle journey one step at a time as the sandbox's wizard decides, with an unknown total", async () => {
    const { actor, view } = startJourney(presets.axleSmartChargingServer, { facts: { assetModel: SANDBOX.assetModels.qualified } });
    expect(view().screen).toBe("loading");
    await onStep(actor, "address");
    expect(view()).toMatchObject({ total: null, index: 0, canGoBack: false });
    expect(view().steps).toEqual([{ id: "address", flow: "address", status: "current" }]);
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await acceptConsent(actor);
    const output = await outputOf(actor);
    expect(output).toMatchObject({ status: "complete", journeyId: "axle-smart-charging-server" });
    expect(output.status === "complete" && output.facts.consent?.proposition).toBe("full_asset_schedule_control");
    expect(view().total).toBe(3);
  });

  it("Back re-answers an earlier step where the server allows it", async () => {
    const { actor, view } = startJourney(presets.axleSmartChargingServer, { facts: { assetModel: SANDBOX.assetModels.qualified } });
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await onStep(actor, "consent");
    expect(view().canGoBack).toBe(true);
    view().back();
    await onStep(actor, "address");
    expect(actor.getSnapshot().context.wizard?.completedSteps).toEqual([]);
    await completeAddress(actor, SANDBOX.postcodes.twoMeters, 2);
    await acceptConsent(actor);
    const output = await outputOf(actor);
    expect(output.status === "complete" && output.facts.address?.postcode).toBe(SANDBOX.postcodes.twoMeters);
  });

  it("blocks an ineligible home the server's eligibility step names by proposition", async () => {
    const { actor, view } = startJourney(presets.axleSmartChargingServer, { facts: { assetModel: SANDBOX.assetModels.notQualified } });
    await completeAddress(actor, SANDBOX.postcodes.notSmart);
    await waitFor(actor, (s) => s.matches("blocked"));
    expect(view().blocked).toMatchObject({ reason: "ineligible", details: { proposition: "full_asset_schedule_control" } });
  });

  it("starts a new wizard from the server's first step when the server no longer has the journey's (expired, or a new server)", async () => {
    const first = startJourney(presets.axleSmartChargingServer, { facts: { assetModel: SANDBOX.assetModels.qualified } });
    await onStep(first.actor, "address");
    const saved = JSON.stringify(persistJourney(first.actor));
    first.actor.stop();

    // The same journey, restored against a server that never saw its wizard.
    const machine = createJourneyMachine(presets.axleSmartChargingServer, { flows: onflexFlowRegistry, deps: { api: createSandboxApi(), clock: fixedNow } });
    const restored = restoreJourney(machine, saved, { facts: { assetModel: SANDBOX.assetModels.qualified } });
    if (!restored.restored) return expect.unreachable(`not restored: ${restored.reason}`);
    const actor = createActor(machine, { snapshot: restored.snapshot, input: { facts: { assetModel: SANDBOX.assetModels.qualified } } }).start();
    const oldAddress = currentRef(actor, "address");
    await completeAddress(actor, SANDBOX.postcodes.happy);
    // Answering the address tells it the wizard is gone: a new one starts, at the address again.
    await waitFor(actor, (s) => s.matches("running") && connectJourney(s, actor.send).current?.ref !== oldAddress);
    expect(connectJourney(actor.getSnapshot(), actor.send)).toMatchObject({ screen: "step", stepId: "address", error: null });
    expect(actor.getSnapshot().context.history).toEqual([]);
    expect(currentRef(actor, "address").getSnapshot().value).toBe("postcode");
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await acceptConsent(actor);
    expect(await outputOf(actor)).toMatchObject({ status: "complete", journeyId: "axle-smart-charging-server" });
  });

  it("does not offer Back when the server's wizard cannot rewind", async () => {
    const definition: JourneyDefinition = { id: "no-rewind", version: 1, source: { type: "server", template: SANDBOX.wizardTemplates.notRewindable } };
    const { actor, view } = startJourney(definition);
    await completeAddress(actor, SANDBOX.postcodes.happy);
    await onStep(actor, "consent");
    expect(view().canGoBack).toBe(false);
  });

  it.each([
    ["a step type the client does not know", "unsupportedStep", "unsupported_step"],
    ["parameters that fail the flow's schema", "badParams", "invalid_response"],
    ["a garbled answer", "garbled", "invalid_response"],
  ] as const)("refuses %s clearly, and stays usable", async (_, template, code) => {
    const definition: JourneyDefinition = { id: template, version: 1, source: { type: "server", template: SANDBOX.wizardTemplates[template] } };
    const { actor, view } = startJourney(definition);
    await waitFor(actor, (s) => s.matches("failed"));
    expect(view()).toMatchObject({ screen: "failed", error: { code }, canRetry: true });
    view().retry();
    await waitFor(actor, (s) => s.matches("failed"));
    view().exit();
    expect(await outputOf(actor)).toMatchObject({ status: "exited", reason: "failed", error: { code } });
  });

  it("retries the same call after the server failed, then goes on", async () => {
    const sandbox = createSandboxApi();
    let failures = 1;
    const api: OnboardingApi = {
      ...sandbox,
      wizard: {
        ...sandbox.wizard,
        start: (input, options) => (failures-- > 0 ? Promise.reject(new OnflexError("upstream", "down")) : sandbox.wizard.start(input, options)),
      },
    };
    const { actor, view } = startJourney(presets.axleSmartChargingServer, { api });
    await waitFor(actor, (s) => s.matches("failed"));
    expect(view().error?.code).toBe("upstream");
    view().retry();
    await onStep(actor, "address");
  });
});
