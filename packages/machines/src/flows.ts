import { addressFlow } from "./address/address.flow.js";
import { consentFlow } from "./consent/consent.flow.js";
import { deviceAuthFlow } from "./device-auth/device-auth.flow.js";
import { deviceSelectionFlow } from "./device-selection/device-selection.flow.js";
import { eligibilityFlow } from "./eligibility/eligibility.flow.js";
import { enrollmentFlow } from "./enrollment/enrollment.flow.js";
import { tariffSwitchFlow } from "./tariff-switch/tariff-switch.flow.js";
import { testChargeFlow } from "./test-charge/test-charge.flow.js";
import { virtualKeyFlow } from "./virtual-key/virtual-key.flow.js";
import { manageEnrollmentFlow } from "./manage-enrollment/manage-enrollment.flow.js";
import { waitForTransitionFlow } from "./wait-for-transition/wait-for-transition.flow.js";
import { createFlowRegistry } from "./journey/journey.define.js";
import type { AnyFlowDefinition } from "./journey/journey.types.js";

/**
 * Every flow Onflex ships, one line each. A journey may run any of them; a host adds its own
 * steps (or replaces one of these) with `createFlowRegistry(onflexFlows, [myFlow])`.
 */
// One flow a line, so adding one is a one-line change.
export const onflexFlows: readonly AnyFlowDefinition[] = [
  addressFlow,
  eligibilityFlow,
  consentFlow,
  deviceSelectionFlow,
  deviceAuthFlow,
  enrollmentFlow,
  tariffSwitchFlow,
  testChargeFlow,
  virtualKeyFlow,
  manageEnrollmentFlow,
  waitForTransitionFlow,
];

export const onflexFlowRegistry = createFlowRegistry(onflexFlows);
