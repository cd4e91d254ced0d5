import { createActor } from "xstate";
import type { Actor, AnyActorLogic, AnyStateMachine, Snapshot, StateValue } from "xstate";
import { factsOf, journeyRuntimeOf, serverStepOf, validFacts } from "./journey.machine.js";
import type { JourneyMachine, JourneyRuntime } from "./journey.machine.js";
import { JOURNEY_SAVE_FORMAT } from "./journey.peek.js";
import type { CompletedStep, Facts, JourneyContext, JourneyInput, JourneyStorage } from "./journey.types.js";

export { JOURNEY_SAVE_FORMAT };

export interface PersistedJourney {
  format: number;
  journeyId: string;
  journeyVersion: number;
  /** The version of every flow at the time of saving: a flow whose version changed restarts alone. */
  flows: Record<string, number>;
  /** ISO-8601 UTC. */
  savedAt: string;
  /** XState's persisted snapshot: data only (the API, clocks and openers never enter a snapshot). */
  snapshot: unknown;
  /** What the user was typing in each step's form, by step id, so a reload keeps it. */
  drafts?: Record<string, unknown>;
}

export type RestoreFailureReason =
  /** Nothing was saved. */
  | "empty"
  /** Not JSON, not a saved journey, facts that no longer validate, or a snapshot this machine cannot resume. */
  | "corrupt"
  /** Saved by another save format or another version of the journey definition. */
  | "outdated"
  /** Saved from another journey. */
  | "journey_mismatch"
  /** The saved journey had already ended; start a new one. */
  | "finished";

export type RestoreResult =
  | {
      restored: true;
      snapshot: Snapshot<unknown>;
      savedAt: string;
      drafts: Record<string, unknown>;
      /** Flows whose saved state was dropped because the flow changed since: they start again. */
      restartedSteps: string[];
    }
  | { restored: false; reason: RestoreFailureReason };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

export function persistJourney(
  actor: Actor<JourneyMachine>,
  options: { now?: () => Date; drafts?: Record<string, unknown> } = {},
): PersistedJourney {
  const runtime = journeyRuntimeOf(actor.logic);
  const flows: Record<string, number> = {};
  for (const [id, flow] of runtime.flows) flows[id] = flow.version;
  return {
    format: JOURNEY_SAVE_FORMAT,
    journeyId: runtime.definition.id,
    journeyVersion: runtime.definition.version,
    flows,
    savedAt: (options.now ?? (() => new Date()))().toISOString(),
    // A round trip through JSON is what storage does: save exactly what will be read back.
    snapshot: JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as unknown,
    ...(options.drafts && Object.keys(options.drafts).length > 0 ? { drafts: options.drafts } : {}),
  };
}

/** Every fact of every completed step must still match its schema. */
function factsAreValid(history: unknown, runtime: JourneyRuntime): history is CompletedStep[] {
  if (!Array.isArray(history)) return false;
  return history.every((step: unknown) => {
    if (!isObject(step) || typeof step["id"] !== "string" || typeof step["flow"] !== "string" || !isObject(step["facts"])) return false;
    if (!runtime.flows.has(step["flow"])) return false;
    return Object.entries(step["facts"]).every(([name, value]) => {
      const schema = (runtime.factSchemas as Record<string, { safeParse(v: unknown): { success: boolean } } | undefined>)[name];
      return schema !== undefined && schema.safeParse(value).success;
    });
  });
}

/** Whether a flow's saved snapshot names states its machine has (restoring does not check children deeply). */
function isResumable(machine: JourneyMachine, src: string, snapshot: unknown): boolean {
  const logic = (machine.implementations.actors as Record<string, AnyStateMachine | undefined>)[src];
  if (!logic || !isObject(snapshot) || !isObject(snapshot["context"])) return false;
  try {
    logic.resolveState({ value: snapshot["value"] as StateValue, context: snapshot["context"] });
    return true;
  } catch {
    return false;
  }
}

/**
 * Replaces the saved state of a step's flow with a fresh start, for a flow whose version changed.
 * Returns false when the step cannot be found (the save is then corrupt).
 */
function restartChild(machine: JourneyMachine, runtime: JourneyRuntime, context: JourneyContext, child: Json, stepId: string, src: string): boolean {
  const step = context.current?.id === stepId ? context.current : context.background[stepId] ? { id: stepId, ...context.background[stepId] } : null;
  const flow = runtime.flows.get(src);
  const logic = (machine.implementations.actors as Record<string, AnyActorLogic | undefined>)[src];
  if (!step || !flow || !logic) return false;
  const facts: Facts = factsOf(context);
  const fresh = createActor(logic, { input: flow.input({ facts, params: step.params, previous: undefined, serverStep: serverStepOf(context, stepId) }) });
  child["snapshot"] = JSON.parse(JSON.stringify(fresh.getPersistedSnapshot())) as unknown;
  return true;
}

/**
 * Turns a saved journey (the object or its JSON) back into a snapshot to start from:
 * `createActor(machine, { snapshot, input })`. A flow whose version changed restarts alone;
 * anything else that cannot be resumed safely comes back as a reason, so the caller starts
 * clean and can say why.
 */
export function restoreJourney(machine: JourneyMachine, persisted: unknown, input: JourneyInput = {}): RestoreResult {
  if (persisted === null || persisted === undefined || persisted === "") return { restored: false, reason: "empty" };
  let saved: unknown = persisted;
  if (typeof persisted === "string") {
    try {
      saved = JSON.parse(persisted);
    } catch {
      return { restored: false, reason: "corrupt" };
    }
  }
  if (!isObject(saved) || !isObject(saved["snapshot"])) return { restored: false, reason: "corrupt" };
  if (saved["format"] !== JOURNEY_SAVE_FORMAT) return { restored: false, reason: "outdated" };
  const runtime = journeyRuntimeOf(machine);
  if (saved["journeyId"] !== runtime.definition.id) return { restored: false, reason: "journey_mismatch" };
  if (saved["journeyVersion"] !== runtime.definition.version) return { restored: false, reason: "outdated" };
  const snapshot = structuredClone(saved["snapshot"]);
  if (snapshot["status"] !== "active") return { restored: false, reason: snapshot["status"] === "done" ? "finished" : "corrupt" };
  const context = snapshot["context"];
  if (!isObject(context) || !factsAreValid(context["history"], runtime)) return { restored: false, reason: "corrupt" };
  // The host's inputs as given now (a new signed link may carry a new charger model), checked again.
  context["inputFacts"] = validFacts(input.facts ?? context["inputFacts"], runtime.definition.inputs ?? {});

  const versions = isObject(saved["flows"]) ? saved["flows"] : {};
  const restartedSteps: string[] = [];
  if (isObject(snapshot["children"])) {
    for (const [actorId, child] of Object.entries(snapshot["children"])) {
      if (!isObject(child) || typeof child["src"] !== "string") return { restored: false, reason: "corrupt" };
      const flow = runtime.flows.get(child["src"]);
      if (!flow || !actorId.startsWith("flow:")) continue;
      if (versions[flow.id] === flow.version) {
        if (!isResumable(machine, flow.id, child["snapshot"])) return { restored: false, reason: "corrupt" };
        continue;
      }
      const stepId = actorId.slice("flow:".length);
      if (!restartChild(machine, runtime, context as unknown as JourneyContext, child, stepId, flow.id)) return { restored: false, reason: "corrupt" };
      restartedSteps.push(stepId);
    }
  }
  try {
    // Restoring without starting validates the state value and the children, with no side effects.
    const probe = createActor(machine, { snapshot: snapshot as unknown as Snapshot<unknown>, input });
    if (probe.getSnapshot().status !== "active") return { restored: false, reason: "corrupt" };
  } catch {
    return { restored: false, reason: "corrupt" };
  }
  return {
    restored: true,
    snapshot: snapshot as unknown as Snapshot<unknown>,
    savedAt: typeof saved["savedAt"] === "string" ? saved["savedAt"] : "",
    drafts: isObject(saved["drafts"]) ? saved["drafts"] : {},
    restartedSteps,
  };
}

/** Saves the journey; storage that refuses (full, blocked) must not break the flow. */
export function saveJourney(actor: Actor<JourneyMachine>, storage: JourneyStorage, drafts?: Record<string, unknown>): boolean {
  try {
    storage.save(JSON.stringify(persistJourney(actor, drafts ? { drafts } : {})));
    return true;
  } catch {
    return false;
  }
}

/** Loads and restores; a journey that cannot be resumed is cleared so the next load starts clean. */
export function loadJourney(machine: JourneyMachine, storage: JourneyStorage, input: JourneyInput = {}): RestoreResult {
  let raw: string | null;
  try {
    raw = storage.load();
  } catch {
    return { restored: false, reason: "empty" };
  }
  const result = restoreJourney(machine, raw, input);
  if (!result.restored && result.reason !== "empty") {
    try {
      storage.clear();
    } catch {
      // Nothing more to do: the next save overwrites it.
    }
  }
  return result;
}
