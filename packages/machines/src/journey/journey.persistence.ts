import { createActor } from "xstate";
import type { Actor, Snapshot } from "xstate";
import type { JourneyMachine } from "./journey.machine.js";
import type { JourneyInput, JourneyStorage } from "./journey.types.js";

/** Bump when a change to the journey or its flows makes older saved snapshots unsafe to resume. */
export const JOURNEY_SCHEMA_VERSION = 1;

export interface PersistedJourney {
  schemaVersion: number;
  /** ISO-8601 UTC. */
  savedAt: string;
  /** XState's persisted snapshot, with the API and clocks taken out: they come back from the input. */
  snapshot: unknown;
}

export type RestoreFailureReason =
  /** Nothing was saved. */
  | "empty"
  /** Not JSON, not a saved journey, or a snapshot this machine cannot resume. */
  | "corrupt"
  /** Saved by an older (or newer) schema version. */
  | "outdated"
  /** Saved from another preset. */
  | "preset_mismatch"
  /** The saved journey had already ended; start a new one. */
  | "finished";

export type RestoreResult =
  | { restored: true; snapshot: Snapshot<unknown>; savedAt: string }
  | { restored: false; reason: RestoreFailureReason };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Keeps only what JSON can carry: no API object, no functions. */
function toJsonSafe(snapshot: unknown): unknown {
  return JSON.parse(JSON.stringify(snapshot, (key, value: unknown) => (key === "api" || typeof value === "function" ? undefined : value)));
}

export function persistJourney(actor: Actor<JourneyMachine>, options: { now?: () => Date } = {}): PersistedJourney {
  return {
    schemaVersion: JOURNEY_SCHEMA_VERSION,
    savedAt: (options.now ?? (() => new Date()))().toISOString(),
    snapshot: toJsonSafe(actor.getPersistedSnapshot()),
  };
}

/** Puts the live dependencies back into every flow of a saved snapshot. */
function rehydrate(node: Json, input: JourneyInput, src: string | undefined): void {
  if (isObject(node["context"])) {
    const context = node["context"];
    context["api"] = input.api;
    if ((src === undefined || src === "consentFlow") && input.now) context["now"] = input.now;
  }
  if (isObject(node["input"])) node["input"]["api"] = input.api;
  // Timers do not survive a reload: a check that was waiting to retry shows its retry button instead.
  if (src === "eligibilityFlow" && node["value"] === "waitingToRetry") node["value"] = "failed";
  if (isObject(node["children"])) {
    for (const child of Object.values(node["children"])) {
      if (isObject(child) && isObject(child["snapshot"])) {
        rehydrate(child["snapshot"], input, typeof child["src"] === "string" ? child["src"] : "?");
      }
    }
  }
}

/**
 * Turns a saved journey (the object or its JSON) back into a snapshot to start from:
 * `createActor(machine, { snapshot, input })`. Anything that cannot be resumed safely
 * comes back as a reason, so the caller starts clean and can say why.
 */
export function restoreJourney(machine: JourneyMachine, persisted: unknown, input: JourneyInput): RestoreResult {
  if (persisted === null || persisted === undefined || persisted === "") return { restored: false, reason: "empty" };
  let saved: unknown = persisted;
  if (typeof persisted === "string") {
    try {
      saved = JSON.parse(persisted);
    } catch {
      return { restored: false, reason: "corrupt" };
    }
  }
  if (!isObject(saved) || typeof saved["schemaVersion"] !== "number" || !isObject(saved["snapshot"])) {
    return { restored: false, reason: "corrupt" };
  }
  if (saved["schemaVersion"] !== JOURNEY_SCHEMA_VERSION) return { restored: false, reason: "outdated" };
  const snapshot = structuredClone(saved["snapshot"]);
  const context = snapshot["context"];
  if (!isObject(context) || !isObject(context["preset"])) return { restored: false, reason: "corrupt" };
  if (context["preset"]["id"] !== input.preset.id) return { restored: false, reason: "preset_mismatch" };
  if (snapshot["status"] !== "active") return { restored: false, reason: snapshot["status"] === "done" ? "finished" : "corrupt" };
  rehydrate(snapshot, input, undefined);
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
  };
}

/** Saves the journey; storage that refuses (full, blocked) must not break the flow. */
export function saveJourney(actor: Actor<JourneyMachine>, storage: JourneyStorage): boolean {
  try {
    storage.save(JSON.stringify(persistJourney(actor)));
    return true;
  } catch {
    return false;
  }
}

/** Loads and restores; a journey that cannot be resumed is cleared so the next load starts clean. */
export function loadJourney(machine: JourneyMachine, storage: JourneyStorage, input: JourneyInput): RestoreResult {
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
