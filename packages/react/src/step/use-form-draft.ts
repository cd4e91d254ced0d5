import { useCallback, useEffect, useMemo, useState } from "react";
import { useForm, type FieldValues, type UseFormProps, type UseFormReturn } from "react-hook-form";
import { useStepContext } from "./step.context.js";

export interface FormDraft<T> {
  /** What was typed before the page was reloaded (undefined when nothing was), read once on mount. */
  restored: T | undefined;
  save(values: T): void;
  discard(): void;
}

/**
 * Saves one form's unsubmitted values into the journey's drafts (written with the journey,
 * debounced), so a reload restores them. Outside a journey, or without persistence, it keeps
 * nothing. `form` names the form within the step ("postcode", "manual").
 */
export function useFormDraft<T>(form: string): FormDraft<T> {
  const step = useStepContext();
  const drafts = step?.drafts ?? null;
  const stepId = step?.stepId ?? null;
  const [restored] = useState(() => (drafts && stepId !== null ? (drafts.read(stepId, form) as T | undefined) : undefined));
  const save = useCallback(
    (values: T) => {
      if (drafts && stepId !== null) drafts.write(stepId, form, values);
    },
    [drafts, stepId, form],
  );
  const discard = useCallback(() => {
    if (drafts && stepId !== null) drafts.discard(stepId, form);
  }, [drafts, stepId, form]);
  return useMemo(() => ({ restored, save, discard }), [restored, save, discard]);
}

/**
 * react-hook-form with a draft: the fields start from what was typed before a reload (else
 * `defaultValues`), every change is mirrored into the journey's drafts, and a submit hands the
 * values to the machine and drops the draft. React-hook-form stays the fields' only owner.
 */
export function useDraftedForm<T extends FieldValues>(
  form: string,
  { defaultValues, ...props }: Omit<UseFormProps<T>, "defaultValues"> & { defaultValues: T },
): UseFormReturn<T> & { discardDraft: () => void } {
  const draft = useFormDraft<T>(form);
  const methods = useForm<T>({ ...props, defaultValues: (draft.restored ? { ...defaultValues, ...draft.restored } : defaultValues) as UseFormProps<T>["defaultValues"] });
  const { watch } = methods;
  const { save, discard } = draft;
  useEffect(() => {
    const subscription = watch((values, { type }) => {
      if (type === "change") save(values as T);
    });
    return () => subscription.unsubscribe();
  }, [watch, save]);
  return { ...methods, discardDraft: discard };
}
