/**
 * Model-based test of the enrollment flow (the harness in model.harness.ts): every state by
 * its shortest paths, with what the user sees checked at each step, and every transition taken.
 */
import { createSandboxApi, missingForEnrollmentError, OnflexError } from "@onflex/core";
import type { Enrollment, MissingForEnrollment, Program, Site } from "@onflex/core";
import { expect } from "vitest";
import { bindFlow, connectEnrollment, enrollmentFlow } from "../src/index.js";
import type { EnrollmentView } from "../src/index.js";
import { fixedNow, upstream } from "./fakes.js";
import { modelTests } from "./model.harness.js";

const machine = bindFlow(enrollmentFlow, { api: createSandboxApi(), clock: fixedNow });
const agreedAt = fixedNow().toISOString();

const program: Program = {
  id: "prg-1",
  name: "Peak Rewards",
  description: "A battery programme.",
  can_auto_enroll: false,
  earnings_for_site_upfront: 50,
  earnings_for_site_yearly: 120,
  eligible_device_types: ["BATTERY"],
  enrollment_form: [{ label: "Tank size", name: "tank", type: "number" }],
  minimum_commitment_months: 12,
  participation_months: [6, 7],
  terms_and_conditions_text: "# Terms",
  terms_and_conditions_version: "v1",
};
// A programme none of the site's devices can join: never listed.
const thermostatOnly: Program = { ...program, id: "prg-2", eligible_device_types: ["THERMOSTAT"] };
const site = (zip: string | null): Site => ({
  id: "site-1",
  first_name: "Sam",
  last_name: null,
  email: null,
  phone_number: null,
  street_address: null,
  city: null,
  state_code: null,
  zip_code: zip,
  devices: [{ id: "dev-1", type: "BATTERY", manufacturer_name: null, product_name: null }],
});
const enrollment = (status: Enrollment["status"]): Enrollment => ({
  id: "enr-1",
  site_id: "site-1",
  program_id: program.id,
  device_ids: ["dev-1"],
  status,
  enroll_method: "USER_ACTION",
  has_agreed_to_terms_and_conditions: true,
  terms_and_conditions_version: "v1",
  terms_and_conditions_agreed_at: agreedAt,
  program_specific_attributes: [],
  created_at: agreedAt,
});
const missing = (siteAttributes: MissingForEnrollment["missing_site_attributes"]): MissingForEnrollment => ({
  missing_site_attributes: siteAttributes,
  missing_program_specific_attributes: [{ name: "tank", label: "Tank size", type: "number", hint: "On the label.", error: "is required" }],
  missing_has_agreed_to_terms_and_conditions: false,
  missing_terms_and_conditions_version: false,
  incorrect_terms_and_conditions_version: false,
});
const conflict = () => new OnflexError("conflict", "Only a pending enrolment can be cancelled.", { details: { reason: "not_pending", enrollment_status: "ACTIVE" } });

function calm(view: EnrollmentView) {
  expect(view.isLoading).toBe(false);
}

modelTests<typeof machine, EnrollmentView>({
  name: "enrollment",
  machine,
  input: {},
  requests: ["loadHome", "listPrograms", "createEnrollment", "updateSite", "cancelEnrollment"],
  samples: [
    { type: "xstate.done.actor.loadHome", output: { site: site("88802"), enrollments: [] } },
    { type: "xstate.done.actor.loadHome", output: { site: site(null), enrollments: [] } },
    { type: "xstate.done.actor.loadHome", output: { site: site("88802"), enrollments: [enrollment("ACTIVE")] } },
    { type: "xstate.done.actor.loadHome", output: { site: site("88802"), enrollments: [enrollment("PENDING")] } },
    // A pending enrolment at a site without a zip code: after a cancel the flow asks for one.
    { type: "xstate.done.actor.loadHome", output: { site: site(null), enrollments: [enrollment("PENDING")] } },
    { type: "xstate.error.actor.loadHome", error: upstream() },
    { type: "ENROLLMENT.SUBMIT_ZIP", zipCode: "88802" },
    { type: "ENROLLMENT.SUBMIT_ZIP", zipCode: "nope" },
    { type: "xstate.done.actor.listPrograms", output: { zip_code: "88802", programs: [program, thermostatOnly] } },
    { type: "xstate.done.actor.listPrograms", output: { zip_code: "88802", programs: [thermostatOnly] } },
    { type: "xstate.error.actor.listPrograms", error: upstream() },
    { type: "ENROLLMENT.SELECT", programId: program.id },
    { type: "ENROLLMENT.SELECT", programId: thermostatOnly.id },
    { type: "ENROLLMENT.ENROL", agreed: true },
    { type: "ENROLLMENT.ENROL", agreed: false },
    { type: "xstate.done.actor.createEnrollment", output: enrollment("PENDING") },
    { type: "xstate.error.actor.createEnrollment", error: missingForEnrollmentError(missing(["city"])) },
    { type: "xstate.error.actor.createEnrollment", error: missingForEnrollmentError(missing([])) },
    { type: "xstate.error.actor.createEnrollment", error: upstream() },
    { type: "ENROLLMENT.SUBMIT_MISSING", site: { city: "Testville" }, answers: [{ name: "tank", value: 50 }] },
    { type: "ENROLLMENT.SUBMIT_MISSING", site: {}, answers: [{ name: "tank", value: 50 }] },
    { type: "ENROLLMENT.SUBMIT_MISSING", site: {}, answers: [{ name: "tank", value: "fifty" }] },
    { type: "xstate.done.actor.updateSite", output: { ...site("88802"), city: "Testville" } },
    { type: "xstate.error.actor.updateSite", error: upstream() },
    { type: "xstate.done.actor.cancelEnrollment", output: enrollment("UNENROLLED") },
    { type: "xstate.error.actor.cancelEnrollment", error: conflict() },
    { type: "xstate.error.actor.cancelEnrollment", error: upstream() },
  ],
  unstable: ["idempotencyKey", "hostNotices"],
  connect: connectEnrollment,
  act(view, event) {
    switch (event.type) {
      case "ENROLLMENT.SUBMIT_ZIP":
        return view.submitZipCode(event.zipCode);
      case "ENROLLMENT.SELECT":
        return view.select(event.programId);
      case "ENROLLMENT.ENROL":
        return view.enrol(event.agreed);
      case "ENROLLMENT.SUBMIT_MISSING":
        return view.submitMissing(event.site, event.answers);
      case "ENROLLMENT.CANCEL":
        return view.cancel();
      case "ENROLLMENT.CONTINUE":
        return view.continue();
      case "ENROLLMENT.RETRY":
        return view.retry();
      case "ENROLLMENT.BACK":
        return view.back();
      case "ENROLLMENT.EXIT":
        return view.exit();
    }
  },
  sees: {
    loading(view) {
      expect(view.isLoading).toBe(true);
      expect(view.error).toBeNull();
    },
    loadFailed(view) {
      calm(view);
      expect(view.error).toMatchObject({ code: "upstream", retryable: true });
      expect([view.canRetry, view.canGoBack]).toEqual([true, false]);
    },
    askingZipCode(view) {
      calm(view);
      expect(view.zipCode).toBeNull();
      expect(view.programs).toEqual([]);
      expect(view.enrollment).toBeNull();
    },
    listing(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(requests["listPrograms"]?.at(-1)).toEqual({ zip_code: "88802", device_type: null });
    },
    listFailed(view) {
      calm(view);
      expect(view.error).toMatchObject({ code: "upstream" });
      expect(view.canRetry).toBe(true);
    },
    choosing(view, { played }) {
      calm(view);
      // Only the programme the site's battery can join.
      expect(view.programs).toEqual([program]);
      expect(view.canGoBack).toBe(false);
      const cancelled = played.at(-1)?.type === "xstate.done.actor.cancelEnrollment";
      expect(view.cancelledProgram).toEqual(cancelled ? program : view.cancelledProgram);
      if (cancelled) expect(view.enrollment).toBeNull();
    },
    details(view, { via }) {
      calm(view);
      expect(view.program).toEqual(program);
      expect(view.devices.map((d) => d.id)).toEqual(["dev-1"]);
      expect(view.consentMissing).toBe(via.type === "ENROLLMENT.ENROL" && via["agreed"] === false);
      expect(view.canGoBack).toBe(true);
    },
    creating(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(view.agreement).toEqual({ programId: program.id, version: "v1", agreedAt });
      expect(requests["createEnrollment"]?.at(-1)).toMatchObject({
        program_id: program.id,
        device_ids: ["dev-1"],
        has_agreed_to_terms_and_conditions: true,
        terms_and_conditions_version: "v1",
        terms_and_conditions_agreed_at: agreedAt,
        idempotencyKey: expect.stringMatching(/.+/),
      });
    },
    createFailed(view) {
      calm(view);
      expect(view.error).toMatchObject({ code: "upstream" });
      expect([view.canRetry, view.canGoBack]).toEqual([true, true]);
    },
    collecting(view) {
      calm(view);
      expect(view.missing?.missing_program_specific_attributes.map((f) => f.name)).toEqual(["tank"]);
      expect(view.error).toBeNull();
      expect(view.canGoBack).toBe(true);
    },
    savingSite(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(requests["updateSite"]?.at(-1)).toEqual({ city: "Testville" });
    },
    saveFailed(view) {
      calm(view);
      expect(view.error).toMatchObject({ code: "upstream" });
      expect([view.canRetry, view.canGoBack]).toEqual([true, true]);
    },
    pending(view) {
      calm(view);
      expect(view.enrollment?.status).toBe("PENDING");
      expect(view.canCancel).toBe(true);
    },
    cancelling(view, { requests }) {
      expect(view.isLoading).toBe(true);
      expect(requests["cancelEnrollment"]?.at(-1)).toEqual({ enrollment_id: "enr-1" });
    },
    cancelFailed(view) {
      calm(view);
      expect(view.isNoLongerPending).toBe(view.error?.code === "conflict");
      expect([view.canRetry, view.canGoBack]).toEqual([true, true]);
    },
    enrolled(view) {
      calm(view);
      expect(view.enrollment?.status).toMatch(/^(PENDING|ACTIVE)$/);
    },
    noPrograms(view) {
      calm(view);
      expect(view.programs).toEqual([]);
      expect(view.zipCode).toBe("88802");
    },
    exited(view) {
      calm(view);
    },
  },
});
