import type {
  AddressSearchInput,
  AddressSearchResult,
  ConsentInput,
  ConsentRecord,
  DeviceAuthCodeInput,
  DeviceAuthCompleteInput,
  DeviceAuthGuide,
  DeviceAuthGuideInput,
  DeviceAuthGuidedStatusInput,
  GuidedAuthResult,
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

/** Per-call options every operation accepts. */
export interface CallOptions {
  /** Cancels the call; the promise rejects with an OnflexError. */
  signal?: AbortSignal;
  /**
   * For calls that create something: a key the server uses to recognise a retry of the
   * same request. The HTTP adapter makes one per call when it is absent.
   */
  idempotencyKey?: string;
}

export interface AddressesApi {
  search(input: AddressSearchInput, options?: CallOptions): Promise<AddressSearchResult>;
}

export interface MetersApi {
  byAddress(input: MetersByAddressInput, options?: CallOptions): Promise<MeterLookupResult>;
  byMpan(input: MeterByMpanInput, options?: CallOptions): Promise<Meter>;
}

export interface EligibilityApi {
  check(input: EligibilityCheckInput, options?: CallOptions): Promise<EligibilityResult>;
}

export interface ConsentsApi {
  terms(input: TermsInput, options?: CallOptions): Promise<Terms>;
  record(input: ConsentInput, options?: CallOptions): Promise<ConsentRecord>;
}

/**
 * A server-driven step source (Kraken SmartFlex's onboarding wizard): the server holds the
 * steps and their order; every call answers with the wizard's whole state.
 */
export interface WizardApi {
  /** Starts a wizard from a template; `not_found` for an unknown template. */
  start(input: WizardStartInput, options?: CallOptions): Promise<WizardState>;
  get(input: WizardGetInput, options?: CallOptions): Promise<WizardState>;
  /**
   * Answers the current step with the facts its flow gave. `conflict` (details
   * `{ currentStepId }`) when the step is not the current one — except that answering the
   * step just answered again, with the same facts, before anything after it, returns the
   * state unchanged, so a retried answer never advances twice. `validation` when the facts
   * do not satisfy the step.
   */
  answer(input: WizardAnswerInput, options?: CallOptions): Promise<WizardState>;
  /**
   * Back to a completed step: it becomes current again and every step after it is
   * forgotten. `conflict` when the wizard is not rewindable or the step is not completed.
   */
  rewind(input: WizardRewindInput, options?: CallOptions): Promise<WizardState>;
}

/** The devices a home may register, the make and model catalogue, and registering one. */
export interface DevicesApi {
  /** `not_found` for a meter the platform does not know. */
  eligibleTypes(input: EligibleDeviceTypesInput, options?: CallOptions): Promise<EligibleDeviceTypes>;
  makes(input: DeviceMakesInput, options?: CallOptions): Promise<DeviceMakes>;
  /** `not_found` for a make the catalogue does not have. */
  models(input: DeviceModelsInput, options?: CallOptions): Promise<DeviceModels>;
  /**
   * Registers a device for the home; a retry with the same `idempotencyKey` answers the same
   * device. `not_found` for a model the catalogue does not have, `conflict` for one whose
   * integration is not live or a provider that does not serve it.
   */
  register(input: RegisterDeviceInput, options?: CallOptions): Promise<RegisteredDevice>;
  /** The device's lifecycle status now (`ONBOARDING` … `LIVE`); `not_found` for an unknown device. */
  status(input: DeviceStatusInput, options?: CallOptions): Promise<DeviceStatusResult>;
}

/**
 * Signing in at a device's maker (OAuth 2.0 authorisation code with PKCE and a one-time
 * state). The server keeps the verifier and exchanges the code; the browser only ever sees
 * the authorisation URI and the URL the maker sends the user back to.
 */
export interface DeviceAuthApi {
  /** `not_found` for an unknown device; `conflict` when its provider has no OAuth sign-in. Each call is a new sign-in with its own state; earlier ones stay valid until they expire. */
  start(input: DeviceAuthStartInput, options?: CallOptions): Promise<DeviceAuthStart>;
  /**
   * Exchanges the code in the continuation URI. A denied, forged, stale, replayed or expired
   * answer, or a failing maker, is a `failed` result with its reason; the same URI again
   * answers the recorded result. `validation` for a URI that is not a URL.
   */
  complete(input: DeviceAuthCompleteInput, options?: CallOptions): Promise<DeviceAuthResult>;
  /** The sign-in's result by its state (`pending` until the maker answers); an unknown state is `failed` with `state_mismatch`. */
  status(input: DeviceAuthStatusInput, options?: CallOptions): Promise<DeviceAuthResult>;
  /**
   * For a provider without an OAuth sign-in: the ways to authorise the device (the maker's
   * app, a pairing code), and a new attempt (a failure reported before is forgotten).
   * `not_found` for an unknown device; `conflict` when its provider signs in by OAuth.
   */
  guide(input: DeviceAuthGuideInput, options?: CallOptions): Promise<DeviceAuthGuide>;
  /**
   * Pairs the device with the code its maker's app shows. A wrong or expired code, or the
   * maker failing, is a `failed` result; `pending` while the maker confirms. The same code
   * again answers the same. `validation` for a code not in the pairing-code format.
   */
  submitCode(input: DeviceAuthCodeInput, options?: CallOptions): Promise<GuidedAuthResult>;
  /** Where the guided authorisation stands (`pending` until the user finishes in the app). */
  guidedStatus(input: DeviceAuthGuidedStatusInput, options?: CallOptions): Promise<GuidedAuthResult>;
}

/**
 * Proving control with a test charge (Kraken's TestCharge step). Refusals before the start and
 * failures after it are answers (`status: "refused"` / `"failed"` with a reason), not errors.
 */
export interface TestChargeApi {
  /**
   * Starts a test charge; while one runs, answers it (a retry never starts a second).
   * `not_found` for an unknown device; `validation` unless every precondition is confirmed.
   */
  start(input: TestChargeStartInput, options?: CallOptions): Promise<TestCharge>;
  /** The device's latest test charge; `not_found` when none was started. */
  get(input: TestChargeGetInput, options?: CallOptions): Promise<TestCharge>;
}

/**
 * A Tesla's virtual key: the key the owner adds to the car in the Tesla app so that the car
 * accepts the platform's commands, and whether it is on the car.
 */
export interface VirtualKeyApi {
  /** The key's name and the link that adds it. `not_found` for an unknown device; `conflict` for a device whose provider needs no virtual key; `upstream` when the provider fails. */
  details(input: VirtualKeyDetailsInput, options?: CallOptions): Promise<VirtualKeyDetails>;
  /** `PAIRED` with `pairedAt`, `NOT_PAIRED`, or `VEHICLE_OFFLINE`; the same errors as `details`. */
  status(input: VirtualKeyStatusInput, options?: CallOptions): Promise<VirtualKeyStatus>;
}

/** The household's site (Flip's site-token API, scoped to the session's site). */
export interface SiteApi {
  get(input: SiteGetInput, options?: CallOptions): Promise<Site>;
  /** Sets the attributes sent; `validation` for a malformed one. Repeating it changes nothing more. */
  update(input: SiteUpdateInput, options?: CallOptions): Promise<Site>;
}

export interface ProgramsApi {
  /** The programmes at a zip code (for a device type), empty when there are none. */
  list(input: ProgramsListInput, options?: CallOptions): Promise<ProgramList>;
}

export interface EnrollmentsApi {
  list(input: EnrollmentsListInput, options?: CallOptions): Promise<EnrollmentList>;
  /**
   * Enrols the site in a programme as PENDING; a retry with the same `idempotencyKey` answers
   * the same enrolment. `validation` with `details.enrollment` (read it with
   * `missingForEnrollment`) when site attributes, programme answers or agreement to the
   * current terms are missing; `not_found` for a programme not offered at the site;
   * `conflict` (`details.reason: "already_enrolled"`) when an open enrolment exists.
   */
  create(input: EnrollmentCreateInput, options?: CallOptions): Promise<Enrollment>;
  /** Cancels a PENDING enrolment; `conflict` with `details.reason: "not_pending"` and `details.enrollment_status` otherwise. */
  cancel(input: EnrollmentCancelInput, options?: CallOptions): Promise<Enrollment>;
  /**
   * Leaves an ACTIVE enrolment (→ UNENROLLED; an UNENROLLED one answers itself). Within the
   * programme's minimum commitment: `conflict` whose details read with `unenrollRefusal`
   * (`reason: "minimum_commitment"`, `earliest_unenroll_at`, `penalty`) when the programme
   * refuses; when it charges a penalty instead, leaving succeeds (`unenrollTerms` says which
   * beforehand). `conflict` with `details.reason: "not_active"` for any other status,
   * `not_found` for an enrolment not at the site.
   */
  unenroll(input: EnrollmentUnenrollInput, options?: CallOptions): Promise<Enrollment>;
}

/** A programme's events at the site and the household's part in each (Flip's events API). */
export interface EventsApi {
  list(input: EventsListInput, options?: CallOptions): Promise<ProgramEventList>;
  /**
   * Opts out of (or back into) an UPCOMING or IN_PROGRESS event, or sets a device's reserve
   * for it; `conflict` (`details.reason: "event_not_changeable"`) once it is over or
   * cancelled, `validation` (`details.reason: "reserve_below_minimum"`, … with the bounds)
   * for a reserve the programme does not allow, `not_found` for an event not at the site.
   */
  update(input: EventUpdateInput, options?: CallOptions): Promise<ProgramEvent>;
}

/**
 * A tariff switch the household's proposition requires, for one registered device. A switch
 * accepted before the device has passed its test charge waits for it (`PENDING_TEST_CHARGE`)
 * and goes ahead by itself once the device is PENDING_LIVE or LIVE.
 */
export interface TariffsApi {
  /** `not_found` for an unknown device or tariff code; `conflict` (`details.reason: "device_retired"`) for a retired device. */
  offer(input: TariffOfferInput, options?: CallOptions): Promise<TariffOffer>;
  /**
   * Accepts the offer; a retry with the same `idempotencyKey` answers the same switch.
   * `conflict` with `details.reason`: `offer_expired` or `offer_superseded` (fetch a new offer),
   * `already_decided` (this offer was declined).
   */
  accept(input: TariffDecisionInput, options?: CallOptions): Promise<TariffSwitch>;
  /** Declines the offer (DECLINED); again for the same offer answers the same. `conflict` (`already_decided`) once accepted. */
  decline(input: TariffDecisionInput, options?: CallOptions): Promise<TariffSwitch>;
  /** The device's latest switch as it stands now; `not_found` when none was accepted or declined. */
  switchStatus(input: TariffSwitchStatusInput, options?: CallOptions): Promise<TariffSwitch>;
}

/**
 * The one port between Onflex's flows and the outside world, grouped by capability.
 * Every method rejects only with OnflexError. Every group is required: the sandbox, the
 * HTTP adapter, the MSW handlers and the router all come from the operations table, so a
 * new group reaches all of them at once.
 */
export interface OnboardingApi {
  addresses: AddressesApi;
  meters: MetersApi;
  eligibility: EligibilityApi;
  consents: ConsentsApi;
  wizard: WizardApi;
  devices: DevicesApi;
  deviceAuth: DeviceAuthApi;
  site: SiteApi;
  programs: ProgramsApi;
  enrollments: EnrollmentsApi;
  tariffs: TariffsApi;
  testCharge: TestChargeApi;
  virtualKey: VirtualKeyApi;
  events: EventsApi;
}
