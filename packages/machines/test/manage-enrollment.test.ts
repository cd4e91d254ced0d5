import { createSandboxApi, SANDBOX_SITES } from "@onflex/core";
import type { Enrollment, SandboxSite } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, waitFor } from "xstate";
import type { ActorRefFrom } from "xstate";
import { bindFlow, connectManageEnrollment, createJourneyMachine, defineJourney, manageEnrollmentFlow, observeJourney, onflexFlowRegistry } from "../src/index.js";
import type { JourneyHostEvent } from "../src/index.js";

const START = new Date("2026-07-14T15:00:00.000Z");

function start(site: SandboxSite, options: { flowClock?: () => Date } = {}) {
  let now = START.getTime();
  const clock = () => new Date(now);
  const api = createSandboxApi({ clock, site });
  const ready = api.enrollments.list({}).then((list) => list.enrollments[0] as Enrollment);
  return {
    api,
    advance: (ms: number) => (now += ms),
    async run() {
      const enrollment = await ready;
      const actor = createActor(bindFlow(manageEnrollmentFlow, { api, clock: options.flowClock ?? clock }), { input: { enrollment } }).start();
      const at = (value: string) => waitFor(actor, (s) => s.matches(value as never));
      const view = () => connectManageEnrollment(actor.getSnapshot(), actor.send);
      const result = () => manageEnrollmentFlow.result(actor.getSnapshot().output ?? null, { facts: { enrollment }, params: {} as never });
      return { actor, at, view, result, enrollment };
    },
  };
}

describe("manageEnrollment flow", () => {
  it("lists an active enrolment's events; opts out of one and sets another's reserve, each confirmed; a level out of bounds is refused without a call", async () => {
    const sandbox = start(SANDBOX_SITES.enrolledActive);
    const { at, view, result } = await sandbox.run();
    await at("active");
    expect(view().program?.name).toBe("Peak Battery Rewards");
    expect(view().timeZone).toBe("America/Denver");
    expect(view().currentEvents.map((item) => item.event.status)).toEqual(["IN_PROGRESS", "UPCOMING", "UPCOMING"]);
    expect(view().pastEvents.map((item) => item.event.status)).toEqual(["CANCELED", "COMPLETED", "COMPLETED"]);
    // No level of its own: the programme's default (25%); the last one set its own 40%.
    expect(view().currentEvents.map((item) => item.reserve)).toEqual([
      { percentage: 25, source: "program" },
      { percentage: 25, source: "program" },
      { percentage: 40, source: "event" },
    ]);
    const [live, next] = view().currentEvents.map((item) => item.event.id);

    view().optOut(live!);
    await at("confirmingChange");
    expect(view().change).toMatchObject({ kind: "opt_out", eventId: live });
    // Changing one's mind sends nothing.
    view().back();
    await at("active");
    expect((await sandbox.api.events.list({ status: "IN_PROGRESS" })).events[0]?.is_participating).toBe(true);
    view().optOut(live!);
    view().confirm();
    await at("active");
    expect((await sandbox.api.events.list({ status: "IN_PROGRESS" })).events[0]?.is_participating).toBe(false);

    view().setReserve(next!, 10);
    expect(view().step).toBe("active");
    expect(view().reserveError).toEqual({ eventId: next, reason: "below_minimum" });
    view().setReserve(next!, 60);
    view().confirm();
    await at("active");
    expect(view().reserveError).toBeNull();
    expect(view().currentEvents[1]?.reserve).toEqual({ percentage: 60, source: "event" });
    expect((await sandbox.api.events.list({})).events.find((e) => e.id === next)?.device_settings[0]?.backup_reserve_percentage).toBe(60);

    // A past event cannot be changed: the command does nothing.
    view().optOut(view().pastEvents[0]!.event.id);
    expect(view().step).toBe("active");

    view().done();
    await at("kept");
    expect(result()).toMatchObject({ status: "done", facts: { enrollment: { status: "ACTIVE" } } });
    expect(view().changes).toEqual([
      { type: "opted_out", eventId: live },
      { type: "reserve_set", eventId: next, percentage: 60 },
    ]);
  });

  it("explains the commitment and its penalty before leaving; leaving ends the flow as `unenrolled`", async () => {
    const sandbox = start(SANDBOX_SITES.enrolledActive);
    const { at, view, result } = await sandbox.run();
    await at("active");
    view().unenroll();
    await at("reviewingUnenroll");
    expect(view().terms).toEqual({ minimum_commitment_months: 12, committed_until: "2027-07-14T15:00:00.000Z", within_commitment: true, allowed: true, penalty: 50 });
    expect(view().canConfirmUnenroll).toBe(true);
    view().confirm();
    await at("unenrolled");
    expect(result()).toEqual({ status: "exited", reason: "unenrolled" });
    expect(sandbox.api.simulation.enrollments()[0]?.status).toBe("UNENROLLED");
  });

  it("a programme that refuses early leavers: the review offers no confirm; a refusal from the server is explained with its date", async () => {
    const refusing = start(SANDBOX_SITES.cannotUnenrollYet);
    const first = await refusing.run();
    await first.at("active");
    first.view().unenroll();
    await first.at("reviewingUnenroll");
    expect(first.view().terms).toMatchObject({ allowed: false, committed_until: "2026-10-04T15:00:00.000Z" });
    expect(first.view().canConfirmUnenroll).toBe(false);
    first.view().confirm();
    expect(first.view().step).toBe("reviewingUnenroll");

    // The device's clock says the commitment is over; the programme's says not yet.
    const skewed = start(SANDBOX_SITES.cannotUnenrollYet, { flowClock: () => new Date("2027-01-01T00:00:00.000Z") });
    const second = await skewed.run();
    await second.at("active");
    second.view().unenroll();
    second.view().confirm();
    await second.at("refused");
    expect(second.view().error).toBeNull();
    expect(second.view().refusal).toEqual({ reason: "minimum_commitment", minimum_commitment_months: 3, earliest_unenroll_at: "2026-10-04T15:00:00.000Z", penalty: 0 });
    second.view().back();
    await second.at("active");
  });

  it("a pending enrolment is cancelled after a confirm, ending the flow as `cancelled`; one accepted meanwhile shows up on refresh", async () => {
    const pending = start(SANDBOX_SITES.enrolledPending);
    const { at, view, result } = await pending.run();
    await at("pending");
    expect(view().canCancelEnrollment).toBe(true);
    view().cancelEnrollment();
    await at("confirmingCancel");
    view().confirm();
    await at("cancelled");
    expect(result()).toEqual({ status: "exited", reason: "cancelled" });

    const accepted = start(SANDBOX_SITES.becomesActive);
    const flow = await accepted.run();
    await flow.at("pending");
    accepted.advance(30_000);
    flow.view().refresh();
    await flow.at("active");
    expect(flow.view().currentEvents).toHaveLength(3);
  });

  it("rejected and already-left enrolments are explained; Done gives the enrolment as it stands", async () => {
    const rejected = await start(SANDBOX_SITES.rejected).run();
    await rejected.at("rejected");
    expect(rejected.view().canCancelEnrollment).toBe(false);
    rejected.view().done();
    await rejected.at("kept");
    expect(rejected.result()).toMatchObject({ status: "done", facts: { enrollment: { status: "REJECTED" } } });
  });

  it("in a journey: needs the enrolment fact, and leaving ends the journey with the reason `unenrolled`", async () => {
    const api = createSandboxApi({ clock: () => START, site: SANDBOX_SITES.activePastCommitment });
    const journey = defineJourney({ id: "manage", version: 1, source: { type: "fixed", steps: [{ flow: "enrollment" }, { flow: "manageEnrollment" }] } }, onflexFlowRegistry);
    const actor = createActor(createJourneyMachine(journey, { flows: onflexFlowRegistry, deps: { api, clock: () => START } }), { input: {} });
    const heard: JourneyHostEvent[] = [];
    observeJourney(actor, { onEvent: (event) => void (event.type === "notice" && heard.push(event)) });
    actor.start();
    await waitFor(actor, (s) => Boolean(s.children["flow:manageEnrollment"]));
    const child = actor.getSnapshot().children["flow:manageEnrollment"] as unknown as ActorRefFrom<typeof manageEnrollmentFlow.machine>;
    await waitFor(child, (s) => s.matches("active"));
    const view = () => connectManageEnrollment(child.getSnapshot(), child.send);
    // The host hears each change once: an opt-out, then leaving.
    view().optOut(view().currentEvents[0]!.event.id);
    view().confirm();
    await waitFor(child, (s) => s.matches("active") && s.context.changes.length === 1);
    view().unenroll();
    expect(view().terms).toMatchObject({ within_commitment: false, penalty: 0 });
    view().confirm();
    await waitFor(actor, (s) => s.status === "done");
    expect(actor.getSnapshot().output).toMatchObject({ status: "exited", reason: "unenrolled", flow: "manageEnrollment" });
    expect(heard).toEqual([
      {
        type: "notice",
        flow: "manageEnrollment",
        stepId: "manageEnrollment",
        notice: { change: "opted_out", enrollmentId: "sbx-enr-1", programId: "prg_sandbox_battery_peak", eventId: "sbx-evt-1-4" },
      },
      { type: "notice", flow: "manageEnrollment", stepId: "manageEnrollment", notice: { change: "unenrolled", enrollmentId: "sbx-enr-1", programId: "prg_sandbox_battery_peak" } },
    ]);
    expect(() => defineJourney({ id: "bad", version: 1, source: { type: "fixed", steps: [{ flow: "manageEnrollment" }] } }, onflexFlowRegistry)).toThrow(/enrollment/);
  });
});

