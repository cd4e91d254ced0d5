import { peekJourney } from "@onflex/machines";

/**
 * The first screen the portal's journeys show: the address step's postcode form. The page
 * paints a light copy of it (first-screen.shell.tsx) from React alone, while the journey's
 * code loads, and hands over to the real step without losing anything the user did.
 */
export const FIRST_STEP = { stepId: "address", flow: "address", form: "postcode" } as const;
/** The flows of the portal's journeys, in order (journey.messages.ts; a test holds the two together). */
export const JOURNEY_FLOWS = ["address", "eligibility", "consent"] as const;
/**
 * The journeys a host may register (preset names, `boot.journey`) that open on this screen
 * with these steps; no registered journey (null) means the proposition's, which always does.
 * Any other journey waits for its own first step (a test holds this list to the presets).
 */
const FIRST_SCREEN_JOURNEYS: ReadonlySet<string | null> = new Set([null, "axleSmartCharging", "axleFlexLite"]);

/** Marks the first screen the server put in the page's HTML (first-screen.markup.tsx), for the app to take over. */
export const PRERENDERED_ATTRIBUTE = "data-onflex-prerendered";

/** Whether the host's journey (`boot.journey`) opens on the first screen. */
export function opensOnFirstScreen(journey: string | null): boolean {
  return FIRST_SCREEN_JOURNEYS.has(journey);
}

export interface FirstScreen {
  /** What the postcode field starts with: the saved draft, else nothing. */
  postcode: string;
}

/**
 * Whether the saved journey (the progress storage's value) of the host's journey (a preset's
 * name, null for the proposition's) opens on the first screen: one that starts there, and
 * nothing
 * saved, or a saved journey still on the address step's postcode form with no step done and
 * no error showing. Null otherwise (another screen, or a save that cannot be read): the page
 * then waits for the journey to resume, rather than flash a screen it would take back.
 */
export function firstScreenOf(saved: string | null, journey: string | null = null): FirstScreen | null {
  if (!opensOnFirstScreen(journey)) return null;
  if (saved === null) return { postcode: "" };
  const peek = peekJourney(saved);
  const current = peek?.current;
  if (!peek || peek.completed > 0 || !current || current.stepId !== FIRST_STEP.stepId || current.flow !== FIRST_STEP.flow) return null;
  if (current.state !== "postcode" || current.context["postcodeError"] != null) return null;
  const forms = peek.drafts[FIRST_STEP.stepId];
  const form = isObject(forms) ? forms[FIRST_STEP.form] : undefined;
  const draft = isObject(form) ? form : undefined;
  const postcode = draft && typeof draft["postcode"] === "string" ? draft["postcode"] : current.context["postcodeDraft"];
  return { postcode: typeof postcode === "string" ? postcode : "" };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What the user did on the shell, for the real step to carry on from. Written by the shell
 * (mutable, not state: reading it must not re-render anything), read once at the handover.
 */
export interface Handoff {
  /** The field's value as the shell last saw it (every input event). */
  value: string;
  /** What the field started with, so an untouched field hands over nothing. */
  readonly initial: string;
  /** Whether the field had focus when the shell went away, and where its caret was. */
  focus: { start: number | null; end: number | null; direction: "forward" | "backward" | "none" | null } | null;
  /** The user asked to find their address (button or Enter): the real step submits once. */
  submitted: boolean;
  /** Set once the real step has taken over, so StrictMode's replayed effects do not submit twice. */
  done: boolean;
}

export function createHandoff(screen: FirstScreen): Handoff {
  return { value: screen.postcode, initial: screen.postcode, focus: null, submitted: false, done: false };
}

/** The journey's `initialDrafts`: the typed postcode as the step's form draft (the shape journeys save drafts in). */
export function initialDraftsOf(handoff: Handoff): Record<string, Record<string, unknown>> | undefined {
  if (handoff.value === handoff.initial) return undefined;
  return { [FIRST_STEP.stepId]: { [FIRST_STEP.form]: { postcode: handoff.value } } };
}

/**
 * Right after the real step replaced the shell (same commit, before paint): focus and caret
 * go back to its postcode field if the shell's had them, and a submission the user made on
 * the shell runs once, through the step's own form, so its validation and messages apply.
 * The step is found by its documented parts (`data-scope="address"`, `data-part="root"`)
 * and its field by the name its draft uses.
 */
export function handOver(container: ParentNode, handoff: Handoff): void {
  if (handoff.done) return;
  const root = container.querySelector(`[data-scope="${FIRST_STEP.flow}"][data-part="root"]`);
  const form = root?.querySelector("form");
  const input = form?.elements.namedItem("postcode");
  if (!form || !(input instanceof HTMLInputElement)) return;
  handoff.done = true;
  const { focus } = handoff;
  if (focus) {
    input.focus();
    if (focus.start !== null && focus.end !== null) input.setSelectionRange(focus.start, focus.end, focus.direction ?? undefined);
  }
  if (handoff.submitted) form.requestSubmit();
}

/** What the user did on the first screen the server sent. */
export interface Prerendered {
  value: string;
  focus: Handoff["focus"];
  /** "Find address" (or Enter) was pressed once the page's inline script had armed the form. */
  submitted: boolean;
}

/**
 * Set on the server's form by the page's inline script (FIRST_SCREEN_SCRIPT in
 * first-screen.markup.tsx) as the page is parsed: from then on a press of Find address is kept.
 */
export const ARMED_ATTRIBUTE = "data-onflex-armed";
/** Set on the server's form by that script when Find address (or Enter) was pressed: the real step runs it once. */
export const SUBMITTED_ATTRIBUTE = "data-onflex-submitted";

/**
 * Reads the server's first screen in `root` (its postcode field's value, focus and caret if
 * it has them, and whether Find address was pressed), just before the app replaces it, so
 * nothing done before the app's code ran is lost. Null when the page came without one.
 */
export function capturePrerendered(root: ParentNode | null): Prerendered | null {
  const field = root?.querySelector(`[${PRERENDERED_ATTRIBUTE}] input[name="postcode"]`);
  if (!(field instanceof HTMLInputElement)) return null;
  const focused = field.ownerDocument.activeElement === field;
  return {
    value: field.value,
    focus: focused ? { start: field.selectionStart, end: field.selectionEnd, direction: field.selectionDirection } : null,
    submitted: field.form?.hasAttribute(SUBMITTED_ATTRIBUTE) ?? false,
  };
}

/** A handoff for the first screen that carries on from the server's (typing, focus and caret). */
export function handoffFrom(screen: FirstScreen, prerendered: Prerendered | null): Handoff {
  const handoff = createHandoff(screen);
  if (prerendered) {
    if (prerendered.value !== "") handoff.value = prerendered.value;
    handoff.focus = prerendered.focus;
    handoff.submitted = prerendered.submitted;
  }
  return handoff;
}
