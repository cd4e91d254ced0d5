import type { Enrollment, EnrollmentCreateInput, OnboardingApi, ProgramDeviceType, ProgramList, Site, SiteUpdateInput } from "@onflex/core";
import { missingForEnrollment, PROGRAM_DEVICE_TYPES } from "@onflex/core";
import { assertEvent, assign, fromPromise, setup } from "xstate";
import { UNBOUND_DEPS } from "../shared/shared.deps.js";
import { text, toFlowError } from "../shared/shared.utils.js";
import { acceptAnswers, asksForInformation, devicesFor, isZipCode, mergeAnswers, openEnrollment } from "./enrollment.rules.js";
import type { EnrollmentContext, EnrollmentEvent, EnrollmentInput, EnrollmentOutput } from "./enrollment.types.js";

// Exported so declaration emit can name them in the journey machine's type.
export interface HomeState {
  site: Site;
  enrollments: Enrollment[];
}
export interface CreateEnrollmentRequest extends EnrollmentCreateInput {
  idempotencyKey: string;
}

function newIdempotencyKey(): string {
  // randomUUID is in every supported browser and Node 20; the fallback only keeps odd runtimes working.
  return typeof globalThis.crypto?.randomUUID === "function" ? globalThis.crypto.randomUUID() : `enrollment-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const isDeviceType = (value: unknown): value is ProgramDeviceType => (PROGRAM_DEVICE_TYPES as readonly unknown[]).includes(value);

/** The flow's I/O, bound to an API by the journey (or `bindFlow`). */
export function enrollmentActors(api: OnboardingApi) {
  return {
    loadHome: fromPromise<HomeState, void>(async ({ signal }) => {
      const [site, list] = await Promise.all([api.site.get({}, { signal }), api.enrollments.list({}, { signal })]);
      return { site, enrollments: list.enrollments };
    }),
    listPrograms: fromPromise<ProgramList, { zip_code: string; device_type: ProgramDeviceType | null }>(({ input, signal }) =>
      api.programs.list(input.device_type ? { zip_code: input.zip_code, device_type: input.device_type } : { zip_code: input.zip_code }, { signal }),
    ),
    updateSite: fromPromise<Site, SiteUpdateInput>(({ input, signal }) => api.site.update(input, { signal })),
    createEnrollment: fromPromise<Enrollment, CreateEnrollmentRequest>(({ input, signal }) => {
      const { idempotencyKey, ...request } = input;
      return api.enrollments.create(request, { signal, idempotencyKey });
    }),
    cancelEnrollment: fromPromise<Enrollment, { enrollment_id: string }>(({ input, signal }) => api.enrollments.cancel(input, { signal })),
  };
}

/** Stamps the moment the household agreed to the terms with the journey's clock. */
export function enrollmentActions(clock: () => Date) {
  return {
    stampAgreement: assign<EnrollmentContext, EnrollmentEvent, undefined, EnrollmentEvent, never>(({ context }) => {
      const program = context.program;
      if (!program) return {};
      const same = context.agreement?.programId === program.id && context.agreement.version === program.terms_and_conditions_version;
      return {
        agreement: { programId: program.id, version: program.terms_and_conditions_version, agreedAt: clock().toISOString() },
        consentMissing: false,
        // A new programme or new terms is a new request: it gets its own key.
        idempotencyKey: same ? (context.idempotencyKey ?? newIdempotencyKey()) : newIdempotencyKey(),
        error: null,
      };
    }),
  };
}

export const enrollmentMachine = setup({
  types: {
    context: {} as EnrollmentContext,
    events: {} as EnrollmentEvent,
    input: {} as EnrollmentInput,
    output: {} as EnrollmentOutput | null,
  },
  actors: enrollmentActors(UNBOUND_DEPS.api),
  guards: {
    isSettled: (_, home: HomeState) => {
      const open = openEnrollment(home.enrollments);
      return open !== null && open.status !== "PENDING";
    },
    isPending: (_, home: HomeState) => openEnrollment(home.enrollments)?.status === "PENDING",
    hasZipCode: ({ context }) => context.zipCode !== null,
    siteHasZipCode: (_, home: HomeState) => isZipCode(home.site.zip_code),
    isZipCode: ({ event }) => {
      assertEvent(event, "ENROLLMENT.SUBMIT_ZIP");
      return isZipCode(event.zipCode);
    },
    hasPrograms: ({ context }, list: ProgramList) => list.programs.some((program) => devicesFor(context.site, program, context.deviceType).length > 0),
    isListed: ({ context, event }) => {
      assertEvent(event, "ENROLLMENT.SELECT");
      return context.programs.some((program) => program.id === event.programId);
    },
    hasAgreed: ({ event }) => {
      assertEvent(event, "ENROLLMENT.ENROL");
      return event.agreed === true;
    },
    asksForInformation: (_, params: { error: unknown }) => asksForInformation(missingForEnrollment(params.error)),
    answersWhatWasAsked: ({ context, event }) => {
      assertEvent(event, "ENROLLMENT.SUBMIT_MISSING");
      return acceptAnswers(context.missing, event) !== null;
    },
    /** The answers are complete and include site attributes, which go to the site first. */
    answersWithSite: ({ context, event }) => {
      assertEvent(event, "ENROLLMENT.SUBMIT_MISSING");
      const accepted = acceptAnswers(context.missing, event);
      return accepted !== null && Object.keys(accepted.site).length > 0;
    },
    isConflict: ({ context }) => context.error?.code === "conflict",
  },
  actions: {
    storeHome: assign(({ context }, home: HomeState) => ({
      site: home.site,
      enrollment: openEnrollment(home.enrollments),
      zipCode: context.zipCode ?? (isZipCode(home.site.zip_code) ? home.site.zip_code.trim() : null),
      error: null,
    })),
    storeZipCode: assign(({ event }) => {
      assertEvent(event, "ENROLLMENT.SUBMIT_ZIP");
      return { zipCode: event.zipCode.trim() };
    }),
    // Only the programmes the site has a device for: the others could not enrol it.
    storePrograms: assign(({ context }, list: ProgramList) => ({
      programs: list.programs.filter((program) => devicesFor(context.site, program, context.deviceType).length > 0),
      error: null,
    })),
    storeProgram: assign(({ context, event }) => {
      assertEvent(event, "ENROLLMENT.SELECT");
      const program = context.programs.find((item) => item.id === event.programId) ?? null;
      const same = program?.id === context.program?.id;
      // Another programme asks its own questions.
      return same ? { program, consentMissing: false } : { program, consentMissing: false, missing: null, answers: [], siteUpdate: null, agreement: null, idempotencyKey: null };
    }),
    markConsentMissing: assign({ consentMissing: true }),
    storeMissing: assign((_, params: { error: unknown }) => ({ missing: missingForEnrollment(params.error), error: null })),
    storeAnswers: assign(({ context, event }) => {
      assertEvent(event, "ENROLLMENT.SUBMIT_MISSING");
      const accepted = acceptAnswers(context.missing, event);
      if (!accepted) return {};
      // New answers are a new request: the server must see them, not a replay of the last one.
      return { siteUpdate: accepted.site, answers: mergeAnswers(context.answers, accepted.answers), idempotencyKey: newIdempotencyKey() };
    }),
    storeSite: assign((_, site: Site) => ({ site, siteUpdate: null, error: null })),
    storeEnrollment: assign(({ context }, enrollment: Enrollment) => ({
      enrollment,
      missing: null,
      error: null,
      cancelledProgramId: null,
      hostNotices: [...(context.hostNotices ?? []), { change: "enrolled" as const, enrollmentId: enrollment.id, programId: enrollment.program_id }],
    })),
    storeCancelled: assign(({ context }) => ({
      hostNotices: context.enrollment
        ? [...(context.hostNotices ?? []), { change: "cancelled" as const, enrollmentId: context.enrollment.id, programId: context.enrollment.program_id }]
        : context.hostNotices,
      cancelledProgramId: context.enrollment?.program_id ?? null,
      enrollment: null,
      agreement: null,
      idempotencyKey: null,
      program: null,
      error: null,
    })),
    storeError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
    clearError: assign({ error: null }),
    ...enrollmentActions(UNBOUND_DEPS.clock),
  },
}).createMachine({
  id: "enrollment",
  context: ({ input }) => ({
    zipCode: isZipCode(input?.zipCode) ? text(input.zipCode).trim() : null,
    deviceType: isDeviceType(input?.deviceType) ? input.deviceType : null,
    site: null,
    programs: [],
    program: null,
    consentMissing: false,
    agreement: null,
    missing: null,
    siteUpdate: null,
    answers: [],
    idempotencyKey: null,
    enrollment: null,
    cancelledProgramId: null,
    error: null,
    hostNotices: [],
    ended: null,
  }),
  initial: "loading",
  on: { "ENROLLMENT.EXIT": ".exited" },
  states: {
    loading: {
      invoke: {
        id: "loadHome",
        src: "loadHome",
        onDone: [
          // Enrolled (or waiting on the household): done; the journey routes to managing it.
          { guard: { type: "isSettled", params: ({ event }) => event.output }, target: "enrolled", actions: { type: "storeHome", params: ({ event }) => event.output } },
          { guard: { type: "isPending", params: ({ event }) => event.output }, target: "pending", actions: { type: "storeHome", params: ({ event }) => event.output } },
          { guard: "hasZipCode", target: "listing", actions: { type: "storeHome", params: ({ event }) => event.output } },
          { guard: { type: "siteHasZipCode", params: ({ event }) => event.output }, target: "listing", actions: { type: "storeHome", params: ({ event }) => event.output } },
          { target: "askingZipCode", actions: { type: "storeHome", params: ({ event }) => event.output } },
        ],
        onError: { target: "loadFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    loadFailed: { on: { "ENROLLMENT.RETRY": { target: "loading", actions: "clearError" } } },
    askingZipCode: {
      on: { "ENROLLMENT.SUBMIT_ZIP": { guard: "isZipCode", target: "listing", actions: "storeZipCode" } },
    },
    listing: {
      invoke: {
        id: "listPrograms",
        src: "listPrograms",
        input: ({ context }) => ({ zip_code: context.zipCode ?? "", device_type: context.deviceType }),
        onDone: [
          { guard: { type: "hasPrograms", params: ({ event }) => event.output }, target: "choosing", actions: { type: "storePrograms", params: ({ event }) => event.output } },
          { target: "noPrograms", actions: { type: "storePrograms", params: ({ event }) => event.output } },
        ],
        onError: { target: "listFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    listFailed: { on: { "ENROLLMENT.RETRY": { target: "listing", actions: "clearError" } } },
    choosing: {
      on: { "ENROLLMENT.SELECT": { guard: "isListed", target: "details", actions: "storeProgram" } },
    },
    details: {
      on: {
        "ENROLLMENT.BACK": { target: "choosing" },
        "ENROLLMENT.ENROL": [
          { guard: "hasAgreed", target: "creating", actions: "stampAgreement" },
          { target: "details", actions: "markConsentMissing" },
        ],
      },
    },
    creating: {
      invoke: {
        id: "createEnrollment",
        src: "createEnrollment",
        input: ({ context }) => {
          const program = context.program;
          return {
            program_id: program?.id ?? "",
            device_ids: program ? devicesFor(context.site, program, context.deviceType).map((device) => device.id) : [],
            has_agreed_to_terms_and_conditions: context.agreement !== null,
            terms_and_conditions_version: context.agreement?.version ?? "",
            terms_and_conditions_agreed_at: context.agreement?.agreedAt ?? "",
            program_specific_attributes: context.answers,
            idempotencyKey: context.idempotencyKey ?? "",
          };
        },
        onDone: { target: "pending", actions: { type: "storeEnrollment", params: ({ event }) => event.output } },
        onError: [
          {
            guard: { type: "asksForInformation", params: ({ event }) => ({ error: event.error }) },
            target: "collecting",
            actions: { type: "storeMissing", params: ({ event }) => ({ error: event.error }) },
          },
          { target: "createFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
        ],
      },
    },
    createFailed: {
      on: {
        "ENROLLMENT.RETRY": { target: "creating", actions: "clearError" },
        "ENROLLMENT.BACK": { target: "details", actions: "clearError" },
      },
    },
    collecting: {
      on: {
        "ENROLLMENT.SUBMIT_MISSING": [
          { guard: "answersWithSite", target: "savingSite", actions: "storeAnswers" },
          { guard: "answersWhatWasAsked", target: "creating", actions: "storeAnswers" },
        ],
        "ENROLLMENT.BACK": { target: "details" },
      },
    },
    // Sends the site attributes the form collected, then enrols again.
    savingSite: {
      invoke: {
        id: "updateSite",
        src: "updateSite",
        input: ({ context }) => ({ ...context.siteUpdate }),
        onDone: { target: "creating", actions: { type: "storeSite", params: ({ event }) => event.output } },
        onError: { target: "saveFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    saveFailed: {
      on: {
        "ENROLLMENT.RETRY": { target: "savingSite", actions: "clearError" },
        "ENROLLMENT.BACK": { target: "collecting", actions: "clearError" },
      },
    },
    pending: {
      on: {
        "ENROLLMENT.CANCEL": { target: "cancelling" },
        "ENROLLMENT.CONTINUE": { target: "enrolled" },
      },
    },
    // Cancelling returns to the programme list, so the household may choose again.
    cancelling: {
      invoke: {
        id: "cancelEnrollment",
        src: "cancelEnrollment",
        input: ({ context }) => ({ enrollment_id: context.enrollment?.id ?? "" }),
        onDone: [
          { guard: "hasZipCode", target: "listing", actions: "storeCancelled" },
          { target: "askingZipCode", actions: "storeCancelled" },
        ],
        onError: { target: "cancelFailed", actions: { type: "storeError", params: ({ event }) => ({ error: event.error }) } },
      },
    },
    cancelFailed: {
      on: {
        // A conflict means the enrolment is no longer pending: look again at where it stands.
        "ENROLLMENT.RETRY": [
          { guard: "isConflict", target: "loading", actions: "clearError" },
          { target: "cancelling", actions: "clearError" },
        ],
        "ENROLLMENT.BACK": { target: "pending", actions: "clearError" },
      },
    },
    enrolled: { type: "final", entry: assign({ ended: "enrolled" as const }) },
    noPrograms: { type: "final", entry: assign({ ended: "no_programs" as const }) },
    exited: { type: "final" },
  },
  output: ({ context }): EnrollmentOutput | null => {
    if (context.ended === "enrolled" && context.enrollment) return { outcome: "enrolled", enrollment: context.enrollment };
    if (context.ended === "no_programs") return { outcome: "no_programs", zipCode: context.zipCode, deviceType: context.deviceType };
    return null;
  },
});

export type EnrollmentMachine = typeof enrollmentMachine;
