import type {
  AddressSearchInput,
  AddressSearchResult,
  ConsentInput,
  ConsentRecord,
  EligibilityCheckInput,
  EligibilityResult,
  Meter,
  MeterByMpanInput,
  MeterLookupResult,
  MetersByAddressInput,
  Terms,
  TermsInput,
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
 * The one port between Onflex's flows and the outside world, grouped by capability.
 * Every method rejects only with OnflexError. Capabilities added later (devices,
 * deviceAuth, enrollments, …) arrive as optional groups first, so an existing
 * implementation of this interface keeps compiling.
 */
export interface OnboardingApi {
  addresses: AddressesApi;
  meters: MetersApi;
  eligibility: EligibilityApi;
  consents: ConsentsApi;
}
