import { useMemo, useState, type KeyboardEvent } from "react";
import { FieldNotes, useFieldIds } from "./field.js";

export interface ComboboxOption {
  value: string;
  label: string;
}

export interface ComboboxProps {
  label: string;
  hint?: string | undefined;
  options: readonly ComboboxOption[];
  /** The chosen option's value; the input shows its label. */
  value: string | null;
  onSelect(value: string): void;
  /** The message for the current error, already translated. */
  error?: string | undefined;
  disabled?: boolean;
  /** Announced after each change of the list, e.g. "3 makes match". */
  countMessage(count: number): string;
  /** Shown in the list when nothing matches what was typed. */
  noMatchMessage: string;
  part?: string;
}

/** Options whose label contains the text (any case), those that start with it first. */
export function filterOptions(options: readonly ComboboxOption[], typed: string): ComboboxOption[] {
  const text = typed.trim().toLowerCase();
  if (!text) return [...options];
  const starts: ComboboxOption[] = [];
  const contains: ComboboxOption[] = [];
  for (const option of options) {
    const label = option.label.toLowerCase();
    if (label.startsWith(text)) starts.push(option);
    else if (label.includes(text)) contains.push(option);
  }
  return [...starts, ...contains];
}

/**
 * An editable combobox with list autocomplete and manual selection (WAI-ARIA APG combobox pattern):
 * typing filters the listbox, ArrowDown/ArrowUp move the active option (aria-activedescendant,
 * focus stays in the input), Enter chooses it, Escape closes the list (and clears the text when
 * it is already closed), Alt+ArrowDown opens it; a click chooses too. The number of matches is
 * announced in a polite live region. Only the device step uses it, so it is not exported from
 * the primitives index and stays in that step's chunk.
 */
export function Combobox({ label, hint, options, value, onSelect, error, disabled = false, countMessage, noMatchMessage, part = "combobox" }: ComboboxProps) {
  const { id, hintId, errorId, describedBy } = useFieldIds(hint, error);
  const listId = `${id}-list`;
  const selectedLabel = options.find((option) => option.value === value)?.label ?? "";
  // What the user typed since the last choice; null shows the chosen option's label.
  const [typed, setTyped] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const text = typed ?? selectedLabel;
  const matches = useMemo(() => filterOptions(options, typed ?? ""), [options, typed]);
  const activeOption = open ? matches[active] : undefined;
  const optionId = (index: number) => `${id}-option-${index}`;

  function choose(option: ComboboxOption) {
    setTyped(null);
    setOpen(false);
    setActive(-1);
    onSelect(option.value);
  }

  function move(by: number) {
    if (matches.length === 0) return;
    if (!open) {
      setOpen(true);
      setActive(by > 0 ? 0 : matches.length - 1);
      return;
    }
    setActive((current) => (current < 0 ? (by > 0 ? 0 : matches.length - 1) : (current + by + matches.length) % matches.length));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (event.altKey) setOpen(true);
        else move(1);
        break;
      case "ArrowUp":
        event.preventDefault();
        move(-1);
        break;
      case "Enter":
        if (activeOption) {
          // Choosing an option is not submitting the form around it.
          event.preventDefault();
          choose(activeOption);
        }
        break;
      case "Escape":
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          event.preventDefault();
          setTyped("");
        }
        break;
    }
  }

  return (
    <div className="onflex-field onflex-combobox" data-part={part} data-invalid={error ? "" : undefined}>
      <label className="onflex-label" htmlFor={id}>
        {label}
      </label>
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} />
      <input
        id={id}
        className="onflex-input"
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeOption ? optionId(active) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={text}
        onChange={(event) => {
          setTyped(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
          // Text that chose nothing goes back to the chosen option.
          setTyped(null);
        }}
      />
      <ul id={listId} role="listbox" aria-label={label} className="onflex-listbox" hidden={!open} data-part="listbox">
        {matches.map((option, index) => (
          <li
            key={option.value}
            id={optionId(index)}
            role="option"
            aria-selected={option.value === value}
            className="onflex-listbox-option"
            data-active={index === active || undefined}
            // Keeps focus in the input, so the click chooses rather than blurs.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(option)}
          >
            {option.label}
          </li>
        ))}
      </ul>
      {open && matches.length === 0 ? (
        <p className="onflex-listbox-empty" data-part="no-match">
          {noMatchMessage}
        </p>
      ) : null}
      <div className="onflex-visually-hidden" aria-live="polite" data-part="match-count">
        {open ? countMessage(matches.length) : ""}
      </div>
    </div>
  );
}
