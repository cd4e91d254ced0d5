import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";

/**
 * A tariff switch: where a proposition requires the household to move to a tariff (Kraken
 * SmartFlex's "Tariff switch" step, e.g. an EV tariff with a cheap overnight band). Money is
 * never a float: every amount is an exact decimal string in the currency's minor unit
 * (pence for GBP), as suppliers quote unit rates ("7.50" p/kWh) and standing charges
 * ("53.35" p/day); views format it with Intl from the string, so nothing is rounded on the way.
 */

/** An ISO 4217 currency code (GBP for UK tariffs). */
export const CurrencyCode = z.string().check(z.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code"));
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/** An exact, non-negative amount in minor units (pence), up to four decimal places: "7.50", "24.4965", "7500". */
export const MinorAmount = z.string().check(z.regex(/^(0|[1-9]\d{0,7})(\.\d{1,4})?$/, "must be a decimal amount in minor units"));
export type MinorAmount = z.infer<typeof MinorAmount>;

/** A local wall-clock time "HH:MM" (24-hour). A band's end of "00:00" is midnight at the end of the day. */
export const LocalTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a local time HH:MM"));
export type LocalTime = z.infer<typeof LocalTime>;

/** What a band is called on a bill: the cheap overnight window, the expensive evening peak, or the rest of the day. */
export const TARIFF_BAND_KINDS = ["OFF_PEAK", "PEAK", "STANDARD"] as const;
export const TariffBandKind = z.enum(TARIFF_BAND_KINDS);
export type TariffBandKind = z.infer<typeof TariffBandKind>;

/** One time-of-day band: from `start` (inclusive) to `end` (exclusive), local time; it may wrap past midnight. */
export const TariffRateBand = z.object({
  kind: TariffBandKind,
  start: LocalTime,
  end: LocalTime,
  /** Per kWh, VAT included. */
  unitRate: MinorAmount,
});
export type TariffRateBand = z.infer<typeof TariffRateBand>;

function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const DAY = 24 * 60;

/**
 * Whether the bands cover every minute of the day exactly once (no gap, no overlap): a band
 * whose end is at or before its start runs past midnight. Exported for views and tests.
 */
export function tariffBandsCoverDay(bands: readonly Pick<TariffRateBand, "start" | "end">[]): boolean {
  const covered = new Uint8Array(DAY);
  for (const band of bands) {
    const start = minutes(band.start);
    let end = minutes(band.end);
    if (end <= start) end += DAY;
    for (let minute = start; minute < end; minute += 1) {
      const at = minute % DAY;
      if (covered[at]) return false;
      covered[at] = 1;
    }
  }
  return covered.every((value) => value === 1);
}

/** The fuels a UK supplier charges an exit fee for, each separately. */
export const EXIT_FEE_FUELS = ["ELECTRICITY", "GAS"] as const;
export const ExitFeeFuel = z.enum(EXIT_FEE_FUELS);
export type ExitFeeFuel = z.infer<typeof ExitFeeFuel>;

/** A fee for leaving the tariff before its fixed term ends, per fuel, in minor units ("7500" is £75.00). */
export const ExitFee = z.object({ fuel: ExitFeeFuel, amount: MinorAmount });
export type ExitFee = z.infer<typeof ExitFee>;

const TariffCode = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, "must be a tariff code"));

/** A tariff as the user is asked to move to it. */
export const Tariff = z.object({
  code: TariffCode,
  displayName: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  supplier: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  currency: CurrencyCode,
  /** Unit rates by time of day, covering the whole day exactly once, in the order a bill lists them. */
  unitRates: z.array(TariffRateBand).check(
    z.minLength(1),
    z.maxLength(48),
    z.refine((bands) => tariffBandsCoverDay(bands), "the bands must cover the whole day exactly once"),
  ),
  /** Per day, VAT included. */
  standingCharge: MinorAmount,
  /** Empty when leaving costs nothing. */
  exitFees: z.array(ExitFee).check(z.maxLength(2)),
  /** The fixed term in months; null for a tariff without one. */
  contractMonths: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(60))),
});
export type Tariff = z.infer<typeof Tariff>;

/**
 * Where a switch stands:
 * - `PENDING_TEST_CHARGE`: accepted, waiting for the device to pass its test charge (its
 *   status PENDING_LIVE or LIVE), then the switch goes ahead by itself;
 * - `SCHEDULED`: accepted, takes effect on `effectiveDate`;
 * - `COMPLETE`: the household is on the tariff;
 * - `DECLINED`: the user said no.
 */
export const TARIFF_SWITCH_STATUSES = ["PENDING_TEST_CHARGE", "SCHEDULED", "COMPLETE", "DECLINED"] as const;
export const TariffSwitchStatus = z.enum(TARIFF_SWITCH_STATUSES);
export type TariffSwitchStatus = z.infer<typeof TariffSwitchStatus>;

/** A calendar date "YYYY-MM-DD" (the supplier's local date). */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

export const TariffOfferInput = z.object({
  deviceId: NonEmptyString,
  /** The tariff the proposition requires, when the host or server names one; otherwise the server picks one for the device. */
  tariffCode: z.optional(TariffCode),
});
export type TariffOfferInput = z.infer<typeof TariffOfferInput>;

/** The tariff the household is asked to move to, for this device, and whether the switch will wait on its test charge. */
export const TariffOffer = z.object({
  offerId: NonEmptyString,
  deviceId: NonEmptyString,
  tariff: Tariff,
  /** The device has not passed its test charge yet: an accepted switch waits for it. */
  waitsForTestCharge: z.boolean(),
  expiresAt: IsoUtcTimestamp,
});
export type TariffOffer = z.infer<typeof TariffOffer>;

export const TariffDecisionInput = z.object({ deviceId: NonEmptyString, offerId: NonEmptyString });
export type TariffDecisionInput = z.infer<typeof TariffDecisionInput>;

export const TariffSwitchStatusInput = z.object({ deviceId: NonEmptyString });
export type TariffSwitchStatusInput = z.infer<typeof TariffSwitchStatusInput>;

/** A decision on an offer and how the switch stands. */
export const TariffSwitch = z.object({
  switchId: NonEmptyString,
  deviceId: NonEmptyString,
  offerId: NonEmptyString,
  tariff: Tariff,
  status: TariffSwitchStatus,
  /** When the household is (or will be) on the tariff; null while pending or declined. */
  effectiveDate: z.nullable(IsoDate),
  decidedAt: IsoUtcTimestamp,
});
export type TariffSwitch = z.infer<typeof TariffSwitch>;
