import * as z from "zod/mini";
import { parseMpan } from "../validators/mpan.js";
import { NonEmptyString } from "./common.js";

export const MeterDirection = z.enum(["import", "export"]);
export type MeterDirection = z.infer<typeof MeterDirection>;

/**
 * The 13-digit MPAN core: distributor id (2: a DNO 10–23 or an IDNO from 24, see
 * MPAN_DISTRIBUTORS) + unique id (10) + check digit (1).
 * A typo fails here rather than at the server; the issue's `params.reason` says why.
 */
export const MpanCore = z.string().check(
  z.regex(/^\d{13}$/, "An MPAN core is 13 digits."),
  z.meta({ description: "MPAN core: distributor id (an issued DNO or IDNO id), unique id, check digit.", examples: ["1012345678903"] }),
  z.superRefine((value, ctx) => {
    if (!/^\d{13}$/.test(value)) return;
    const parsed = parseMpan(value);
    if (!parsed.ok) ctx.issues.push({ code: "custom", message: parsed.message, input: value, params: { reason: parsed.reason } });
  }),
);

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
