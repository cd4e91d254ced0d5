import type * as z from "zod/mini";
import {
  AddressSearchInput,
  AddressSearchResult,
  ConsentInput,
  ConsentRecord,
  DeviceAuthCompleteInput,
  DeviceAuthResult,
  DeviceAuthStart,
  DeviceAuthStartInput,
  DeviceAuthStatusInput,
  DeviceMakes,
  DeviceMakesInput,
  DeviceModels,
  DeviceModelsInput,
  DeviceStatusInput,
  DeviceStatusResult,
  EligibilityCheckInput,
  Enrollment,
  EnrollmentCancelInput,
  EnrollmentCreateInput,
  EnrollmentList,
  EnrollmentsListInput,
  EnrollmentUnenrollInput,
  EventsListInput,
  EventUpdateInput,
  EligibleDeviceTypes,
  EligibleDeviceTypesInput,
  EligibilityResult,
  Meter,
  MeterByMpanInput,
  MeterLookupResult,
  MetersByAddressInput,
  ProgramEvent,
  ProgramEventList,
  ProgramList,
  ProgramsListInput,
  RegisterDeviceInput,
  RegisteredDevice,
  Site,
  SiteGetInput,
  SiteUpdateInput,
  TestCharge,
  TestChargeGetInput,
  TestChargeStartInput,
  Terms,
  TermsInput,
  VirtualKeyDetails,
  VirtualKeyDetailsInput,
  VirtualKeyStatus,
  VirtualKeyStatusInput,
  WizardAnswerInput,
  WizardGetInput,
  WizardRewindInput,
  WizardStartInput,
  WizardState,
  TariffDecisionInput,
  TariffOffer,
  TariffOfferInput,
  TariffSwitch,
  TariffSwitchStatusInput,
} from "../schemas/index.js";

/**
 * The REST contract, one entry per operation of the OnboardingApi port. The HTTP adapter,
 * the MSW handlers, the portal server and the OpenAPI document are all generated from this
 * table, so a new capability is one entry here plus one method on the port.
 *
 * - `path` params in braces are taken from the input object; GET inputs left over go in
 *   the query string, other methods send them as a JSON body.
 * - `safe`: no side effects, so the HTTP adapter may retry it.
 * - `creates`: makes something, so the HTTP adapter sends an Idempotency-Key.
 * - `idempotent`: has side effects, but repeating the same request has the effect of doing
 *   it once, because the server recognises the repeat from the request itself (no
 *   Idempotency-Key needed); the HTTP adapter may retry it like a safe operation.
 */
export interface OperationSpec<I extends z.ZodMiniType = z.ZodMiniType, O extends z.ZodMiniType = z.ZodMiniType> {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly path: string;
  readonly summary: string;
  readonly input: I;
  readonly output: O;
  readonly safe: boolean;
  readonly creates: boolean;
  readonly idempotent?: boolean;
}

function op<I extends z.ZodMiniType, O extends z.ZodMiniType>(spec: OperationSpec<I, O>): OperationSpec<I, O> {
  return spec;
}

export const operations = {
  "addresses.search": op({
    method: "GET",
    path: "/v1/addresses",
    summary: "Find the addresses at a UK postcode.",
    input: AddressSearchInput,
    output: AddressSearchResult,
    safe: true,
    creates: false,
  }),
  "meters.byAddress": op({
    method: "GET",
    path: "/v1/addresses/{addressId}/meters",
    summary: "Resolve the electricity meters (MPANs) at an address; empty when none can be matched.",
    input: MetersByAddressInput,
    output: MeterLookupResult,
    safe: true,
    creates: false,
  }),
  "meters.byMpan": op({
    method: "GET",
    path: "/v1/meters/{mpan}",
    summary: "Look up a meter the user typed in by its MPAN core.",
    input: MeterByMpanInput,
    output: Meter,
    safe: true,
    creates: false,
  }),
  "eligibility.check": op({
    method: "POST",
    path: "/v1/eligibility/check",
    summary: "Check which propositions a meter (and optionally an asset model) qualifies for. Stores nothing.",
    input: EligibilityCheckInput,
    output: EligibilityResult,
    safe: true,
    creates: false,
  }),
  "consents.terms": op({
    method: "GET",
    path: "/v1/propositions/{proposition}/terms",
    summary: "The current terms for a proposition, with their version.",
    input: TermsInput,
    output: Terms,
    safe: true,
    creates: false,
  }),
  "consents.record": op({
    method: "POST",
    path: "/v1/consents",
    summary: "Record that the user agreed to a version of the terms, and when.",
    input: ConsentInput,
    output: ConsentRecord,
    safe: false,
    creates: true,
  }),
  "wizard.start": op({
    method: "POST",
    path: "/v1/wizards",
    summary: "Start a server-driven onboarding wizard from a template; answers with its first step.",
    input: WizardStartInput,
    output: WizardState,
    safe: false,
    creates: true,
  }),
  "wizard.get": op({
    method: "GET",
    path: "/v1/wizards/{wizardId}",
    summary: "A wizard's current state: its current step and the steps completed so far.",
    input: WizardGetInput,
    output: WizardState,
    safe: true,
    creates: false,
  }),
  // No Idempotency-Key: the request names its step, and the server answers a repeat of the
  // step it has just completed, with the same facts, with the unchanged state. A key would
  // be wrong here, because after a rewind the same answer must advance the wizard again.
  "wizard.answer": op({
    method: "POST",
    path: "/v1/wizards/{wizardId}/steps/{stepId}",
    summary: "Answer the current step with the facts its flow gave; a repeat of the last answer changes nothing.",
    input: WizardAnswerInput,
    output: WizardState,
    safe: false,
    creates: false,
    idempotent: true,
  }),
  "wizard.rewind": op({
    method: "POST",
    path: "/v1/wizards/{wizardId}/rewind",
    summary: "Go back to a completed step: it becomes current and every step after it is forgotten.",
    input: WizardRewindInput,
    output: WizardState,
    safe: false,
    creates: false,
  }),
  "devices.eligibleTypes": op({
    method: "GET",
    path: "/v1/meters/{mpan}/device-types",
    summary: "The device types the home at this meter may register (Kraken's eligibleDeviceTypes); empty when none.",
    input: EligibleDeviceTypesInput,
    output: EligibleDeviceTypes,
    safe: true,
    creates: false,
  }),
  "devices.makes": op({
    method: "GET",
    path: "/v1/device-catalogue/{deviceType}/makes",
    summary: "Every make of car (ELECTRIC_VEHICLES) or charger (CHARGE_POINTS) the platform knows.",
    input: DeviceMakesInput,
    output: DeviceMakes,
    safe: true,
    creates: false,
  }),
  "devices.models": op({
    method: "GET",
    path: "/v1/device-catalogue/{deviceType}/models",
    summary: "A make's models, each with whether its integration is live, whether it reports state of charge, and its provider.",
    input: DeviceModelsInput,
    output: DeviceModels,
    safe: true,
    creates: false,
  }),
  "devices.register": op({
    method: "POST",
    path: "/v1/devices",
    summary: "Register the chosen device for the home at this meter (Kraken's registerKrakenflexDevice); it starts ONBOARDING.",
    input: RegisterDeviceInput,
    output: RegisteredDevice,
    safe: false,
    creates: true,
  }),
  // A new sign-in each call (a fresh state and PKCE verifier, kept on the server). Earlier ones
  // stay valid until they expire, each with its own result: a widget mounted twice (React's
  // StrictMode) may start two, and only the one it opens is ever answered.
  "deviceAuth.start": op({
    method: "POST",
    path: "/v1/devices/{deviceId}/auth",
    summary: "Start signing in at the device's maker (OAuth 2.0 code with PKCE): the maker's authorisation URI, its one-time state and expiry.",
    input: DeviceAuthStartInput,
    output: DeviceAuthStart,
    safe: false,
    creates: false,
  }),
  // The server recognises a repeat from the continuation URI itself: the same URI answers the
  // recorded result, so a retried request never exchanges the code twice.
  "deviceAuth.complete": op({
    method: "POST",
    path: "/v1/devices/{deviceId}/auth/complete",
    summary: "Finish the sign-in with the URL the maker sent the user back to; the server exchanges the code. Failures are a result, not an error.",
    input: DeviceAuthCompleteInput,
    output: DeviceAuthResult,
    safe: false,
    creates: false,
    idempotent: true,
  }),
  "deviceAuth.status": op({
    method: "GET",
    path: "/v1/devices/{deviceId}/auth",
    summary: "How a sign-in stands, by its state: pending, complete with the device, or failed with why (for a widget that cannot hear from the sign-in window).",
    input: DeviceAuthStatusInput,
    output: DeviceAuthResult,
    safe: true,
    creates: false,
  }),
  "virtualKey.details": op({
    method: "GET",
    path: "/v1/devices/{deviceId}/virtual-key",
    summary: "The virtual key a Tesla needs before it accepts commands (Kraken's providerVirtualKeyDetails): its name and the link that adds it in the Tesla app.",
    input: VirtualKeyDetailsInput,
    output: VirtualKeyDetails,
    safe: true,
    creates: false,
  }),
  "virtualKey.status": op({
    method: "GET",
    path: "/v1/devices/{deviceId}/virtual-key/status",
    summary: "Whether the platform's virtual key is on the car: PAIRED (since when), NOT_PAIRED, or VEHICLE_OFFLINE (asleep or out of signal); a failing provider is an upstream error.",
    input: VirtualKeyStatusInput,
    output: VirtualKeyStatus,
    safe: true,
    creates: false,
  }),
  // Flip's site-token API, scoped to the session's site (no site id in the path).
  "site.get": op({
    method: "GET",
    path: "/v1/site",
    summary: "The household's site: its attributes (null while missing) and its commissioned devices.",
    input: SiteGetInput,
    output: Site,
    safe: true,
    creates: false,
  }),
  "site.update": op({
    method: "PATCH",
    path: "/v1/site",
    summary: "Fill in or correct site attributes a programme needs; only the attributes sent change.",
    input: SiteUpdateInput,
    output: Site,
    safe: false,
    creates: false,
    idempotent: true,
  }),
  "programs.list": op({
    method: "GET",
    path: "/v1/site/programs",
    summary: "The programmes offered at a zip code, optionally for one device type; empty when none are.",
    input: ProgramsListInput,
    output: ProgramList,
    safe: true,
    creates: false,
  }),
  "enrollments.list": op({
    method: "GET",
    path: "/v1/site/enrollments",
    summary: "The site's enrolments, newest first, in every status.",
    input: EnrollmentsListInput,
    output: EnrollmentList,
    safe: true,
    creates: false,
  }),
  "enrollments.create": op({
    method: "POST",
    path: "/v1/site/enrollments",
    summary: "Enrol the site's devices in a programme (PENDING); 422 with details.enrollment listing what is still missing.",
    input: EnrollmentCreateInput,
    output: Enrollment,
    safe: false,
    creates: true,
  }),
  "enrollments.cancel": op({
    method: "DELETE",
    path: "/v1/site/enrollments/{enrollment_id}",
    summary: "Cancel an enrolment while it is PENDING (it becomes UNENROLLED); 409 with details.reason otherwise.",
    input: EnrollmentCancelInput,
    output: Enrollment,
    safe: false,
    creates: false,
  }),
  // A tariff switch the proposition requires (Kraken SmartFlex's tariff step), for one device.
  "tariffs.offer": op({
    method: "GET",
    path: "/v1/devices/{deviceId}/tariff-offer",
    summary: "The tariff the household is asked to move to for this device (a named one, or the server's pick), and whether the switch waits on its test charge.",
    input: TariffOfferInput,
    output: TariffOffer,
    safe: true,
    creates: false,
  }),
  "tariffs.accept": op({
    method: "POST",
    path: "/v1/devices/{deviceId}/tariff-switch",
    summary: "Accept an offer: the switch is PENDING_TEST_CHARGE until the device passes its test charge, else SCHEDULED or COMPLETE. An expired or superseded offer → 409.",
    input: TariffDecisionInput,
    output: TariffSwitch,
    safe: false,
    creates: true,
  }),
  // The server recognises a repeat from the offer id: declining it again answers the same decision.
  "tariffs.decline": op({
    method: "POST",
    path: "/v1/devices/{deviceId}/tariff-switch/decline",
    summary: "Decline an offer (DECLINED); declining the same offer again answers the same decision.",
    input: TariffDecisionInput,
    output: TariffSwitch,
    safe: false,
    creates: false,
    idempotent: true,
  }),
  "tariffs.switchStatus": op({
    method: "GET",
    path: "/v1/devices/{deviceId}/tariff-switch",
    summary: "How the device's latest tariff switch stands (PENDING_TEST_CHARGE, SCHEDULED, COMPLETE, DECLINED); 404 when there is none.",
    input: TariffSwitchStatusInput,
    output: TariffSwitch,
    safe: true,
    creates: false,
  }),
  "devices.status": op({
    method: "GET",
    path: "/v1/devices/{deviceId}/status",
    summary: "A registered device's lifecycle status (Kraken's devices query): ONBOARDING needs more steps, LIVE is done.",
    input: DeviceStatusInput,
    output: DeviceStatusResult,
    safe: true,
    creates: false,
  }),
  // The server recognises a repeat from the device itself: while a test charge runs, starting
  // again answers that test, so a retried request never starts a second one.
  "testCharge.start": op({
    method: "POST",
    path: "/v1/devices/{deviceId}/test-charge",
    summary: "Start a test charge (about 7 minutes) once the user confirmed the preconditions; a refusal is an answer with Kraken's reason, not an error.",
    input: TestChargeStartInput,
    output: TestCharge,
    safe: false,
    creates: false,
    idempotent: true,
  }),
  "testCharge.get": op({
    method: "GET",
    path: "/v1/devices/{deviceId}/test-charge",
    summary: "The device's latest test charge: running (with the latest reading), passed or failed with why; not_found before the first.",
    input: TestChargeGetInput,
    output: TestCharge,
    safe: true,
    creates: false,
  }),
  // Leaving an ACTIVE enrolment. Flip uses the same DELETE as cancelling; Onflex names it, so a
  // refusal (the minimum commitment) is told apart from "not pending". An UNENROLLED one
  // answers itself unchanged, so a retried request never fails.
  "enrollments.unenroll": op({
    method: "POST",
    path: "/v1/site/enrollments/{enrollment_id}/unenroll",
    summary: "Leave an ACTIVE enrolment (→ UNENROLLED); 409 with details.reason \"minimum_commitment\", the earliest date and the penalty while the programme's commitment refuses it.",
    input: EnrollmentUnenrollInput,
    output: Enrollment,
    safe: false,
    creates: false,
    idempotent: true,
  }),
  "events.list": op({
    method: "GET",
    path: "/v1/site/events",
    summary: "The site's programme events, past, in progress and upcoming, soonest first (optionally one status), with the household's own backup reserve.",
    input: EventsListInput,
    output: ProgramEventList,
    safe: true,
    creates: false,
  }),
  "events.update": op({
    method: "PATCH",
    path: "/v1/site/events/{event_id}",
    summary: "Opt out of (or back into) an upcoming or in-progress event, or set a device's backup reserve for that event only (null unsets it).",
    input: EventUpdateInput,
    output: ProgramEvent,
    safe: false,
    creates: false,
    idempotent: true,
  }),
} as const;

export type Operations = typeof operations;
export type OperationId = keyof Operations;
export type OperationInput<K extends OperationId> = z.infer<Operations[K]["input"]>;
export type OperationOutput<K extends OperationId> = z.infer<Operations[K]["output"]>;
