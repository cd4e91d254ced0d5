import type { ManualField, ManualFieldReason } from "@onflex/machines";
import type { I18n, MessageKey } from "../i18n/i18n.types.js";

/** The catalogue text for an error from a machine (the JSON form of an OnflexError). */
export function errorMessage(i18n: I18n, error: { code: string } | null | undefined): string {
  if (!error) return "";
  return i18n.tryT(`error.${error.code}`) ?? i18n.t("error.unknown");
}

/** The catalogue text for why a manual-entry field was refused (by the form or by the machine). */
export function manualFieldMessage(i18n: I18n, field: ManualField, reason: ManualFieldReason | string | undefined): string | undefined {
  if (!reason) return undefined;
  if (reason === "required") return i18n.tryT(`address.manual.required.${field}`) ?? i18n.t("error.validation");
  if (reason === "not_found") return i18n.t("address.manual.notFound");
  const group = field === "mpan" ? "mpan" : "postcode";
  return i18n.tryT(`validation.${group}.${reason}`) ?? i18n.t("error.validation");
}

export function postcodeMessage(i18n: I18n, reason: string | null | undefined): string | undefined {
  if (!reason) return undefined;
  return i18n.tryT(`validation.postcode.${reason}`) ?? i18n.t("error.validation");
}

/** A proposition's display name; unknown ids (another platform's) show as given. */
export function propositionName(i18n: I18n, proposition: string): string {
  return i18n.tryT(`proposition.${proposition}`) ?? proposition;
}

export function issueMessage(i18n: I18n, code: string): string {
  return i18n.tryT(`eligibility.issue.${code}`) ?? i18n.t("eligibility.issue.unknown", { code });
}

export type { MessageKey };
