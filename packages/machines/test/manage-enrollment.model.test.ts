/**
 * Model-based test of the manage-enrollment flow (the harness in model.harness.ts): every state
 * by its shortest paths, with what the user sees checked at each step, and every transition taken.
 */
import { createSandboxApi, OnflexError, unenrollRefusalError, unenrollTerms } from "@onflex/core";
import type { Enrollment, Program, ProgramEvent } from "@onflex/core";
import { expect } from "vitest";
import { bindFlow, connectManageEnrollment, manageEnrollmentFlow } from "../src/index.js";
import type { ManagedEnrollment, ManageEnrollmentView } from "../src/index.js";
import { fixedNow, upstream } from "./fakes.js";
import { modelTests } from "./model.harness.js";

const machine = bindFlow(manageEnrollmentFlow, { api: createSandboxApi(), clock: fixedNow });

// Enrolled a month before the fixed clock: within a 12-month commitment.
const createdAt = "2026-10-21T09:30:00.000Z";
const withPenalty: Program = {
  id: "prg-1",
  name: "Peak Rewards",
  description: "A battery programme.",
  can_auto_enroll: false,
  earnings_for_site_upfront: 50,
  earnings_for_site_yearly: 120,
  eligible_device_types: ["BATTERY"],
  enrollment_form: [],
  minimum_commitment_months: 12,
  participation_months: [6, 7],
  terms_and_conditions_text: "# Terms",
  terms_and_conditions_version: "v1",
  early_unenrollment_penalty: 50,
  backup_reserve: { minimum_percentage: 20, maximum_percentage: 80, default_percentage: null },
};
const refusing: Program = { ...withPenalty, early_unenrollment_penalty: null };
const enrollment = (status: Enrollment["status"]): Enrollment => ({
  id: "enr-1",
  site_id: "site-1",
  program_id: withPenalty.id,
  device_ids: ["dev-1"],
  status,
  enroll_method: "USER_ACTION",
  has_agreed_to_terms_and_conditions: true,
  terms_and_conditions_version: "v1",
  terms_and_conditions_agreed_at: createdAt,
  program_specific_attributes: [],
  created_at: createdAt,
});
const upcoming: ProgramEvent = {
  id: "evt-1",
  program_id: withPenalty.id,
  starts_at: "2026-11-22T17:00:00.000Z",
  ends_at: "2026-11-22T19:00:00.000Z",
  status: "UPCOMING",
  is_participating: true,
  device_settings: [{ device_id: "dev-1", backup_reserve_percentage: null, maximum_charge_percentage: null }],
  schedule: [{ mode: "DISCHARGE", starts_at: "2026-11-22T17:00:00.000Z", ends_at: "2026-11-22T19:00:00.000Z" }],
};
const completed: ProgramEvent = { ...upcoming, id: "evt-0", starts_at: "2026-11-19T17:00:00.000Z", ends_at: "2026-11-19T19:00:00.000Z", status: "COMPLETED" };
const loaded = (status: Enrollment["status"]): ManagedEnrollment => ({
  enrollment: enrollment(status),
  program: withPenalty,
  events: status === "ACTIVE" ? [completed, upcoming] : [],
  siteReserve: 30,
  timeZone: "America/Denver",
});
const conflict = (reason: string) => new OnflexError("conflict", "No longer possible.", { details: { reason } });
const refusal = unenrollRefusalError(unenrollTerms(refusing, enrollment("ACTIVE"), fixedNow()));

function calm(view: ManageEnrollmentView) {
  expect(view.isLoading).toBe(false);
}

modelTests<typeof machine, ManageEnrollmentView>({
  name: "manage-enrollment",
  machine,
  input: { enrollment: enrollment("PENDING") },
  requests: ["loadEnrollment", "cancelEnrollment", "updateEvent", "unenroll"],
  samples: [
    { type: "xstate.done.actor.loadEnrollment", output: loaded("ACTIVE") },
    { type: "xstate.done.actor.loadEnrollment", output: loaded("PENDING") },
    { type: "xstate.done.actor.loadEnrollment", output: loaded("NEEDS_ACTION") },
    { type: "xstate.done.actor.loadEnrollment", output: loaded("REJECTED") },
    { type: "xstate.done.actor.loadEnrollment", output: loaded("UNENROLLED") },
    { type: "xstate.error.actor.loadEnrollment", error: upstream() },
    { type: "xstate.done.actor.cancelEnrollment", output: enrollment("UNENROLLED") },
    { type: "xstate.error.actor.cancelEnrollment", error: conflict("not_pending") },
    { type: "xstate.error.actor.cancelEnrollment", error: upstream() },
    { type: "MANAGE.OPT_OUT", eventId: upcoming.id },
    { type: "MANAGE.OPT_OUT", eventId: completed.id },
    { type: "MANAGE.OPT_IN", eventId: upcoming.id },
    { type: "MANAGE.SET_RESERVE", eventId: upcoming.id, percentage: 50 },
    { type: "MANAGE.SET_RESERVE", eventId: upcoming.id, percentage: 10 },
    { type: "MANAGE.SET_RESERVE", eventId: completed.id, percentage: 50 },
    { type: "xstate.done.actor.updateEvent", output: { ...upcoming, is_participating: false } },
    { type: "xstate.error.actor.updateEvent", error: conflict("event_not_changeable") },
    { type: "xstate.error.actor.updateEvent", error: upstream() },
    { type: "xstate.done.actor.unenroll", output: enrollment("UNENROLLED") },
    { type: "xstate.error.actor.unenroll", error: refusal },
    { type: "xstate.error.actor.unenroll", error: conflict("not_active") },
    { type: "xstate.error.actor.unenroll", error: upstream() },
  ],
  // Append-only, for the host: the walk does not count it as a new state.
  unstable: ["hostNotices"],
  connect: connectManageEnrollment,
  act(view, event) {
    switch (event.type) {
      case "MANAGE.OPT_OUT":
        return view.optOut(event.eventId);
      case "MANAGE.OPT_IN":
        return view.optIn(event.eventId);
      case "MANAGE.SET_RESERVE":
        return view.setReserve(event.eventId, event.percentage);
      case "MANAGE.CONFIRM":
        return view.confirm();
      case "MANAGE.CANCEL_ENROLLMENT":
        return view.cancelEnrollment();
      case "MANAGE.UNENROLL":
        return view.unenroll();
      case "MANAGE.REFRESH":
        return view.refresh();
      case "MANAGE.RETRY":
        return view.retry();
      case "MANAGE.BACK":
        return view.back();
      case "MANAGE.DONE":
        return view.done();
      case "MANAGE.EXIT":
        return view.exit();
    }
  },
  sees: {
    loading(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(requests["loadEnrollment"]?.at(-1)).toEqual({ enrollment_id: "enr-1" });
    },
    loadFailed(view) {
      calm(view);
      expect(view.error).toMatchObject({ code: "upstream", retryable: true });
      expect([view.canRetry, view.canGoBack]).toEqual([true, false]);
    },
    pending(view) {
      calm(view);
      expect(view.enrollment.status).toMatch(/^(PENDING|NEEDS_ACTION)$/);
      // Only a PENDING one may be cancelled.
      expect(view.canCancelEnrollment).toBe(view.enrollment.status === "PENDING");
      expect(view.currentEvents).toEqual([]);
    },
    confirmingCancel(view) {
      calm(view);
      expect(view.enrollment.status).toBe("PENDING");
      expect(view.canGoBack).toBe(true);
    },
    cancelling(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(requests["cancelEnrollment"]?.at(-1)).toEqual({ enrollment_id: "enr-1" });
    },
    cancelFailed(view) {
      calm(view);
      expect(view.error?.code).toMatch(/^(upstream|conflict)$/);
      expect([view.canRetry, view.canGoBack]).toEqual([true, true]);
    },
    active(view, { via }) {
      calm(view);
      expect(view.enrollment.status).toBe("ACTIVE");
      expect(view.currentEvents.map((item) => item.event.id)).toEqual(["evt-1"]);
      expect(view.pastEvents.map((item) => [item.event.id, item.changeable])).toEqual([["evt-0", false]]);
      expect(view.reserveBounds).toEqual({ minimum: 20, maximum: 80 });
      // No event reserve and no programme default: the household's own applies.
      const reserve = view.currentEvents[0]?.reserve;
      expect(reserve).toEqual({ percentage: 30, source: "site" });
      const refusedReserve = via.type === "MANAGE.SET_RESERVE" && via["eventId"] === upcoming.id && via["percentage"] === 10;
      expect(view.reserveError).toEqual(refusedReserve ? { eventId: "evt-1", reason: "below_minimum" } : null);
      expect(view.change).toBeNull();
      expect(view.canUnenroll).toBe(true);
      if (via.type === "xstate.done.actor.updateEvent") expect(view.changes.length).toBeGreaterThan(0);
    },
    confirmingChange(view, { via }) {
      calm(view);
      expect(view.change?.eventId).toBe("evt-1");
      expect(view.change?.event?.id).toBe("evt-1");
      if (via.type === "MANAGE.OPT_OUT") expect(view.change?.kind).toBe("opt_out");
      if (via.type === "MANAGE.SET_RESERVE") expect(view.change).toMatchObject({ kind: "reserve", percentage: 50 });
      expect(view.canGoBack).toBe(true);
    },
    updatingEvent(view, { requests }) {
      expect(view.isLoading).toBe(true);
      const request = requests["updateEvent"]?.at(-1) as Record<string, unknown>;
      expect(request["event_id"]).toBe("evt-1");
      if (view.change?.kind === "reserve") expect(request["device_settings"]).toEqual([{ device_id: "dev-1", backup_reserve_percentage: 50 }]);
      else expect(request["is_participating"]).toBe(view.change?.kind === "opt_in");
    },
    updateFailed(view) {
      calm(view);
      expect(view.error?.code).toMatch(/^(upstream|conflict)$/);
      expect([view.canRetry, view.canGoBack]).toEqual([true, true]);
    },
    reviewingUnenroll(view) {
      calm(view);
      expect(view.terms).toMatchObject({ minimum_commitment_months: 12, committed_until: "2027-10-21T09:30:00.000Z", within_commitment: true });
      // Within the commitment, leaving costs the programme's penalty (a refusing programme: manage-enrollment.test.ts).
      expect(view.canConfirmUnenroll).toBe(true);
      expect(view.terms?.penalty).toBe(50);
    },
    unenrolling(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(requests["unenroll"]?.at(-1)).toEqual({ enrollment_id: "enr-1" });
    },
    unenrollFailed(view) {
      calm(view);
      expect(view.refusal).toBeNull();
      expect(view.error?.code).toMatch(/^(upstream|conflict)$/);
      expect([view.canRetry, view.canGoBack]).toEqual([true, true]);
    },
    refused(view) {
      calm(view);
      // Explained, not shown as an error.
      expect(view.error).toBeNull();
      expect(view.refusal).toEqual({ reason: "minimum_commitment", minimum_commitment_months: 12, earliest_unenroll_at: "2027-10-21T09:30:00.000Z", penalty: 0 });
      expect([view.canRetry, view.canGoBack]).toEqual([false, true]);
    },
    rejected(view) {
      calm(view);
      expect(view.enrollment.status).toBe("REJECTED");
      expect(view.canCancelEnrollment).toBe(false);
    },
    left(view) {
      calm(view);
      expect(view.enrollment.status).toBe("UNENROLLED");
    },
    kept(view) {
      calm(view);
    },
    cancelled(view) {
      calm(view);
      expect(view.enrollment.status).toBe("UNENROLLED");
    },
    unenrolled(view) {
      calm(view);
      expect(view.enrollment.status).toBe("UNENROLLED");
    },
    exited(view) {
      calm(view);
    },
  },
});
