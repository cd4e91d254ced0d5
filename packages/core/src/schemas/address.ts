import * as z from "zod/mini";
import { NonEmptyString } from "./common.js";

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
  postcode: NonEmptyString,
});
export type ManualAddress = z.infer<typeof ManualAddress>;

export const AddressSearchInput = z.object({ postcode: NonEmptyString });
export type AddressSearchInput = z.infer<typeof AddressSearchInput>;

export const AddressSearchResult = z.object({
  /** The postcode in its normalised form ("SW1A 1AA"). */
  postcode: NonEmptyString,
  addresses: z.array(Address),
});
export type AddressSearchResult = z.infer<typeof AddressSearchResult>;
