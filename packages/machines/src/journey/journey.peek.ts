/** The shape of a saved journey; bumped only when the envelope itself changes. */
export const JOURNEY_SAVE_FORMAT = 2;

/**
 * Where a saved journey stands, read from the saved data alone: no machine, no validation.
 * For a screen shown while a journey's code is still loading (a light placeholder of its
 * first step); `restoreJourney` has the last word on whether the save resumes.
 */
export interface JourneyPeek {
  journeyId: string;
  journeyVersion: number;
  /** How many steps are complete. */
  completed: number;
  /**
   * The step on screen while the journey runs it (its flow's saved state value and context,
   * plain data), or null: between steps, blocked, failed, or going back.
   */
  current: { stepId: string; flow: string; state: unknown; context: Record<string, unknown> } | null;
  /** Unsubmitted form values by step id, as saved (`persistJourney`'s `drafts`). */
  drafts: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a saved journey (the object or its JSON) without restoring it; null when nothing is
 * saved or it is not a journey in this save format. Dependency-free, so a page can decide what
 * to paint before the engine has loaded.
 */
export function peekJourney(persisted: unknown): JourneyPeek | null {
  let saved = persisted;
  if (typeof persisted === "string") {
    try {
      saved = JSON.parse(persisted);
    } catch {
      return null;
    }
  }
  if (!isObject(saved) || saved["format"] !== JOURNEY_SAVE_FORMAT) return null;
  const { journeyId, journeyVersion, snapshot } = saved;
  if (typeof journeyId !== "string" || typeof journeyVersion !== "number" || !isObject(snapshot) || snapshot["status"] !== "active") return null;
  const context = snapshot["context"];
  if (!isObject(context) || !Array.isArray(context["history"])) return null;
  const drafts = isObject(saved["drafts"]) ? saved["drafts"] : {};
  const step = context["current"];
  const settled = snapshot["value"] === "running" && context["revisiting"] == null && context["blocked"] == null && context["error"] == null;
  const child = isObject(step) && typeof step["id"] === "string" && isObject(snapshot["children"]) ? snapshot["children"][`flow:${step["id"]}`] : undefined;
  const flowSnapshot = isObject(child) ? child["snapshot"] : undefined;
  const current =
    settled && isObject(step) && typeof step["id"] === "string" && typeof step["flow"] === "string" && isObject(flowSnapshot) && flowSnapshot["status"] === "active" && isObject(flowSnapshot["context"])
      ? { stepId: step["id"], flow: step["flow"], state: flowSnapshot["value"], context: flowSnapshot["context"] }
      : null;
  return { journeyId, journeyVersion, completed: context["history"].length, current, drafts };
}
