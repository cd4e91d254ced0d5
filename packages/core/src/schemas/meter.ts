import * as z from "zod/mini";
import { NonEmptyString } from "./common.js";

export const MeterDirection = z.enum(["import", "export"]);
export type MeterDirection = z.infer<typeof MeterDirection>;

/** The 13-digit MPAN core: distributor id (2) + unique id (10) + check digit (1). */
export const MpanCore = z.string().check(z.regex(/^\d{13}$/, "An MPAN core is 13 digits."));

/**
 * A metering point, modelled on Axle's MeterResponse (mpan, half_hourly_settled,
 * supplier_mpid, supplier_name, eligible_markets) plus the direction of flow.
 */
export const Meter = z.object({
  mpan: MpanCore,
  direction: MeterDirection,
  halfHourlySettled: z.boolean(),
  supplierMpid: z.optional(z.string()),
  supplierName: z.optional(z.string()),
  eligibleMarkets: z.array(z.string()),
});
export type Meter = z.infer<typeof Meter>;

export const MetersByAddressInput = z.object({ addressId: NonEmptyString });
export type MetersByAddressInput = z.infer<typeof MetersByAddressInput>;

/** Every meter at the address; an empty list means none could be matched (manual entry). */
export const MeterLookupResult = z.object({ meters: z.array(Meter) });
export type MeterLookupResult = z.infer<typeof MeterLookupResult>;

export const MeterByMpanInput = z.object({ mpan: MpanCore });
export type MeterByMpanInput = z.infer<typeof MeterByMpanInput>;
