import { createApiFromInvoker, parseOperationInput, parseOperationOutput } from "../api/operations.runtime.js";
import type { OperationId, OperationInput, OperationOutput } from "../api/operations.js";
import type { CallOptions, OnboardingApi } from "../api/port.js";
import { OnflexError } from "../errors.js";
import { sleep } from "../internal/timers.js";
import type { Address, ConsentRecord, DeviceStatus, DeviceType, TariffSwitch, EligibilityIssue, Meter, PropositionEligibility, RegisteredDevice, Site, Enrollment, ProgramEvent, Terms } from "../schemas/index.js";
import type { WaitingFor } from "../schemas/wizard.js";
import { AXLE_PROPOSITIONS } from "../schemas/eligibility.js";
import { DeviceStatus as DeviceStatusSchema } from "../schemas/device.js";
import { mpanCheckDigit } from "../validators/mpan.js";
import { parseUkPostcode } from "../validators/postcode.js";
import { SANDBOX } from "./sandbox.fixtures.js";
import { hashString, pick, randomDigits, seededRandom } from "./sandbox.random.js";
import { sandboxMakes, sandboxModels, sandboxRegistration } from "./sandbox.devices.js";
import { createWizardSimulation } from "./sandbox.wizard.js";
import { createEnrollmentSimulation, SANDBOX_SITES, type SandboxSite } from "./sandbox.enrollments.js";
import { createDeviceAuthSimulation, type SandboxMaker, type SandboxSignInOutcome } from "./sandbox.device-auth.js";
import { createGuidedAuthSimulation, type SandboxGuidedAppOutcome } from "./sandbox.guided-auth.js";
import { createTariffSimulation } from "./sandbox.tariffs.js";
import { createTestChargeSimulation, type SandboxTestChargeOutcome } from "./sandbox.test-charge.js";
import { createVirtualKeySimulation, type SandboxVirtualKeyOutcome } from "./sandbox.virtual-key.js";

export interface SandboxOptions {
  /** The time stamped on eligibility checks and consent records. */
  clock?: () => Date;
  /** Simulated latency per call in milliseconds (default 0); honours the call's AbortSignal. */
  latency?: number;
  /** Changes the generated addresses and meters; the same seed always gives the same data. */
  seed?: number;
  /**
   * Operations that fail once per sandbox instance (upstream, retryable), then work, as a
   * flaky upstream does: `failOnce: ["devices.makes"]` for a make list that needs a retry.
   */
  failOnce?: readonly OperationId[];
  /** The site programmes and enrolments work on (default `SANDBOX_SITES.default`, zip code 88802). */
  site?: SandboxSite;
  /**
   * Servers only: sign in at a real OAuth 2.0 server standing in for the makers, instead of
   * the in-memory simulated one (see `SandboxMaker`).
   */
  maker?: SandboxMaker;
  /**
   * How many times faster than real time a SIMULATED test charge runs (default 1: about seven
   * minutes on the clock). The demo runs it faster and must say so on screen.
   */
  testChargeSpeed?: number;
  /** What successive test charge starts do (`SANDBOX.testCharge.*`); once these are used up, they pass. */
  testChargeOutcomes?: readonly SandboxTestChargeOutcome[];
  /**
   * The SIMULATED Tesla owner adds the virtual key by themselves this long after its link is
   * first shown (`virtualKey.details`): for a sandbox on a server (the portal's), where nothing
   * else plays the Tesla app. Unset: only `simulation.simulateVirtualKey` adds it.
   */
  virtualKeyAddedAfterMs?: number;
  /**
   * The SIMULATED user finishes in the maker's app by themselves this long after a guided
   * authorisation's ways are first shown (`deviceAuth.guide`): for a sandbox on a server, where
   * nothing else plays the app. Unset: only a pairing code or `simulation.simulateGuidedAuth` does.
   */
  guidedAuthorisedAfterMs?: number;
}

/** The simulated backend plus a window into what it stored, for tests and the demo. */
export interface SandboxApi extends OnboardingApi {
  readonly simulation: {
    /** Every consent record stored so far, oldest first. */
    consentRecords(): ConsentRecord[];
    /** Every device registered so far, oldest first. */
    registeredDevices(): RegisteredDevice[];
    /** The site as it stands, and its enrolments newest first. */
    site(): Site;
    enrollments(): Enrollment[];
    /** The site's events as they stand on the sandbox's clock, soonest first. */
    events(): ProgramEvent[];
    /**
     * The user at the SIMULATED maker's sign-in page for a `deviceAuth.start` state: answers
     * the URL the maker sends them back to (null when they close it). By default the
     * platform's callback receives it, so `deviceAuth.status` learns the result; with
     * `{ callback: false }` only the widget gets it (redirect, system browser).
     */
    simulateSignIn(state: string, outcome: SandboxSignInOutcome, options?: { callback?: boolean }): Promise<{ continuationUri: string | null }>;
    /**
     * Moves a registered device to a lifecycle status, as the SIMULATED platform does when its
     * test charge passes (PENDING_LIVE, LIVE) or fails (FAILED_ONBOARDING_TEST). A tariff
     * switch waiting on the test charge goes ahead once the device is PENDING_LIVE or LIVE.
     * `not_found` for an unknown device.
     */
    setDeviceStatus(deviceId: string, status: DeviceStatus): void;
    /** Every tariff switch decided so far (accepted or declined), oldest first, as it stands now. */
    tariffSwitches(): TariffSwitch[];
    /** What the device's next SIMULATED test charge start does (`SANDBOX.testCharge.*`), once. */
    simulateTestCharge(deviceId: string, outcome: SandboxTestChargeOutcome): void;
    /**
     * Something at a registered Tesla or at Tesla's API (`SANDBOX.virtualKey.*`): the owner adds
     * or removes the virtual key, the car sleeps or wakes, the provider fails or recovers; at
     * once, or `afterMs` later on the sandbox's clock. `not_found` for an unknown device.
     */
    simulateVirtualKey(deviceId: string, outcome: SandboxVirtualKeyOutcome, options?: { afterMs?: number }): void;
    /**
     * The user in the SIMULATED maker's app for a device without an OAuth sign-in
     * (`SANDBOX.guidedAuth.app.*`): finishes there, or the maker reports the device failed; at
     * once, or `afterMs` later on the sandbox's clock. `not_found` for an unknown device,
     * `conflict` for one that signs in by OAuth.
     */
    simulateGuidedAuth(deviceId: string, outcome: SandboxGuidedAppOutcome, options?: { afterMs?: number }): void;
  };
}

type MeterKind = "domestic" | "export" | "notHalfHourly" | "nonDomestic";

// Every table that input names a key of is a Map, so "constructor" or "__proto__" finds
// nothing rather than something inherited from Object.prototype.
const KIND_BY_PREFIX: ReadonlyMap<string, MeterKind> = new Map([
  ["97", "export"],
  ["98", "notHalfHourly"],
  ["99", "nonDomestic"],
]);
const PREFIX_BY_KIND: ReadonlyMap<MeterKind, string> = new Map(Array.from(KIND_BY_PREFIX, ([prefix, kind]) => [kind, prefix]));

const STREETS = ["High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Mill Lane", "The Crescent", "Queens Road", "Orchard Close", "Kings Way"];
const TOWNS: ReadonlyMap<string, string> = new Map([
  ["SW", "London"],
  ["E", "London"],
  ["EC", "London"],
  ["M", "Manchester"],
  ["LS", "Leeds"],
  ["B", "Birmingham"],
  ["G", "Glasgow"],
  ["CF", "Cardiff"],
]);
const OTHER_TOWNS = ["Sandbox Town", "Simulated Vale", "Testford"];
const SUPPLIERS = [
  { supplierMpid: "SBXA", supplierName: "Sandbox Supply A (simulated)" },
  { supplierMpid: "SBXB", supplierName: "Sandbox Supply B (simulated)" },
];

const TERMS: ReadonlyMap<string, Omit<Terms, "proposition">> = new Map([
  [
    AXLE_PROPOSITIONS.smartCharging,
    {
    version: SANDBOX.terms.full_asset_schedule_control,
    title: "Smart Charging terms (sandbox)",
    body: "We schedule your charger to use cheaper, greener electricity while making sure your car is ready when you need it.\n\nWe read your half-hourly meter data to measure the flexibility you provide. You can stop at any time.\n\nThese are sandbox terms for testing; they are not a real agreement.",
    },
  ],
  [
    AXLE_PROPOSITIONS.flexLite,
    {
    version: SANDBOX.terms.limited_pause,
    title: "Flex Lite terms (sandbox)",
    body: "Occasionally we may pause your charging for a short while when the grid is busy. You can override any pause.\n\nThese are sandbox terms for testing; they are not a real agreement.",
    },
  ],
]);

const ADDRESS_ID = /^sbx-([A-Z0-9]{5,7})-(\d{1,2})$/;

/**
 * A simulated OnboardingApi: in memory, deterministic, no network. It behaves per the
 * SANDBOX fixtures table (see the package README) and validates every input and output
 * with the operation's schemas, exactly as the HTTP contract does.
 */
export function createSandboxApi(options: SandboxOptions = {}): SandboxApi {
  const clock = options.clock ?? (() => new Date());
  const latency = options.latency ?? 0;
  const seed = options.seed ?? 1;
  const failedOnce = new Set<string>();
  const consents: ConsentRecord[] = [];
  const consentsByKey = new Map<string, { fingerprint: string; record: ConsentRecord }>();
  // A server-completed wizard step moves on when the SIMULATED switch or device it waits for does.
  const wizard = createWizardSimulation((waitingFor, facts) => wizardConditionHolds(waitingFor, facts));
  const failOnce = new Set<string>(options.failOnce ?? []);
  const devices: RegisteredDevice[] = [];
  const devicesByKey = new Map<string, { fingerprint: string; device: RegisteredDevice }>();
  const enrolment = createEnrollmentSimulation(options.site ?? SANDBOX_SITES.default, clock);
  const deviceAuth = createDeviceAuthSimulation({ clock, deviceById: (deviceId) => devices.find((device) => device.deviceId === deviceId), maker: options.maker });
  const guidedAuth = createGuidedAuthSimulation({
    clock,
    deviceById: (deviceId) => devices.find((device) => device.deviceId === deviceId),
    authorisedAfterMs: options.guidedAuthorisedAfterMs,
  });
  // Moves each device's status on its record as its test charge runs (read by other flows too).
  const testCharge = createTestChargeSimulation({
    clock,
    deviceById: (deviceId) => devices.find((device) => device.deviceId === deviceId),
    speed: options.testChargeSpeed,
    outcomes: options.testChargeOutcomes,
  });
  // A tariff switch waiting on the test charge reads the device's status as of now.
  const tariffs = createTariffSimulation({
    clock,
    deviceById: (deviceId) => {
      const device = devices.find((candidate) => candidate.deviceId === deviceId);
      return device ? testCharge.sync(device) : undefined;
    },
  });
  const virtualKey = createVirtualKeySimulation({
    clock,
    deviceById: (deviceId) => devices.find((device) => device.deviceId === deviceId),
    addsKeyAfterMs: options.virtualKeyAddedAfterMs,
  });

  /** The wizard's `device` fact's id, when it names a device registered here. */
  function wizardDevice(facts: Record<string, unknown>): RegisteredDevice | undefined {
    const fact = Object.hasOwn(facts, "device") ? facts["device"] : undefined;
    const deviceId = typeof fact === "object" && fact !== null && Object.hasOwn(fact, "deviceId") ? (fact as { deviceId: unknown }).deviceId : undefined;
    const device = typeof deviceId === "string" ? devices.find((candidate) => candidate.deviceId === deviceId) : undefined;
    return device ? testCharge.sync(device) : undefined;
  }

  function wizardConditionHolds(waitingFor: WaitingFor, facts: Record<string, unknown>): boolean {
    const device = wizardDevice(facts);
    if (!device) return false;
    if (waitingFor === "DEVICE_LIVE") return device.status === "LIVE";
    // The household's latest switch for the device; with none, there is nothing to wait for.
    try {
      return tariffs.switchStatus({ deviceId: device.deviceId }).status !== "PENDING_TEST_CHARGE";
    } catch {
      return true;
    }
  }

  function addressesAt(postcode: string): Address[] {
    if (postcode === SANDBOX.postcodes.noAddresses) return [];
    const random = seededRandom(hashString(`${seed}:${postcode}`));
    const count = 3 + Math.floor(random() * 10);
    const street = pick(random, STREETS);
    const area = /^[A-Z]+/.exec(postcode)?.[0] ?? "";
    const town = TOWNS.get(area) ?? pick(random, OTHER_TOWNS);
    const first = 1 + Math.floor(random() * 40);
    const step = random() < 0.5 ? 1 : 2;
    const compact = postcode.replace(" ", "");
    return Array.from({ length: count }, (_, index) => ({
      id: `sbx-${compact}-${index}`,
      line1: `${first + index * step} ${street}`,
      town,
      postcode,
    }));
  }

  function generatedMpan(postcode: string, index: number, kind: MeterKind): string {
    const random = seededRandom(hashString(`${seed}:${postcode}:${index}:${kind}`));
    const distributor = String(10 + Math.floor(random() * 14));
    // Ordinary meters must not land on a prefix that marks a special kind, nor on the unknown MPAN.
    const prefix = PREFIX_BY_KIND.get(kind) ?? String(10 + Math.floor(random() * 87));
    const first12 = distributor + prefix + randomDigits(random, 8);
    const core = first12 + mpanCheckDigit(first12);
    return core === SANDBOX.mpans.unknown ? generatedMpan(postcode, index + 100, kind) : core;
  }

  function meterFor(mpan: string): Meter {
    if (mpan === SANDBOX.mpans.unknown) {
      throw new OnflexError("not_found", "No meter with that MPAN was found (sandbox).", { details: { mpan } });
    }
    const kind = KIND_BY_PREFIX.get(mpan.slice(2, 4)) ?? "domestic";
    const supplier = pick(seededRandom(hashString(mpan)), SUPPLIERS);
    const halfHourlySettled = kind !== "notHalfHourly";
    return {
      mpan,
      direction: kind === "export" ? "export" : "import",
      halfHourlySettled,
      ...supplier,
      eligibleMarkets: !halfHourlySettled ? [] : kind === "nonDomestic" ? ["capacity_market"] : ["balancing_mechanism", "demand_flexibility_service"],
    };
  }

  const handlers: { [K in OperationId]: (input: OperationInput<K>, options?: CallOptions) => unknown } = {
    "addresses.search": ({ postcode: raw }) => {
      // The schema already rejected anything that is not a postcode.
      const postcode = (parseUkPostcode(raw) as { postcode: string }).postcode;
      if (postcode === SANDBOX.postcodes.failsOnce && !failedOnce.has(postcode)) {
        failedOnce.add(postcode);
        throw new OnflexError("upstream", "The address service is unavailable (simulated failure); try again.", { retryable: true });
      }
      if (postcode === SANDBOX.postcodes.malformed) {
        // A garbled answer, which output validation turns into invalid_response.
        return { postcode, addresses: [{ id: 42, line1: null }] };
      }
      return { postcode, addresses: addressesAt(postcode) };
    },
    "meters.byAddress": ({ addressId }) => {
      const match = ADDRESS_ID.exec(addressId);
      const parsed = match ? parseUkPostcode(match[1]) : undefined;
      const index = Number(match?.[2]);
      if (!parsed?.ok || index >= addressesAt(parsed.postcode).length) {
        throw new OnflexError("not_found", "That address is not in the sandbox.", { details: { addressId } });
      }
      const postcode = parsed.postcode;
      if (index === 0 && postcode === SANDBOX.postcodes.meterNotFound) return { meters: [] };
      const kind: MeterKind =
        postcode === SANDBOX.postcodes.nonDomestic ? "nonDomestic" : postcode === SANDBOX.postcodes.notSmart ? "notHalfHourly" : "domestic";
      const meters = [meterFor(generatedMpan(postcode, index, kind))];
      if (index === 0 && postcode === SANDBOX.postcodes.twoMeters) meters.push(meterFor(generatedMpan(postcode, index, "export")));
      return { meters };
    },
    "meters.byMpan": ({ mpan }) => meterFor(mpan),
    "eligibility.check": ({ mpan, assetModel }) => {
      const meter = meterFor(mpan);
      const nonDomestic = mpan.slice(2, 4) === "99";
      const siteIssues: EligibilityIssue[] = nonDomestic ? [{ code: "non_domestic_site", message: "This meter is at a non-domestic site." }] : [];
      const model = assetModel?.trim().toLowerCase();
      const assetIssues: EligibilityIssue[] = [];
      if (!model) assetIssues.push({ code: "asset_model_not_set", message: "No charger model was given." });
      else if (model === SANDBOX.assetModels.notQualified.toLowerCase()) {
        assetIssues.push({ code: "asset_model_not_cop11_qualified", message: "This charger model is not COP11-qualified." });
      } else if (model !== SANDBOX.assetModels.qualified.toLowerCase()) {
        assetIssues.push({ code: "asset_model_not_found", message: "This charger model is not known." });
      }
      const marketIssues: EligibilityIssue[] = meter.halfHourlySettled
        ? []
        : [{ code: "not_market_qualified", message: "This meter is not half-hourly settled, so it cannot join flexibility markets." }];
      const result = (proposition: string, issues: EligibilityIssue[]): PropositionEligibility => ({ proposition, isEligible: issues.length === 0, issues });
      return {
        mpan,
        isHalfHourlySettled: meter.halfHourlySettled,
        propositions: [
          result(AXLE_PROPOSITIONS.smartCharging, [...siteIssues, ...marketIssues, ...assetIssues]),
          result(AXLE_PROPOSITIONS.flexLite, siteIssues),
        ],
        checkedAt: clock().toISOString(),
      };
    },
    "consents.terms": ({ proposition }) => {
      const terms = TERMS.get(proposition);
      if (!terms) throw new OnflexError("not_found", `There are no terms for "${proposition}" in the sandbox.`, { details: { proposition } });
      return { proposition, ...terms };
    },
    "consents.record": (input, callOptions) => {
      const key = callOptions?.idempotencyKey;
      const fingerprint = JSON.stringify(input);
      const seen = key === undefined ? undefined : consentsByKey.get(key);
      if (seen) {
        // A retry of the same request gets the first answer; the same key on a different request is a client bug.
        if (seen.fingerprint === fingerprint) return seen.record;
        throw new OnflexError("conflict", "That idempotency key was already used for a different consent.", { retryable: false });
      }
      const terms = TERMS.get(input.proposition);
      if (!terms) throw new OnflexError("not_found", `There are no terms for "${input.proposition}" in the sandbox.`);
      if (terms.version !== input.termsVersion) {
        throw new OnflexError("conflict", "The terms have changed since they were shown; show the current version and ask again.", {
          retryable: false,
          details: { currentVersion: terms.version },
        });
      }
      meterFor(input.mpan);
      const record: ConsentRecord = { id: `sbx-consent-${consents.length + 1}`, ...input, recordedAt: clock().toISOString() };
      consents.push(record);
      if (key !== undefined) consentsByKey.set(key, { fingerprint, record });
      return record;
    },
    "wizard.start": (input, callOptions) => wizard.start(input, callOptions),
    "wizard.get": (input) => wizard.get(input),
    "wizard.answer": (input) => wizard.answer(input),
    "wizard.rewind": (input) => wizard.rewind(input),
    "devices.eligibleTypes": ({ mpan }) => {
      const meter = meterFor(mpan);
      // A business site, or an export meter, can register nothing in the sandbox.
      const none = mpan.slice(2, 4) === "99" || meter.direction === "export";
      const deviceTypes: DeviceType[] = none ? [] : ["ELECTRIC_VEHICLES", "CHARGE_POINTS", "BATTERIES", "HEAT_PUMPS"];
      return { mpan, deviceTypes };
    },
    "devices.makes": ({ deviceType }) => ({ deviceType, makes: sandboxMakes(deviceType) }),
    "devices.models": ({ deviceType, make }) => ({ deviceType, ...sandboxModels(deviceType, make) }),
    "devices.register": (input, callOptions) => {
      const key = callOptions?.idempotencyKey;
      const fingerprint = JSON.stringify(input);
      const seen = key === undefined ? undefined : devicesByKey.get(key);
      if (seen) {
        if (seen.fingerprint === fingerprint) return seen.device;
        throw new OnflexError("conflict", "That idempotency key was already used for a different device.", { retryable: false });
      }
      meterFor(input.mpan);
      const device = sandboxRegistration(input, `sbx-device-${devices.length + 1}`);
      devices.push(device);
      if (key !== undefined) devicesByKey.set(key, { fingerprint, device });
      return device;
    },
    "site.get": () => enrolment.site(),
    "site.update": (input) => enrolment.updateSite(input),
    "programs.list": (input) => enrolment.programs(input),
    "enrollments.list": () => enrolment.list(),
    "enrollments.create": (input, callOptions) => enrolment.create(input, callOptions),
    "enrollments.cancel": (input) => enrolment.cancel(input),
    "enrollments.unenroll": (input) => enrolment.unenroll(input),
    "events.list": (input) => enrolment.events(input),
    "events.update": (input) => enrolment.updateEvent(input),
    "deviceAuth.start": (input) => deviceAuth.start(input),
    "deviceAuth.complete": (input) => deviceAuth.complete(input),
    "deviceAuth.status": (input) => deviceAuth.status(input),
    "deviceAuth.guide": (input) => guidedAuth.guide(input),
    "deviceAuth.submitCode": (input) => guidedAuth.submitCode(input),
    "deviceAuth.guidedStatus": (input) => guidedAuth.status(input),
    "tariffs.offer": (input) => tariffs.offer(input),
    "tariffs.accept": (input, callOptions) => tariffs.accept(input, callOptions),
    "tariffs.decline": (input) => tariffs.decline(input),
    "tariffs.switchStatus": (input) => tariffs.switchStatus(input),
    "devices.status": (input) => testCharge.status(input),
    "testCharge.start": (input) => testCharge.start(input),
    "testCharge.get": (input) => testCharge.get(input),
    "virtualKey.details": (input) => virtualKey.details(input),
    "virtualKey.status": (input) => virtualKey.status(input),
  };

  async function invoke<K extends OperationId>(id: K, input: OperationInput<K>, callOptions?: CallOptions): Promise<OperationOutput<K>> {
    await sleep(latency, callOptions?.signal);
    const parsed = parseOperationInput(id, input);
    if (failOnce.delete(id)) {
      throw new OnflexError("upstream", `${id} is unavailable (simulated failure); try again.`, { retryable: true });
    }
    const handler = handlers[id] as (input: OperationInput<K>, options?: CallOptions) => unknown;
    return parseOperationOutput(id, await handler(parsed, callOptions));
  }

  return Object.assign(createApiFromInvoker(invoke), {
    simulation: {
      consentRecords: () => consents.map((record) => ({ ...record })),
      registeredDevices: () => devices.map((device) => ({ ...testCharge.sync(device) })),
      site: () => enrolment.site(),
      enrollments: () => enrolment.list().enrollments,
      events: () => enrolment.events({}).events,
      simulateSignIn: (state: string, outcome: SandboxSignInOutcome, signInOptions?: { callback?: boolean }) => deviceAuth.simulateSignIn(state, outcome, signInOptions),
      setDeviceStatus: (deviceId: string, status: DeviceStatus) => {
        const device = devices.find((item) => item.deviceId === deviceId);
        if (!device) throw new OnflexError("not_found", "There is no such device in the sandbox.", { retryable: false });
        device.status = DeviceStatusSchema.parse(status);
      },
      tariffSwitches: () => tariffs.switches(),
      simulateTestCharge: (deviceId: string, outcome: SandboxTestChargeOutcome) => testCharge.simulateTestCharge(deviceId, outcome),
      simulateVirtualKey: (deviceId: string, outcome: SandboxVirtualKeyOutcome, keyOptions?: { afterMs?: number }) => virtualKey.simulateVirtualKey(deviceId, outcome, keyOptions),
      simulateGuidedAuth: (deviceId: string, outcome: SandboxGuidedAppOutcome, guidedOptions?: { afterMs?: number }) => guidedAuth.simulateGuidedAuth(deviceId, outcome, guidedOptions),
    },
  });
}
