import { OnflexError } from "../errors.js";
import type {
  DeviceStatus,
  RegisteredDevice,
  Tariff,
  TariffDecisionInput,
  TariffOffer,
  TariffOfferInput,
  TariffSwitch,
  TariffSwitchStatusInput,
} from "../schemas/index.js";
import { SANDBOX } from "./sandbox.fixtures.js";

/**
 * SIMULATED tariff switches: a supplier's offers for a device, accepted or declined, and a
 * switch that waits on the device's test charge. Nothing here is a real supplier's tariff;
 * the rates are realistic for UK time-of-use tariffs (VAT included) so views can be tried
 * with real-looking figures.
 */

const SUPPLIER = "Sandbox Energy (simulated)";
const OFFER_TTL_MS = 30 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** A device that has passed its test charge: a switch waiting on it goes ahead. */
const PASSED_TEST: ReadonlySet<DeviceStatus> = new Set(["PENDING_LIVE", "LIVE"]);

// A Map, so a hostile tariff code ("constructor") finds nothing inherited.
const TARIFFS: ReadonlyMap<string, Tariff> = new Map<string, Tariff>([
  [
    SANDBOX.tariffs.evOvernight,
    {
      code: SANDBOX.tariffs.evOvernight,
      displayName: "EV Night (simulated)",
      supplier: SUPPLIER,
      currency: "GBP",
      unitRates: [
        { kind: "OFF_PEAK", start: "23:30", end: "05:30", unitRate: "7.00" },
        { kind: "STANDARD", start: "05:30", end: "23:30", unitRate: "24.50" },
      ],
      standingCharge: "48.79",
      exitFees: [],
      contractMonths: null,
    },
  ],
  [
    SANDBOX.tariffs.fixedWithExitFees,
    {
      code: SANDBOX.tariffs.fixedWithExitFees,
      displayName: "EV Fixed 12M (simulated)",
      supplier: SUPPLIER,
      currency: "GBP",
      unitRates: [
        { kind: "OFF_PEAK", start: "00:00", end: "04:00", unitRate: "8.95" },
        { kind: "STANDARD", start: "04:00", end: "00:00", unitRate: "25.6725" },
      ],
      standingCharge: "53.35",
      exitFees: [{ fuel: "ELECTRICITY", amount: "7500" }],
      contractMonths: 12,
    },
  ],
  [
    SANDBOX.tariffs.threeRate,
    {
      code: SANDBOX.tariffs.threeRate,
      displayName: "Three-Rate Flex (simulated)",
      supplier: SUPPLIER,
      currency: "GBP",
      unitRates: [
        { kind: "OFF_PEAK", start: "02:00", end: "05:00", unitRate: "17.90" },
        { kind: "STANDARD", start: "05:00", end: "16:00", unitRate: "29.83" },
        { kind: "PEAK", start: "16:00", end: "19:00", unitRate: "41.76" },
        { kind: "STANDARD", start: "19:00", end: "02:00", unitRate: "29.83" },
      ],
      standingCharge: "60.12",
      exitFees: [],
      contractMonths: null,
    },
  ],
]);

interface StoredOffer {
  offer: TariffOffer;
  switchId: string | null;
}

export interface TariffSimulation {
  offer(input: TariffOfferInput): TariffOffer;
  accept(input: TariffDecisionInput, options?: { idempotencyKey?: string }): TariffSwitch;
  decline(input: TariffDecisionInput): TariffSwitch;
  switchStatus(input: TariffSwitchStatusInput): TariffSwitch;
  /** Every switch decided so far, oldest first, as it stands now. */
  switches(): TariffSwitch[];
}

function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function createTariffSimulation(deps: { clock: () => Date; deviceById: (deviceId: string) => RegisteredDevice | undefined }): TariffSimulation {
  const offers = new Map<string, StoredOffer>();
  const switches = new Map<string, TariffSwitch>();
  const byKey = new Map<string, { fingerprint: string; switchId: string }>();
  const expiredOnce = new Set<string>();
  let offerCount = 0;

  function deviceOf(deviceId: string): RegisteredDevice {
    const device = deps.deviceById(deviceId);
    if (!device) throw new OnflexError("not_found", "There is no such device in the sandbox.", { retryable: false });
    if (device.status === "RETIRED") {
      throw new OnflexError("conflict", "This device is retired, so no tariff can be switched for it.", { retryable: false, details: { reason: "device_retired" } });
    }
    return device;
  }

  /** Where an accepted switch stands once the device has passed its test: fixed tariffs start the next day, others at once. */
  function goAhead(value: TariffSwitch): TariffSwitch {
    const now = deps.clock().getTime();
    return value.tariff.contractMonths === null
      ? { ...value, status: "COMPLETE", effectiveDate: dateOf(now) }
      : { ...value, status: "SCHEDULED", effectiveDate: dateOf(now + DAY_MS) };
  }

  /** Moves a switch on as time and the device's status allow, and stores it. */
  function current(switchId: string): TariffSwitch {
    let value = switches.get(switchId) as TariffSwitch;
    const device = deps.deviceById(value.deviceId);
    if (value.status === "PENDING_TEST_CHARGE" && device && PASSED_TEST.has(device.status)) value = goAhead(value);
    if (value.status === "SCHEDULED" && value.effectiveDate !== null && dateOf(deps.clock().getTime()) >= value.effectiveDate) {
      value = { ...value, status: "COMPLETE" };
    }
    switches.set(switchId, value);
    return value;
  }

  function storedOffer({ deviceId, offerId }: TariffDecisionInput): StoredOffer {
    const stored = offers.get(offerId);
    // Another device's offer is not this device's.
    if (!stored || stored.offer.deviceId !== deviceId) throw new OnflexError("not_found", "There is no such tariff offer for this device.", { retryable: false });
    return stored;
  }

  function decide(stored: StoredOffer, status: TariffSwitch["status"]): TariffSwitch {
    const switchId = `sbx-switch-${switches.size + 1}`;
    const value: TariffSwitch = {
      switchId,
      deviceId: stored.offer.deviceId,
      offerId: stored.offer.offerId,
      tariff: stored.offer.tariff,
      status,
      effectiveDate: null,
      decidedAt: deps.clock().toISOString(),
    };
    switches.set(switchId, value);
    stored.switchId = switchId;
    return value;
  }

  function alreadyDecided(): never {
    throw new OnflexError("conflict", "This offer has already been decided the other way.", { retryable: false, details: { reason: "already_decided" } });
  }

  return {
    offer({ deviceId, tariffCode }) {
      const device = deviceOf(deviceId);
      const code = tariffCode ?? SANDBOX.tariffs.evOvernight;
      const now = deps.clock().getTime();
      offerCount += 1;
      const offerId = `sbx-offer-${offerCount}`;
      if (code === SANDBOX.tariffs.garbled) {
        // Bands that overlap: output validation turns the answer into invalid_response.
        const tariff = TARIFFS.get(SANDBOX.tariffs.evOvernight) as Tariff;
        return { offerId, deviceId, tariff: { ...tariff, code, unitRates: [...tariff.unitRates, tariff.unitRates[0]] }, waitsForTestCharge: false, expiresAt: new Date(now).toISOString() } as TariffOffer;
      }
      const expiring = code === SANDBOX.tariffs.expiresOnce && !expiredOnce.has(deviceId);
      if (expiring) expiredOnce.add(deviceId);
      const tariff = TARIFFS.get(code === SANDBOX.tariffs.expiresOnce ? SANDBOX.tariffs.evOvernight : code);
      if (!tariff) throw new OnflexError("not_found", `The sandbox has no tariff "${code}".`, { retryable: false, details: { tariffCode: code } });
      const offer: TariffOffer = {
        offerId,
        deviceId,
        tariff,
        waitsForTestCharge: !PASSED_TEST.has(device.status),
        // The first offer of `expiresOnce` has already expired when the user accepts it.
        expiresAt: new Date(expiring ? now : now + OFFER_TTL_MS).toISOString(),
      };
      offers.set(offerId, { offer, switchId: null });
      return offer;
    },

    accept(input, options = {}) {
      const key = options.idempotencyKey;
      const fingerprint = JSON.stringify(input);
      const seen = key === undefined ? undefined : byKey.get(key);
      if (seen) {
        if (seen.fingerprint === fingerprint) return current(seen.switchId);
        throw new OnflexError("conflict", "That idempotency key was already used for a different switch.", { retryable: false, details: { reason: "idempotency_key_reused" } });
      }
      const stored = storedOffer(input);
      deviceOf(input.deviceId);
      if (stored.switchId !== null) {
        // Accepting the same offer again is the same switch; after a decline it is a contradiction.
        if (switches.get(stored.switchId)?.status === "DECLINED") alreadyDecided();
        return current(stored.switchId);
      }
      if (deps.clock().getTime() >= Date.parse(stored.offer.expiresAt)) {
        throw new OnflexError("conflict", "This offer has expired; fetch a new one.", { retryable: false, details: { reason: "offer_expired" } });
      }
      const value = decide(stored, "PENDING_TEST_CHARGE");
      if (key !== undefined) byKey.set(key, { fingerprint, switchId: value.switchId });
      return current(value.switchId);
    },

    decline(input) {
      const stored = storedOffer(input);
      if (stored.switchId !== null) {
        const decided = current(stored.switchId);
        if (decided.status !== "DECLINED") alreadyDecided();
        return decided;
      }
      return decide(stored, "DECLINED");
    },

    switchStatus({ deviceId }) {
      const latest = [...switches.values()].filter((value) => value.deviceId === deviceId).at(-1);
      if (!latest) throw new OnflexError("not_found", "This device has no tariff switch.", { retryable: false });
      return current(latest.switchId);
    },

    switches: () => [...switches.keys()].map(current),
  };
}
