import type { WaitingFor } from "@onflex/core";
import type { DeviceProvider, DeviceType, EligibilityIssueCode, MpanInvalidReason, OnflexErrorCode, PostcodeInvalidReason, ProgramDeviceType, ProgramEventMode, ProgramEventStatus, ReserveSource, SiteAttribute, TestChargeFailure, TestChargeRefusal } from "@onflex/core";
import type { DeviceChoiceReason, PresetStepLabel, UnsupportedCase } from "@onflex/machines";
import { enGBFlow } from "./en-GB.flow.js";
import { enGBAddress } from "./en-GB.address.js";
import { enGBEligibility } from "./en-GB.eligibility.js";
import { enGBConsent } from "./en-GB.consent.js";
import { enGBDevice } from "./en-GB.device.js";
import { enGBDeviceAuth } from "./en-GB.device-auth.js";
import { enGBEnrollment } from "./en-GB.enrollment.js";
import { enGBTariffSwitch } from "./en-GB.tariff-switch.js";
import { enGBTestCharge } from "./en-GB.test-charge.js";
import { enGBVirtualKey } from "./en-GB.virtual-key.js";
import { enGBManageEnrollment } from "./en-GB.manage-enrollment.js";
import { enGBWaitForTransition } from "./en-GB.wait-for-transition.js";
import { enGBErrors } from "./en-GB.errors.js";

/**
 * Keys the domain forces on every catalogue: one message per error code, eligibility issue
 * code and validation reason, so a code added in core fails the build here until it has words.
 */
type DomainKeys =
  | `error.${OnflexErrorCode}`
  | `eligibility.issue.${EligibilityIssueCode}`
  | `validation.postcode.${PostcodeInvalidReason}`
  | `validation.mpan.${MpanInvalidReason}`
  | `device.type.${DeviceType}`
  | `device.provider.${DeviceProvider}`
  | `device.reason.${DeviceChoiceReason}`
  | `device.unsupported.${UnsupportedCase}`
  | `enrollment.deviceType.${ProgramDeviceType}`
  | `enrollment.site.${SiteAttribute}`
  | `testCharge.refused.${TestChargeRefusal}.heading`
  | `testCharge.refused.${TestChargeRefusal}.body`
  | `testCharge.failed.${TestChargeFailure}.heading`
  | `testCharge.failed.${TestChargeFailure}.body`
  | `manageEnrollment.eventStatus.${ProgramEventStatus}`
  | `manageEnrollment.mode.${ProgramEventMode}`
  | `manageEnrollment.reserveSource.${ReserveSource}`
  | `waitForTransition.${WaitingFor}.heading`
  | `waitForTransition.${WaitingFor}.body`
  | `waitForTransition.${WaitingFor}.done`
  | `progress.step.${PresetStepLabel}`;

export { enGBAddress, enGBConsent, enGBDevice, enGBDeviceAuth, enGBEligibility, enGBEnrollment, enGBErrors, enGBFlow };
export { enGBTariffSwitch, enGBTestCharge, enGBVirtualKey, enGBManageEnrollment };
export { enGBWaitForTransition };

/*
 * The reference catalogue (British English), in parts by area, one module each
 * (en-GB.<area>.ts). A page that paints before the widget loads (the portal's first screen)
 * imports only the parts it shows and translates with `createI18nFrom`, so no flow's words
 * grow that page's first chunk; the widget uses the whole catalogue. Other locales spread
 * `enGB` and override.
 */
export const enGB = {
  ...enGBFlow,
  ...enGBAddress,
  ...enGBEligibility,
  ...enGBConsent,
  ...enGBDevice,
  ...enGBDeviceAuth,
  ...enGBEnrollment,
  ...enGBTariffSwitch,
  ...enGBTestCharge,
  ...enGBVirtualKey,
  ...enGBManageEnrollment,
  ...enGBWaitForTransition,
  ...enGBErrors,
} as const satisfies Record<DomainKeys, string> & Record<string, string>;
