import { forwardRef, useId, type InputHTMLAttributes } from "react";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  hint?: string;
  /** The message for the current error, already translated; absent when the value is fine. */
  error?: string | undefined;
  optionalLabel?: string;
}

/**
 * A labelled input whose hint and error are tied to it with aria-describedby. The ref goes
 * through `forwardRef` because React 18 (a supported peer) does not pass `ref` as a prop.
 */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ label, hint, error, optionalLabel, ...inputProps }, ref) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="onflex-field" data-part="field" data-invalid={error ? "" : undefined}>
      <label className="onflex-label" htmlFor={id}>
        {label}
        {optionalLabel ? <span className="onflex-optional"> ({optionalLabel})</span> : null}
      </label>
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
