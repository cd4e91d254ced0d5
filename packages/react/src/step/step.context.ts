import type { Facts } from "@onflex/machines";
import { createContext, useContext } from "react";
import type { DraftStore } from "./drafts.js";

/** The journey step a component renders in: its id, flow, parameters, the facts so far, and where drafts go. */
export interface StepContextValue {
  stepId: string;
  flow: string;
  params: unknown;
  facts: Facts;
  drafts: DraftStore | null;
}

export const StepContext = createContext<StepContextValue | null>(null);

/** The journey step being rendered, or null for a step used on its own. */
export function useStepContext(): StepContextValue | null {
  return useContext(StepContext);
}
