import * as z from "zod/mini";
import { parseUkPostcode } from "../validators/postcode.js";
import { NonEmptyString } from "./common.js";

/**
 * A UK postcode in any case and spacing ("sw1a1aa" passes); the issue carries the
 * validator's `reason` in `params`. Use `normaliseUkPostcode` for the display form.
 */
export const UkPostcode = z.string().check(
  z.trim(),
  z.meta({ description: "A UK postcode, any case and spacing.", examples: ["SW1A 1AA"] }),
  z.superRefine((value, ctx) => {
    const parsed = parseUkPostcode(value);
    if (!parsed.ok) ctx.issues.push({ code: "custom", message: parsed.message, input: value, params: { reason: parsed.reason } });
  }),
);

/** A postal address as returned by a lookup; `id` is opaque and used to resolve meters. */
export const Address = z.object({
  id: NonEmptyString,
  line1: NonEmptyString,
  line2: z.optional(z.string()),
  town: NonEmptyString,
  postcode: NonEmptyString,
});
export type Address = z.infer<typeof Address>;

/** An address the user typed because theirs was not listed; it has no lookup id. */
export const ManualAddress = z.object({
  line1: NonEmptyString,
  line2: z.optional(z.string()),
  town: NonEmptyString,
  postcode: UkPostcode,
});
export type ManualAddress = z.infer<typeof ManualAddress>;

export const AddressSearchInput = z.object({ postcode: UkPostcode });
export type AddressSearchInput = z.infer<typeof AddressSearchInput>;

export const AddressSearchResult = z.object({
  /** The postcode in its normalised form ("SW1A 1AA"). */
  postcode: NonEmptyString,
  addresses: z.array(Address),
});
export type AddressSearchResult = z.infer<typeof AddressSearchResult>;
