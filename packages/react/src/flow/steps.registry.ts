import { lazyEntry, toEntry } from "../step/lazy.js";
import type { OutcomeComponents, OutcomeEntry, StepComponents, StepEntry } from "../step/step.types.js";

/**
 * Onflex's step components by flow id, one line each; each is its own chunk, fetched when a
 * journey comes near it. `<OnboardingFlow steps={{ account: AccountStep }}>` adds to or replaces these.
 */
export const onflexSteps: Readonly<Record<string, StepEntry>> = {
  address: lazyEntry(() => import("../address/address-step.js").then((m) => m.AddressStep)),
  eligibility: lazyEntry(() => import("../eligibility/eligibility-step.js").then((m) => m.EligibilityStep)),
  consent: lazyEntry(() => import("../consent/consent-step.js").then((m) => m.ConsentStep)),
  deviceSelection: lazyEntry(() => import("../device-selection/device-selection-step.js").then((m) => m.DeviceSelectionStep)),
  enrollment: lazyEntry(() => import("../enrollment/enrollment-step.js").then((m) => m.EnrollmentStep)),
  deviceAuth: lazyEntry(() => import("../device-auth/device-auth-step.js").then((m) => m.DeviceAuthStep)),
  tariffSwitch: lazyEntry(() => import("../tariff-switch/tariff-switch-step.js").then((m) => m.TariffSwitchStep)),
  testCharge: lazyEntry(() => import("../test-charge/test-charge-step.js").then((m) => m.TestChargeStep)),
  virtualKey: lazyEntry(() => import("../virtual-key/virtual-key-step.js").then((m) => m.VirtualKeyStep)),
  manageEnrollment: lazyEntry(() => import("../manage-enrollment/manage-enrollment-step.js").then((m) => m.ManageEnrollmentStep)),
  waitForTransition: lazyEntry(() => import("../wait-for-transition/wait-for-transition-step.js").then((m) => m.WaitForTransitionStep)),
};

/** Screens for a blocked journey, by the flow's reason; `outcomes` on `<OnboardingFlow>` adds or replaces. */
export const onflexOutcomes: Readonly<Record<string, OutcomeEntry>> = {
  ineligible: lazyEntry(() => import("../eligibility/ineligible-screen.js").then((m) => m.IneligibleScreen)),
  unsupported_device: lazyEntry(() => import("../device-selection/unsupported-device-screen.js").then((m) => m.UnsupportedDeviceScreen)),
  no_programs: lazyEntry(() => import("../enrollment/no-programs-screen.js").then((m) => m.NoProgramsScreen)),
};

/** Onflex's entries with a host's over them (later wins), each as an entry. */
export function mergeSteps(base: Readonly<Record<string, StepEntry>>, host: StepComponents | undefined): Readonly<Record<string, StepEntry>> {
  const merged: Record<string, StepEntry> = { ...base };
  for (const [id, value] of Object.entries(host ?? {})) merged[id] = toEntry(value);
  return merged;
}

export function mergeOutcomes(base: Readonly<Record<string, OutcomeEntry>>, host: OutcomeComponents | undefined): Readonly<Record<string, OutcomeEntry>> {
  const merged: Record<string, OutcomeEntry> = { ...base };
  for (const [reason, value] of Object.entries(host ?? {})) merged[reason] = toEntry(value);
  return merged;
}
