import type { ConsentRecord, Terms } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { ConsentMachine } from "./consent.machine.js";
import type { ConsentEvent, ConsentStep } from "./consent.types.js";

export type ConsentSnapshot = SnapshotFrom<ConsentMachine>;

export interface ConsentView {
  step: ConsentStep;
  isLoading: boolean;
  isRecording: boolean;
  isDone: boolean;
  isDeclined: boolean;
  terms: Terms | null;
  hasAgreed: boolean;
  /** Accept is enabled only once "I agree" is ticked. */
  canAccept: boolean;
  canDecline: boolean;
  canRetry: boolean;
  givenAt: string | null;
  record: ConsentRecord | null;
  error: FlowError | null;
  setAgreed(agreed: boolean): void;
  accept(): void;
  decline(): void;
  retry(): void;
  getRootProps(): PartProps;
  /** For the "I agree" checkbox. */
  getAgreeProps(): PartProps & { checked: boolean; disabled: boolean };
  getAcceptProps(): PartProps & { disabled: boolean };
}

export function connectConsent(snapshot: ConsentSnapshot, send: Send<ConsentEvent>): ConsentView {
  const { context } = snapshot;
  const step = snapshot.value as ConsentStep;
  const canAccept = snapshot.can({ type: "CONSENT.ACCEPT" });
  return {
    step,
    isLoading: step === "loadingTerms",
    isRecording: step === "recording",
    isDone: step === "done",
    isDeclined: step === "declined",
    terms: context.terms,
    hasAgreed: context.hasAgreed,
    canAccept,
    canDecline: snapshot.can({ type: "CONSENT.DECLINE" }),
    canRetry: snapshot.can({ type: "CONSENT.RETRY" }),
    givenAt: context.givenAt,
    record: context.record,
    error: context.error,
    setAgreed: (agreed) => send({ type: "CONSENT.SET_AGREED", agreed }),
    accept: () => send({ type: "CONSENT.ACCEPT" }),
    decline: () => send({ type: "CONSENT.DECLINE" }),
    retry: () => send({ type: "CONSENT.RETRY" }),
    getRootProps: () => partProps("consent", "root", step),
    getAgreeProps: () => ({
      ...partProps("consent", "agree", context.hasAgreed ? "checked" : "unchecked"),
      checked: context.hasAgreed,
      disabled: step !== "reviewing",
    }),
    getAcceptProps: () => ({ ...partProps("consent", "accept", canAccept ? "enabled" : "disabled"), disabled: !canAccept }),
  };
}
