export { useFlow, useFlowActor, useFlowView, type Connect } from "./use-flow.js";
export { StepFrame, type StepFrameProps } from "./step-frame.js";
export { StepSkeleton } from "./step-skeleton.js";
export { useDraftedForm, useFormDraft, type FormDraft } from "./use-form-draft.js";
export { useStepContext, type StepContextValue } from "./step.context.js";
export { createDraftStore, type DraftStore } from "./drafts.js";
export { lazyEntry } from "./lazy.js";
export type * from "./step.types.js";
