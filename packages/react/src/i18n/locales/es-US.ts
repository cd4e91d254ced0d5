import type { Messages } from "../i18n.types.js";
import { esUSFlow } from "./es-US.flow.js";
import { esUSAddress, esUSAddressSearch } from "./es-US.address.js";
import { esUSEligibility } from "./es-US.eligibility.js";
import { esUSConsent } from "./es-US.consent.js";
import { esUSDevice } from "./es-US.device.js";
import { esUSDeviceAuth } from "./es-US.device-auth.js";
import { esUSEnrollment } from "./es-US.enrollment.js";
import { esUSTariffSwitch } from "./es-US.tariff-switch.js";
import { esUSTestCharge } from "./es-US.test-charge.js";
import { esUSVirtualKey } from "./es-US.virtual-key.js";
import { esUSManageEnrollment } from "./es-US.manage-enrollment.js";
import { esUSWaitForTransition } from "./es-US.wait-for-transition.js";
import { esUSErrors } from "./es-US.errors.js";

export { esUSAddress, esUSAddressSearch, esUSConsent, esUSDevice, esUSDeviceAuth, esUSEligibility, esUSEnrollment, esUSErrors, esUSFlow };
export { esUSTariffSwitch, esUSTestCharge, esUSVirtualKey, esUSManageEnrollment };
export { esUSWaitForTransition };

/*
 * US Spanish, in the same parts as en-GB (es-US.<area>.ts, each typed against its en-GB part,
 * so a missing or extra key is a type error there), addressing the customer as "usted", in the
 * words of a US utility ("programa", "inscripción", "auto eléctrico", "código postal (ZIP)").
 * Numbers, money and dates come from Intl with the es-US tag ("1,234.5", "$60.50",
 * "21 de noviembre de 2026"). Typed as a complete Messages: nothing falls back to English.
 */
export const esUS: Messages = {
  ...esUSFlow,
  ...esUSAddress,
  ...esUSEligibility,
  ...esUSConsent,
  ...esUSDevice,
  ...esUSDeviceAuth,
  ...esUSEnrollment,
  ...esUSTariffSwitch,
  ...esUSTestCharge,
  ...esUSVirtualKey,
  ...esUSManageEnrollment,
  ...esUSWaitForTransition,
  ...esUSErrors,
};
