import type { Messages } from "../i18n.types.js";
import { deDEFlow } from "./de-DE.flow.js";
import { deDEAddress } from "./de-DE.address.js";
import { deDEEligibility } from "./de-DE.eligibility.js";
import { deDEConsent } from "./de-DE.consent.js";
import { deDEDevice } from "./de-DE.device.js";
import { deDEDeviceAuth } from "./de-DE.device-auth.js";
import { deDEEnrollment } from "./de-DE.enrollment.js";
import { deDETariffSwitch } from "./de-DE.tariff-switch.js";
import { deDETestCharge } from "./de-DE.test-charge.js";
import { deDEVirtualKey } from "./de-DE.virtual-key.js";
import { deDEManageEnrollment } from "./de-DE.manage-enrollment.js";
import { deDEWaitForTransition } from "./de-DE.wait-for-transition.js";
import { deDEErrors } from "./de-DE.errors.js";

export { deDEAddress, deDEConsent, deDEDevice, deDEDeviceAuth, deDEEligibility, deDEEnrollment, deDEErrors, deDEFlow };
export { deDETariffSwitch, deDETestCharge, deDEVirtualKey, deDEManageEnrollment };
export { deDEWaitForTransition };

/*
 * German (Germany), in the same parts as en-GB (de-DE.<area>.ts, each typed against its
 * en-GB part, so a missing or extra key is a type error there), in the polite form ("Sie").
 * Numbers, money and dates come from Intl with the de-DE tag ("1.234,5", "21. November 2026").
 * Typed as a complete Messages: nothing falls back to English.
 */
export const deDE: Messages = {
  ...deDEFlow,
  ...deDEAddress,
  ...deDEEligibility,
  ...deDEConsent,
  ...deDEDevice,
  ...deDEDeviceAuth,
  ...deDEEnrollment,
  ...deDETariffSwitch,
  ...deDETestCharge,
  ...deDEVirtualKey,
  ...deDEManageEnrollment,
  ...deDEWaitForTransition,
  ...deDEErrors,
};
