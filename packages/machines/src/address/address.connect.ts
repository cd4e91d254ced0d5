import type { Address, Meter, PostcodeInvalidReason } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { AddressMachine } from "./address.machine.js";
import type {
  AddressEvent,
  AddressOutput,
  AddressStep,
  ManualDraft,
  ManualEntryReason,
  ManualFieldErrors,
} from "./address.types.js";

export type AddressSnapshot = SnapshotFrom<AddressMachine>;

/** Everything an address view renders and every command it may call. */
export interface AddressView {
  step: AddressStep;
  /** A request is in flight (searching, resolving the meter or verifying the MPAN). */
  isLoading: boolean;
  isSearching: boolean;
  isResolvingMeter: boolean;
  isVerifyingMpan: boolean;
  isDone: boolean;
  postcodeDraft: string;
  postcodeError: PostcodeInvalidReason | null;
  /** The normalised postcode of the last search. */
  postcode: string | null;
  addresses: Address[];
  selectedAddress: Address | null;
  meters: Meter[];
  meter: Meter | null;
  manualDraft: ManualDraft;
  manualErrors: ManualFieldErrors;
  manualReason: ManualEntryReason | null;
  error: FlowError | null;
  canRetry: boolean;
  canGoBack: boolean;
  canEnterManually: boolean;
  output: AddressOutput | null;
  submitPostcode(value?: string): void;
  selectAddress(addressId: string): void;
  selectMeter(mpan: string): void;
  enterManually(): void;
  submitManual(values?: Partial<ManualDraft>): void;
  retry(): void;
  back(): void;
  changePostcode(): void;
  exit(): void;
  getRootProps(): PartProps;
}

export function connectAddress(snapshot: AddressSnapshot, send: Send<AddressEvent>): AddressView {
  const { context } = snapshot;
  const step = snapshot.value as AddressStep;
  const isSearching = step === "searching";
  const isResolvingMeter = step === "resolvingMeter";
  const isVerifyingMpan = step === "verifyingMpan";
  return {
    step,
    isLoading: isSearching || isResolvingMeter || isVerifyingMpan,
    isSearching,
    isResolvingMeter,
    isVerifyingMpan,
    isDone: step === "done",
    postcodeDraft: context.postcodeDraft,
    postcodeError: context.postcodeError,
    postcode: context.postcode,
    addresses: context.addresses,
    selectedAddress: context.selectedAddress,
    meters: context.meters,
    meter: context.meter,
    manualDraft: context.manualDraft,
    manualErrors: context.manualErrors,
    manualReason: context.manualReason,
    error: context.error,
    canRetry: snapshot.can({ type: "ADDRESS.RETRY" }),
    canGoBack: snapshot.can({ type: "ADDRESS.BACK" }),
    canEnterManually: snapshot.can({ type: "ADDRESS.ENTER_MANUALLY" }),
    output: snapshot.status === "done" ? (snapshot.output ?? null) : null,
    submitPostcode: (value) => send(value === undefined ? { type: "ADDRESS.SUBMIT_POSTCODE" } : { type: "ADDRESS.SUBMIT_POSTCODE", postcode: value }),
    selectAddress: (addressId) => send({ type: "ADDRESS.SELECT_ADDRESS", addressId }),
    selectMeter: (mpan) => send({ type: "ADDRESS.SELECT_METER", mpan }),
    enterManually: () => send({ type: "ADDRESS.ENTER_MANUALLY" }),
    submitManual: (values) => send(values === undefined ? { type: "ADDRESS.SUBMIT_MANUAL" } : { type: "ADDRESS.SUBMIT_MANUAL", values }),
    retry: () => send({ type: "ADDRESS.RETRY" }),
    back: () => send({ type: "ADDRESS.BACK" }),
    changePostcode: () => send({ type: "ADDRESS.CHANGE_POSTCODE" }),
    exit: () => send({ type: "ADDRESS.EXIT" }),
    getRootProps: () => partProps("address", "root", step),
  };
}
