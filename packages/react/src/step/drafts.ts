/**
 * What the user has typed but not submitted, by step id and then by form ("postcode",
 * "manual"), kept beside a saved journey so a reload puts it back in the fields. The forms
 * own their values; this only mirrors them, and a submitted value belongs to the machine.
 */
export interface DraftStore {
  /** The values last written for a form of a step, if any. */
  read(stepId: string, form: string): unknown;
  write(stepId: string, form: string, values: unknown): void;
  /** Forgets one form's draft, or every draft of a step. */
  discard(stepId: string, form?: string): void;
  /** Forgets the drafts of every step but these (steps that are over have nothing to resume). */
  keepOnly(stepIds: readonly string[]): void;
  /** Every draft, for `persistJourney(actor, { drafts })`. */
  all(): Record<string, unknown>;
  /** Called after every change; returns a function that stops listening. */
  subscribe(listener: () => void): () => void;
}

type Forms = Record<string, unknown>;

const isForms = (value: unknown): value is Forms => typeof value === "object" && value !== null && !Array.isArray(value);

export function createDraftStore(initial: Record<string, unknown> = {}): DraftStore {
  let drafts: Record<string, Forms> = {};
  for (const [stepId, forms] of Object.entries(initial)) if (isForms(forms)) drafts[stepId] = { ...forms };
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  return {
    read: (stepId, form) => (Object.hasOwn(drafts, stepId) && Object.hasOwn(drafts[stepId]!, form) ? drafts[stepId]![form] : undefined),
    write(stepId, form, values) {
      drafts = { ...drafts, [stepId]: { ...drafts[stepId], [form]: values } };
      changed();
    },
    discard(stepId, form) {
      if (!Object.hasOwn(drafts, stepId)) return;
      const { [stepId]: forms, ...rest } = drafts;
      if (form === undefined) drafts = rest;
      else {
        if (!forms || !Object.hasOwn(forms, form)) return;
        const { [form]: _gone, ...others } = forms;
        drafts = Object.keys(others).length > 0 ? { ...rest, [stepId]: others } : rest;
      }
      changed();
    },
    keepOnly(stepIds) {
      const kept = Object.fromEntries(Object.entries(drafts).filter(([stepId]) => stepIds.includes(stepId)));
      if (Object.keys(kept).length === Object.keys(drafts).length) return;
      drafts = kept;
      changed();
    },
    all: () => drafts,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
