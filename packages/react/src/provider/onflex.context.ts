import type { OnboardingApi } from "@onflex/core";
import type { FlowDeps } from "@onflex/machines";
import { createContext, useContext } from "react";
import type { I18n, Translate } from "../i18n/i18n.types.js";

export interface OnflexContextValue {
  api: OnboardingApi;
  i18n: I18n;
  /** The provider's clock, when one was given; flows fall back to the device clock. */
  clock: (() => Date) | undefined;
  /**
   * What every flow below is bound with: the API, the clock and the external-page opener.
   * Built once per API, so a host passing new closures each render does not restart a journey.
   */
  deps: FlowDeps;
}

export const OnflexContext = createContext<OnflexContextValue | null>(null);

export function useOnflex(): OnflexContextValue {
  const value = useContext(OnflexContext);
  if (!value) {
    throw new Error("Onflex components must be rendered inside <OnflexProvider api={…}>.");
  }
  return value;
}

export function useOnboardingApi(): OnboardingApi {
  return useOnflex().api;
}

/** The clock flows stamp consents with: the provider's, or undefined for the device clock. */
export function useClock(): (() => Date) | undefined {
  return useOnflex().clock;
}

/** The dependencies flows are bound with (`bindFlow(flow, deps)`, `createJourneyMachine(…, { deps })`). */
export function useFlowDeps(): FlowDeps {
  return useOnflex().deps;
}

export function useI18n(): I18n {
  return useOnflex().i18n;
}

export function useT(): Translate {
  return useOnflex().i18n.t;
}
