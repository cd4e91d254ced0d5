/**
 * The sandbox's documented test data. Refer to these rather than to literals, so a
 * story, test or demo says which case it exercises (`SANDBOX.postcodes.twoMeters`).
 * Every other valid UK postcode returns 3–12 generated addresses, each with one
 * domestic, half-hourly settled import meter.
 */
export const SANDBOX = {
  postcodes: {
    /** Normal street: each address has one import MPAN. */
    happy: "SW1A 1AA",
    /** The search finds no addresses. */
    noAddresses: "E1 6AN",
    /** The first address has two meters: import and export. */
    twoMeters: "M1 1AE",
    /** The first address resolves to no meters, so the user types the MPAN in. */
    meterNotFound: "LS1 4AP",
    /** The search fails once per sandbox instance (upstream, retryable), then works. */
    failsOnce: "B1 1AA",
    /** The search answers with a malformed body: invalid_response. */
    malformed: "G1 1XQ",
    /** Every meter there is non-domestic: both propositions ineligible. */
    nonDomestic: "EC2V 7HH",
    /** Meters there are not half-hourly settled: Smart Charging ineligible, Flex Lite eligible. */
    notSmart: "CF10 1EP",
  },
  assetModels: {
    /** A COP11-qualified charger. */
    qualified: "myenergi zappi v2",
    /** A known charger that is not COP11-qualified. */
    notQualified: "Generic Basic Charger",
    /** Any model the sandbox does not know behaves like this one. */
    unknown: "Sandbox Unknown Charger 3000",
  },
  /**
   * MPAN cores with valid check digits. The sandbox reads a meter's kind from the first two
   * digits of its unique id (digits 3–4 of the core): 97 export, 98 not half-hourly settled,
   * 99 non-domestic; any other valid core is a domestic half-hourly import meter.
   */
  mpans: {
    /** Valid, but no meter has it: meters.byMpan and eligibility.check answer not_found. */
    unknown: "1200000000002",
    /** A domestic, half-hourly settled import meter. */
    domestic: "1012345678903",
    nonDomestic: "1099000000016",
    notHalfHourly: "1498000000021",
    export: "1297000000030",
    /** A domestic half-hourly import meter on an IDNO's network (38, Indigo Power), as on a new-build estate. */
    idno: "3812345678905",
  },
  terms: {
    full_asset_schedule_control: "smart-charging-2026-09",
    limited_pause: "flex-lite-2026-06",
  },
  /**
   * Templates for `wizard.start`, the server-driven step source. The Axle templates run the
   * steps `address` → `eligibility` → `consent` (params `{ proposition }`); answering
   * `address` needs `facts.meter.mpan`, a valid MPAN core, or it is a validation error.
   */
  wizardTemplates: {
    /**
     * Kraken SmartFlex: address, device selection, the tariff switch (when the start facts say
     * `tariffRequirement.required`), device authorisation, the virtual key (for a Tesla),
     * the test charge, and waiting for a switch left pending on the test charge.
     */
    smartFlex: "kraken-smartflex",
    /** address, eligibility, consent for full_asset_schedule_control. */
    smartCharging: "axle-smart-charging",
    /** address, eligibility, consent for limited_pause. */
    flexLite: "axle-flex-lite",
    /** The first step's type is "tariff_teleport", which no client has a flow for. */
    unsupportedStep: "sandbox-unsupported-step",
    /** The first step is consent with params `{ proposition: 42 }`: the wrong type, for client-side param checks. */
    badParams: "sandbox-bad-params",
    /** `start` answers a malformed body: invalid_response. */
    garbled: "sandbox-garbled",
    /** Like flexLite, but `isRewindable: false`: rewind answers conflict. */
    notRewindable: "sandbox-not-rewindable",
  },
  /**
   * Device selection (see the README's catalogue): pairs of a car and a charger, by make and
   * model as the catalogue lists them, for each way the best device to register is chosen.
   */
  devices: {
    /** Both integrations are live; the car reports its state of charge, so the car is registered (TESLA, OAuth). */
    carPreferred: { vehicle: { make: "Tesla", model: "Model 3" }, charger: { make: "Ohme", model: "Home Pro" } },
    /** The car's integration is not live, so the charger is registered (MYENERGI, no OAuth). */
    chargerOnly: { vehicle: { make: "Nissan", model: "Leaf (2011–2017)" }, charger: { make: "myenergi", model: "zappi v2" } },
    /** Only the car is live, through a provider without OAuth (JEDLIX: the user connects in Jedlix's app). */
    noOAuth: { vehicle: { make: "Renault", model: "Zoe" }, charger: { make: "Andersen", model: "A2" } },
    /** Neither can be controlled (no provider serves either): the flow ends blocked. */
    unsupportedCombination: { vehicle: { make: "MG", model: "ZS EV" }, charger: { make: "Andersen", model: "A2" } },
  },
  /**
   * Device authorisation against the SIMULATED maker: what the user does at its sign-in page,
   * passed to `simulation.simulateSignIn(state, outcome)`.
   */
  deviceAuth: {
    /** The user signs in and allows access: the code exchange succeeds (AUTHENTICATION_COMPLETE). */
    approve: "approve",
    /** The user refuses: the maker answers `error=access_denied`. */
    deny: "deny",
    /** The user closes the sign-in page: the maker answers nothing, the sign-in stays pending. */
    close: "close",
    /** The answer carries another `state` than the one issued: `state_mismatch`. */
    stateMismatch: "state_mismatch",
    /** The maker's token endpoint says the code was already used: `code_reused_or_expired`. */
    codeReused: "code_reused",
    /** The maker's token endpoint fails (503): `provider_unavailable`. */
    providerFailing: "provider_failing",
  },
  /**
   * Guided authorisation (a provider without an OAuth sign-in: JEDLIX, MYENERGI) against the
   * SIMULATED maker's app. `deviceAuth.guide` offers the app and a pairing code; any code in
   * the format (`PAIRING_CODE_PATTERN`) other than these pairs the device at once.
   */
  guidedAuth: {
    codes: {
      /** A code in the format that no pairing is waiting for: `code_wrong`. */
      wrong: "WRNG-2222",
      /** A code the app showed too long ago: `code_expired`. */
      expired: "XPRD-3333",
      /** The code is taken (`pending`), then the maker reports AUTHENTICATION_FAILED: `maker_failed`. */
      makerFailing: "FAYL-4444",
    },
    /**
     * What the user does in the SIMULATED maker's app, passed to
     * `simulation.simulateGuidedAuth(deviceId, outcome, { afterMs? })`.
     */
    app: {
      /** The user finishes in the app: AUTHENTICATION_COMPLETE. */
      approve: "approve",
      /** The maker reports AUTHENTICATION_FAILED until the user tries again (`deviceAuth.guide`). */
      fail: "fail",
    },
  },
  /**
   * Tariff switches (SIMULATED supplier): tariff codes for `tariffs.offer({ deviceId, tariffCode })`.
   * Without a code the offer is `evOvernight`. A switch accepted while the device has not passed
   * its test charge (status not PENDING_LIVE or LIVE) stays PENDING_TEST_CHARGE until
   * `simulation.setDeviceStatus` moves the device on.
   */
  tariffs: {
    /** An EV tariff with a cheap overnight band (23:30–05:30), no fixed term: COMPLETE as soon as it goes ahead. */
    evOvernight: "SBX-EV-NIGHT",
    /** A 12-month fixed EV tariff with a £75 electricity exit fee: SCHEDULED for the next day when it goes ahead. */
    fixedWithExitFees: "SBX-EV-FIX-12M",
    /** Three bands: overnight off-peak, a 16:00–19:00 peak, standard otherwise. */
    threeRate: "SBX-FLEX-3R",
    /** The first offer for each device has already expired, so accepting it is a `conflict` (`offer_expired`); the next one works. */
    expiresOnce: "SBX-EXPIRES-ONCE",
    /** The offer is malformed (overlapping bands): `invalid_response`. */
    garbled: "SBX-GARBLED",
  },
  /**
   * Test charges on the SIMULATED platform: what a device's next `testCharge.start` does, passed
   * to `simulation.simulateTestCharge(deviceId, outcome)` (once; later starts pass) or listed in
   * the sandbox's `testChargeOutcomes` option. A start on a LIVE device is refused with
   * TC_DEVICE_LIVE without a fixture.
   */
  testCharge: {
    /** The test runs for its full duration and passes: PENDING_LIVE, then LIVE a minute later. */
    pass: "pass",
    /** Refused: TC_DEVICE_AWAY_FROM_HOME (the car is not at the home's location). */
    awayFromHome: "away_from_home",
    /** Refused: TC_DEVICE_NO_LOCATION_CONFIGURED (no home location is set for the device). */
    noLocationConfigured: "no_location_configured",
    /** Refused: TC_DEVICE_LOCATION_UNABLE_TO_IDENTIFY (the car's location can't be read). */
    locationUnableToIdentify: "location_unable_to_identify",
    /** Refused: TC_DEVICE_LOCATION_MISSING (the car reported no location). */
    locationMissing: "location_missing",
    /** Refused: TC_DEVICE_DISCONNECTED (the car is not plugged in, or is offline). */
    deviceDisconnected: "device_disconnected",
    /** Refused: TC_DEVICE_ALREADY_CHARGING. */
    alreadyCharging: "already_charging",
    /** Refused: TC_DEVICE_SUSPENDED. */
    suspended: "suspended",
    /** Refused: TC_DEVICE_RETIRED, and the device becomes RETIRED for good. */
    retired: "retired",
    /** Refused: TC_DEVICE_ONBOARDING_IN_PROGRESS (the platform is still setting the device up). */
    onboardingInProgress: "onboarding_in_progress",
    /** Refused: VEHICLE_NOT_READY with Kraken's error code KT-CT-4379. */
    vehicleNotReady: "vehicle_not_ready",
    /** Refused: UNABLE_TO_INITIATE_TEST_CHARGE. */
    unableToInitiate: "unable_to_initiate",
    /** Starts, then fails at 20% of the way: not_at_home. */
    notAtHome: "fails_not_at_home",
    /** Starts, then fails at 40%: unable_to_communicate. */
    unableToCommunicate: "fails_unable_to_communicate",
    /** Starts, then fails at 50%: disconnected (unplugged during the test). */
    disconnected: "fails_disconnected",
    /** Starts, then fails at 60%: charge_limit_reached (the car stopped at its charge limit). */
    chargeLimitReached: "fails_charge_limit_reached",
    /** Runs its full duration, then fails: assessments_failed. */
    assessmentsFailed: "fails_assessments_failed",
    /** Starts, then fails at 30%: unknown. */
    unknown: "fails_unknown",
  },
  /**
   * A Tesla's virtual key on the SIMULATED car: what happens there, passed to
   * `simulation.simulateVirtualKey(deviceId, outcome, { afterMs? })`. A car starts online
   * without the key (`NOT_PAIRED`).
   */
  virtualKey: {
    /** The owner adds the key in the Tesla app: `PAIRED`, stamped with the sandbox's clock. */
    added: "added",
    /** The owner opened the link but has not added the key (yet): `NOT_PAIRED`. */
    notAdded: "not_added",
    /** The owner removes the key from the car later: `NOT_PAIRED` again. */
    removed: "removed",
    /** The car falls asleep or loses signal: `VEHICLE_OFFLINE` until it is online again. */
    vehicleOffline: "vehicle_offline",
    /** The car wakes: its keys can be read again. */
    vehicleOnline: "vehicle_online",
    /** Tesla's API fails: `details` and `status` reject with `upstream` (retryable) until it recovers. */
    providerFailing: "provider_failing",
    /** Tesla's API works again. */
    providerRecovered: "provider_recovered",
  },
} as const;
