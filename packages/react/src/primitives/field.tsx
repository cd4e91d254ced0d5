import { forwardRef, useId, type InputHTMLAttributes } from "react";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  hint?: string;
  /** The message for the current error, already translated; absent when the value is fine. */
  error?: string | undefined;
  optionalLabel?: string;
}

/** A field's id and the ids of its hint and error, as the control's aria-describedby names them. */
export function useFieldIds(hint: string | undefined, error: string | undefined) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { id, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

/** A field's hint, then its error (announced as it appears), under the label and above the control. */
export function FieldNotes({ hint, hintId, error, errorId }: { hint?: string | undefined; hintId?: string | undefined; error?: string | undefined; errorId?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p className="onflex-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="onflex-field-error" id={errorId} role="alert" data-part="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

/**
 * A labelled input whose hint and error are tied to it with aria-describedby. The ref goes
 * through `forwardRef` because React 18 (a supported peer) does not pass `ref` as a prop.
 */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ label, hint, error, optionalLabel, ...inputProps }, ref) {
  const { id, hintId, errorId, describedBy } = useFieldIds(hint, error);
  return (
    <div className="onflex-field" data-part="field" data-invalid={error ? "" : undefined}>
      <label className="onflex-label" htmlFor={id}>
        {label}
        {optionalLabel ? <span className="onflex-optional"> ({optionalLabel})</span> : null}
      </label>
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} />
      <input
        ref={ref}
        id={id}
        className="onflex-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...inputProps}
      />
    </div>
  );
});
