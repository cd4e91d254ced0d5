import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";

export interface RadioOption {
  value: string;
  label: ReactNode;
  description?: ReactNode;
}

export interface RadioGroupProps {
  legend: string;
  options: readonly RadioOption[];
  /** Props for every radio input, e.g. react-hook-form's `register(name)`. */
  inputProps: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "id"> & { ref?: Ref<HTMLInputElement> };
  error?: string | undefined;
  part?: string;
}

/**
 * Native radios in a fieldset: arrow keys move between options and the legend names the
 * group, with no scripting needed.
 */
export function RadioGroup({ legend, options, inputProps, error, part = "options" }: RadioGroupProps) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset className="onflex-fieldset" data-part={part} aria-describedby={errorId} data-invalid={error ? "" : undefined}>
      <legend className="onflex-legend">{legend}</legend>
      {error ? (
        <p className="onflex-field-error" id={errorId} role="alert" data-part="field-error">
          {error}
        </p>
      ) : null}
      <div className="onflex-options">
        {options.map((option, index) => {
          const optionId = `${id}-${index}`;
          return (
            <div className="onflex-option" key={option.value}>
              <input
                {...inputProps}
                className="onflex-radio"
                type="radio"
                id={optionId}
                value={option.value}
                aria-invalid={error ? true : undefined}
                aria-describedby={option.description ? `${optionId}-description` : undefined}
              />
              <label className="onflex-option-label" htmlFor={optionId}>
                {option.label}
              </label>
              {option.description ? (
                <span className="onflex-option-description" id={`${optionId}-description`}>
                  {option.description}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
