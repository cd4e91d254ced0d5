import type { Address, ManualAddress, Meter, MpanInvalidReason, PostcodeInvalidReason } from "@onflex/core";
import type { FlowError } from "../shared/shared.types.js";

export interface AddressInput {
  /** Prefills the postcode field, e.g. when the user comes back to change their address. */
  postcode?: string;
}

/**
 * The manual entry form's values as last submitted (or prefilled from the address found),
 * verbatim. The form owns the values while the user types; the machine receives them on submit.
 */
export interface ManualDraft {
  line1: string;
  line2: string;
  town: string;
  postcode: string;
  mpan: string;
}

export type ManualField = keyof ManualDraft;

/**
 * Why a manual field was rejected: the validators' reason codes, `required` for an empty
 * mandatory field, and `not_found` when the MPAN is valid but no meter has it.
 */
export type ManualFieldReason = PostcodeInvalidReason | MpanInvalidReason | "required" | "not_found";

export type ManualFieldErrors = Partial<Record<ManualField, ManualFieldReason>>;

/** Why the user is on the manual form: they said so, or their address had no meter we could match. */
export type ManualEntryReason = "address_not_listed" | "meter_not_found";

export interface AddressContext {
  /** The postcode as last submitted (or prefilled), verbatim; the form owns it while the user types. */
  postcodeDraft: string;
  /** Why the last submitted postcode was refused without a request, if it was. */
  postcodeError: PostcodeInvalidReason | null;
  /** The normalised postcode of the last search ("SW1A 1AA"). */
  postcode: string | null;
  addresses: Address[];
  selectedAddress: Address | null;
  meters: Meter[];
  manualDraft: ManualDraft;
  manualErrors: ManualFieldErrors;
  manualReason: ManualEntryReason | null;
  /** The manual address and MPAN core being verified. */
  manualAddress: ManualAddress | null;
  manualMpan: string | null;
  meter: Meter | null;
  error: FlowError | null;
}

export type AddressEvent =
  /** Without `postcode`, the last one (or the prefilled one) is submitted again. */
  | { type: "ADDRESS.SUBMIT_POSTCODE"; postcode?: string }
  | { type: "ADDRESS.SELECT_ADDRESS"; addressId: string }
  | { type: "ADDRESS.SELECT_METER"; mpan: string }
  | { type: "ADDRESS.ENTER_MANUALLY" }
  /** Without `values`, the last submitted values are submitted again. */
  | { type: "ADDRESS.SUBMIT_MANUAL"; values?: Partial<ManualDraft> }
  | { type: "ADDRESS.RETRY" }
  | { type: "ADDRESS.BACK" }
  | { type: "ADDRESS.CHANGE_POSTCODE" }
  | { type: "ADDRESS.EXIT" };

/** What the next step needs; `null` when the user left the flow. */
export interface AddressOutput {
  address: Address | ManualAddress;
  meter: Meter;
  isManual: boolean;
}

/** The value the view switches on. */
export type AddressStep =
  | "postcode"
  | "searching"
  | "results"
  | "noResults"
  | "searchFailed"
  | "resolvingMeter"
  | "resolveFailed"
  | "chooseMeter"
  | "manual"
  | "verifyingMpan"
  | "verifyFailed"
  | "done"
  | "exited";
