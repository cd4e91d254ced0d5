import { createSandboxApi, missingForEnrollment, OnflexError, SANDBOX_PROGRAM_IDS, SANDBOX_SITES } from "@onflex/core";
import type { OnboardingApi, SandboxApi, SandboxOptions } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, waitFor } from "xstate";
import { acceptAnswers, bindFlow, connectEnrollment, connectJourney, createJourneyMachine, enrollmentFlow, onflexFlowRegistry, presets } from "../src/index.js";
import type { EnrollmentInput } from "../src/index.js";
import { fixedNow } from "./fakes.js";

function start(options: { api?: OnboardingApi; sandbox?: SandboxOptions; input?: EnrollmentInput } = {}) {
  const api = (options.api ?? createSandboxApi({ clock: fixedNow, ...options.sandbox })) as SandboxApi;
  const actor = createActor(bindFlow(enrollmentFlow, { api, clock: fixedNow }), { input: options.input ?? {} }).start();
  const at = (value: string) => waitFor(actor, (s) => s.matches(value as never));
  return { actor, api, at, view: () => connectEnrollment(actor.getSnapshot(), actor.send) };
}

describe("enrollment flow", () => {
  it("lists the programmes the site's devices can join at its zip code, asks for what is missing, and enrols as PENDING", async () => {
    const { actor, at, view, api } = start();
    expect(view().isLoading).toBe(true);
    await at("choosing");
    expect(view().zipCode).toBe("88802");
    expect(view().programs.map((p) => p.id)).toEqual([SANDBOX_PROGRAM_IDS.batteryPeak, SANDBOX_PROGRAM_IDS.evOffPeak, SANDBOX_PROGRAM_IDS.waterHeaterFlex]);

    view().select(SANDBOX_PROGRAM_IDS.evOffPeak);
    await at("details");
    expect(view().program?.name).toBe("Off-Peak EV Charging");
    expect(view().devices.map((d) => d.id)).toEqual(["sbx-dev-ev-charger"]);

    // Enrol without agreeing: nothing is sent, the view says why.
    view().enrol(false);
    expect(view().step).toBe("details");
    expect(view().consentMissing).toBe(true);

    view().enrol(true);
    await at("collecting");
    expect(view().agreement).toEqual({ programId: SANDBOX_PROGRAM_IDS.evOffPeak, version: "2026-03", agreedAt: fixedNow().toISOString() });
    expect(view().missing?.missing_site_attributes).toEqual(["last_name"]);
    expect(view().missing?.missing_program_specific_attributes.map((f) => [f.name, f.type])).toEqual([
      ["has_solar", "boolean"],
      ["daily_miles", "number"],
    ]);

    // Answers of the wrong type are not accepted.
    view().submitMissing({ last_name: "Rivera" }, [
      { name: "has_solar", value: "yes" },
      { name: "daily_miles", value: 30 },
    ]);
    expect(view().step).toBe("collecting");

    view().submitMissing({ last_name: " Rivera " }, [
      { name: "has_solar", value: true },
      { name: "daily_miles", value: 30 },
    ]);
    await at("pending");
    expect(api.simulation.site().last_name).toBe("Rivera");
    expect(view().enrollment).toMatchObject({
      status: "PENDING",
      program_id: SANDBOX_PROGRAM_IDS.evOffPeak,
      device_ids: ["sbx-dev-ev-charger"],
      terms_and_conditions_version: "2026-03",
      terms_and_conditions_agreed_at: fixedNow().toISOString(),
      program_specific_attributes: [
        { name: "has_solar", value: true },
        { name: "daily_miles", value: 30 },
      ],
    });
    expect(view().canCancel).toBe(true);

    view().continue();
    await waitFor(actor, (s) => s.status === "done");
    expect(actor.getSnapshot().output).toMatchObject({ outcome: "enrolled", enrollment: { status: "PENDING" } });
    // What the host hears (the journey reports each notice once).
    expect(actor.getSnapshot().context.hostNotices).toEqual([{ change: "enrolled", enrollmentId: view().enrollment?.id, programId: SANDBOX_PROGRAM_IDS.evOffPeak }]);
  });

  it("cancel while PENDING returns to the list, which says so, and the household may enrol again", async () => {
    const { at, view, api } = start({ sandbox: { site: SANDBOX_SITES.complete } });
    await at("choosing");
    view().select(SANDBOX_PROGRAM_IDS.thermostatSummer);
    view().enrol(true);
    await at("pending");
    view().cancel();
    expect(view().isLoading).toBe(true);
    await at("choosing");
    expect(view().cancelledProgram?.id).toBe(SANDBOX_PROGRAM_IDS.thermostatSummer);
    expect(api.simulation.enrollments()[0]?.status).toBe("UNENROLLED");
    view().select(SANDBOX_PROGRAM_IDS.thermostatSummer);
    view().enrol(true);
    await at("pending");
    expect(api.simulation.enrollments().map((e) => e.status)).toEqual(["PENDING", "UNENROLLED"]);
  });

  it("an ACTIVE enrolment ends the flow at once with the enrolment fact", async () => {
    const { actor } = start({ sandbox: { site: SANDBOX_SITES.enrolledActive } });
    await waitFor(actor, (s) => s.status === "done");
    expect(actor.getSnapshot().value).toBe("enrolled");
    expect(actor.getSnapshot().output).toMatchObject({ outcome: "enrolled", enrollment: { status: "ACTIVE", program_id: SANDBOX_PROGRAM_IDS.batteryPeak } });
  });

  it("a PENDING enrolment found at the start can be cancelled", async () => {
    const { at, view } = start({ sandbox: { site: SANDBOX_SITES.enrolledPending } });
    await at("pending");
    expect(view().enrollment?.program_id).toBe(SANDBOX_PROGRAM_IDS.evOffPeak);
    view().cancel();
    await at("choosing");
  });

  it("a cancel refused because the enrolment moved on explains it, and Retry looks again", async () => {
    let cancels = 0;
    const sandbox = createSandboxApi({ clock: fixedNow, site: SANDBOX_SITES.enrolledPending });
    const api: OnboardingApi = {
      ...sandbox,
      enrollments: {
        ...sandbox.enrollments,
        cancel: async () => {
          cancels += 1;
          throw new OnflexError("conflict", "Only a pending enrolment can be cancelled.", { details: { reason: "not_pending", enrollment_status: "ACTIVE" } });
        },
      },
    };
    const { at, view } = start({ api });
    await at("pending");
    view().cancel();
    await at("cancelFailed");
    expect(view().isNoLongerPending).toBe(true);
    expect(view().canRetry && view().canGoBack).toBe(true);
    view().retry();
    await at("pending");
    expect(cancels).toBe(1);
  });

  it("88803 has no programmes: a blocked result with reason no_programs", async () => {
    const { actor } = start({ sandbox: { site: SANDBOX_SITES.noPrograms } });
    await waitFor(actor, (s) => s.status === "done");
    expect(actor.getSnapshot().output).toEqual({ outcome: "no_programs", zipCode: "88803", deviceType: null });
    expect(enrollmentFlow.result(actor.getSnapshot().output ?? null, { facts: {}, params: {} })).toEqual({ status: "blocked", reason: "no_programs", details: { zipCode: "88803", deviceType: null } });
  });

  it("asks for the zip code when neither the host nor the site has one, and takes only five digits", async () => {
    const { at, view } = start({ sandbox: { site: SANDBOX_SITES.noZipCode } });
    await at("askingZipCode");
    view().submitZipCode("8880");
    view().submitZipCode("<script>");
    expect(view().step).toBe("askingZipCode");
    view().submitZipCode(" 88801 ");
    await at("choosing");
    expect(view().zipCode).toBe("88801");
  });

  it("params choose the zip code and the device type", async () => {
    const { at, view } = start({ input: { zipCode: "88802", deviceType: "WATER_HEATER" } });
    await at("choosing");
    expect(view().programs.map((p) => p.id)).toEqual([SANDBOX_PROGRAM_IDS.waterHeaterFlex]);
  });

  it("every failure offers a retry that works", async () => {
    const { at, view } = start({ sandbox: { failOnce: ["site.get", "programs.list", "enrollments.create", "site.update", "enrollments.cancel"] } });
    await at("loadFailed");
    expect(view().error).toMatchObject({ code: "upstream", retryable: true });
    view().retry();
    await at("listFailed");
    view().retry();
    await at("choosing");
    view().select(SANDBOX_PROGRAM_IDS.waterHeaterFlex);
    view().enrol(true);
    await at("createFailed");
    view().retry();
    await at("collecting");
    view().submitMissing({ street_address: "1 Sandbox Way", city: "Testville" }, [
      { name: "heated_space", value: false },
      { name: "tank_gallons", value: 50 },
      { name: "heater_serial", value: "WH-1234" },
    ]);
    await at("saveFailed");
    view().retry();
    await at("pending");
    view().cancel();
    await at("cancelFailed");
    expect(view().isNoLongerPending).toBe(false);
    view().retry();
    await at("choosing");
  });

  it("a retried enrolment sends the same idempotency key, so it is made once", async () => {
    const keys: (string | undefined)[] = [];
    const sandbox = createSandboxApi({ clock: fixedNow, site: SANDBOX_SITES.complete });
    let lose = true;
    const api: OnboardingApi = {
      ...sandbox,
      enrollments: {
        ...sandbox.enrollments,
        create: async (input, options) => {
          keys.push(options?.idempotencyKey);
          const made = await sandbox.enrollments.create(input, options);
          if (lose) {
            lose = false;
            throw new OnflexError("network", "The answer was lost.");
          }
          return made;
        },
      },
    };
    const { at, view } = start({ api });
    await at("choosing");
    view().select(SANDBOX_PROGRAM_IDS.thermostatSummer);
    view().enrol(true);
    await at("createFailed");
    view().retry();
    await at("pending");
    expect(keys[0]).toBeTruthy();
    expect(keys).toEqual([keys[0], keys[0]]);
    expect(sandbox.simulation.enrollments()).toHaveLength(1);
  });

  it("acceptAnswers keeps only what was asked, of the right type", () => {
    const missing = missingForEnrollment({
      code: "validation",
      details: {
        enrollment: {
          missing_site_attributes: ["city"],
          missing_program_specific_attributes: [{ name: "n", label: "N", type: "number", hint: "", error: "is required" }],
          missing_has_agreed_to_terms_and_conditions: false,
          missing_terms_and_conditions_version: false,
          incorrect_terms_and_conditions_version: false,
        },
      },
    });
    expect(acceptAnswers(missing, { site: { city: "A", email: "x@y.z" } as never, answers: [{ name: "n", value: 2 }, { name: "other", value: "x" }] })).toEqual({
      site: { city: "A" },
      answers: [{ name: "n", value: 2 }],
    });
    expect(acceptAnswers(missing, { site: { city: "A" }, answers: [{ name: "n", value: Number.NaN }] })).toBeNull();
    expect(acceptAnswers(missing, { site: null as never, answers: null as never })).toBeNull();
  });
});

describe("flipEnrollment preset", () => {
  it("an enrolled household's enrollment step ends at once with the enrolment fact, and managing it comes next", async () => {
    const api = createSandboxApi({ clock: fixedNow, site: SANDBOX_SITES.enrolledActive });
    const journey = createActor(createJourneyMachine(presets.flipEnrollment, { flows: onflexFlowRegistry, deps: { api, clock: fixedNow } }), { input: {} }).start();
    await waitFor(journey, (s) => connectJourney(s, journey.send).current?.flow === "manageEnrollment");
    const view = connectJourney(journey.getSnapshot(), journey.send);
    expect(view.screen).toBeDefined();
    expect(view.facts).toMatchObject({ enrollment: { status: "ACTIVE" } });
    journey.stop();
  });

  it("88803 blocks the journey with no_programs", async () => {
    const api = createSandboxApi({ clock: fixedNow, site: SANDBOX_SITES.noPrograms });
    const journey = createActor(createJourneyMachine(presets.flipEnrollment, { flows: onflexFlowRegistry, deps: { api, clock: fixedNow } }), { input: {} }).start();
    await waitFor(journey, (s) => s.matches("blocked" as never));
    expect(JSON.stringify(journey.getSnapshot().context)).toContain("no_programs");
  });
});
