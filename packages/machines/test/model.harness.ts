/**
 * The model-based harness: @xstate/graph walks a flow's machine purely (sample answers for
 * its requests) and gives the shortest path to every state, one per way in; each path is played
 * on a running actor whose requests wait until the path says how they end, the user's events
 * going through the flow's connect commands, and at every step the view is checked. Every
 * flow's model test uses it (model.test.ts, enrollment.model.test.ts).
 */
import { TestModel } from "@xstate/graph";
import type { TestPath } from "@xstate/graph";
import { describe, expect, it } from "vitest";
import { __unsafe_getAllOwnEventDescriptors as ownEventTypes, createActor, fromPromise } from "xstate";
import type { AnyActorLogic, AnyMachineSnapshot, AnyStateMachine, EventFromLogic, EventObject, InputFrom, SnapshotFrom } from "xstate";
import type { PartProps } from "../src/index.js";
import { pathCoverage } from "./coverage.js";
import type { Coverage } from "./coverage.js";

/** The walk and the checks handle any flow's snapshots; each flow's own types return in `connect` and `act`. */
type Snapshot = AnyMachineSnapshot;
export type Sample = EventObject & Record<string, unknown>;

/** Where a path stands: the requests the running flow made, the events played so far, and the last one. */
export interface At {
  requests: Record<string, unknown[]>;
  played: readonly Sample[];
  via: Sample;
}

export interface FlowModel<TMachine extends AnyStateMachine, TView> {
  name: string;
  /** The flow as the walk sees it (bound to a clock where it stamps time; its I/O is never run). */
  machine: TMachine;
  input: InputFrom<TMachine>;
  /** More inputs to walk from, for a flow whose input decides where it starts; the coverage is over all of them. */
  moreInputs?: readonly InputFrom<TMachine>[];
  /** The invoked actors, by id; the running flow gets scripted stand-ins for them. */
  requests: readonly string[];
  /** Events the walk tries in each state that handles them; a type without samples is tried bare. */
  samples: readonly Sample[];
  connect(snapshot: SnapshotFrom<TMachine>, send: (event: EventFromLogic<TMachine>) => void): TView;
  /** Plays a user event through the view's commands, as a step component would. */
  act(view: TView, event: EventFromLogic<TMachine>): void;
  /** What the user sees in each state: one entry per state of the machine. */
  sees: Record<string, (view: TView, at: At) => void>;
  /** Context keys that differ between runs by design (random keys). */
  unstable?: readonly string[];
}

/** Lets a settled request reach the flow: promise actors report on the microtask queue. */
async function flush() {
  for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
}

/** Requests the test settles by hand: each one waits until the path's next step says how it ends. */
function scriptedRequests(ids: readonly string[]) {
  const pending = new Map<string, { resolve(value: unknown): void; reject(error: unknown): void }>();
  const made: Record<string, unknown[]> = {};
  const actors = Object.fromEntries(
    ids.map((id) => [
      id,
      fromPromise(({ input }: { input: unknown }) => {
        (made[id] ??= []).push(input);
        return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
      }),
    ]),
  );
  /** Settles the request a done or error event stands for; false when the event is not one. */
  function settle(event: EventObject & { output?: unknown; error?: unknown }): boolean {
    const match = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
    if (!match) return false;
    const [, outcome, id] = match;
    const request = pending.get(id!);
    if (!request) throw new Error(`the path answers ${id}, but the running flow has no such request in flight`);
    pending.delete(id!);
    if (outcome === "done") request.resolve(event.output);
    else request.reject(event.error);
    return true;
  }
  return { actors, made, settle };
}

/** A shortest path and the input it starts from. */
interface InputPath {
  path: TestPath<Snapshot, EventObject>;
  input: unknown;
}

function walk<TMachine extends AnyStateMachine, TView>(spec: FlowModel<TMachine, TView>): InputPath[] {
  return [spec.input, ...(spec.moreInputs ?? [])].flatMap((input) => walkFrom(spec, input).map((path) => ({ path, input })));
}

function walkFrom<TMachine extends AnyStateMachine, TView>(spec: FlowModel<TMachine, TView>, input: unknown) {
  // createTestModel refuses machines that invoke actors, because a pure walk cannot run them.
  // The walk here does not need to: the actors' done and error events are among the samples.
  const model = new TestModel(spec.machine as AnyActorLogic, {
    input,
    events: (state: Snapshot) =>
      ownEventTypes(state as never).flatMap((type: string) => {
        const samples = spec.samples.filter((event) => event.type === type);
        return samples.length > 0 ? samples : [{ type }];
      }),
    // A state is its value and context, and each way into it (event and previous value) counts
    // once, so the shortest paths take every transition as well as reaching every state.
    serializeState: (state: Snapshot, event: EventObject | undefined, previous?: Snapshot) => {
      // Keys that differ by design (random idempotency keys) do not make a state new.
      const here = JSON.stringify({ value: state.value, context: without(state.context as Record<string, unknown>, spec.unstable ?? []) });
      const moved = event && previous && JSON.stringify(previous.value) !== JSON.stringify(state.value);
      return moved ? `${here} via ${JSON.stringify(event)} from ${JSON.stringify(previous.value)}` : here;
    },
    stateMatcher: (state: Snapshot, key: string) => state.matches(key),
    // A finished flow takes no more events (a pure transition would still move it).
    stopWhen: (state: Snapshot) => state.status === "done",
  } as never);
  return model.getShortestPaths() as TestPath<Snapshot, EventObject>[];
}

function describePath(path: TestPath<never, EventObject>): string {
  return path.steps
    .slice(1)
    .map(({ event }) => event.type.replace(/^xstate\.(done|error)\.actor\./, "$1:").replace(/^[A-Z]+\./, ""))
    .join(" → ");
}

function without(context: Record<string, unknown>, keys: readonly string[]) {
  return Object.fromEntries(Object.entries(context).filter(([key]) => !keys.includes(key)));
}

/** Plays one path on a running flow, checking the view at every step. */
async function play<TMachine extends AnyStateMachine, TView extends { step: string; getRootProps(): PartProps }>(
  spec: FlowModel<TMachine, TView>,
  { path, input }: InputPath,
) {
  const io = scriptedRequests(spec.requests);
  const actor = createActor(spec.machine.provide({ actors: io.actors } as never), { input } as never);
  const failures: unknown[] = [];
  actor.subscribe({ error: (error) => failures.push(error) });
  actor.start();
  const view = () => spec.connect(actor.getSnapshot() as SnapshotFrom<TMachine>, actor.send as never);
  let via: Sample = { type: "xstate.init" };
  const played: Sample[] = [];
  // The first step is the start ("xstate.init"): nothing to play.
  const types = new Set(path.steps.slice(1).map(({ event }) => event.type));
  const events = Object.fromEntries(
    [...types].map((type) => [
      type,
      async ({ event }: { event: EventObject }) => {
        via = event as Sample;
        played.push(via);
        if (io.settle(event)) await flush();
        else spec.act(view(), event as EventFromLogic<TMachine>);
      },
    ]),
  );
  const states = Object.fromEntries(
    Object.entries(spec.sees).map(([key, sees]) => [
      key,
      (model: Snapshot) => {
        const snapshot = actor.getSnapshot() as Snapshot;
        expect(failures).toEqual([]);
        expect(snapshot.value).toEqual(model.value);
        expect(without(snapshot.context, spec.unstable ?? [])).toEqual(without(model.context, spec.unstable ?? []));
        const shown = view();
        expect(shown.step).toBe(key);
        expect(shown.getRootProps()).toEqual({ "data-scope": spec.name, "data-part": "root", "data-state": key });
        sees(shown, { requests: io.made, played, via });
      },
    ]),
  );
  try {
    await path.test({ events, states } as never);
  } finally {
    actor.stop();
  }
}

function expectFull(coverage: Coverage) {
  console.log(coverage.line);
  expect(coverage.states.missing).toEqual([]);
  expect(coverage.transitions.missing).toEqual([]);
  expect(coverage.states.reached).toBe(coverage.states.total);
  expect(coverage.transitions.taken).toBe(coverage.transitions.total);
}

/** One test per state the paths end in, then the coverage of all of them. */
export function modelTests<TMachine extends AnyStateMachine, TView extends { step: string; getRootProps(): PartProps }>(
  spec: FlowModel<TMachine, TView>,
) {
  describe(`${spec.name} flow model`, () => {
    const paths = walk(spec);

    it("says what the user sees in every state the flow has", () => {
      expect(Object.keys(spec.sees).sort()).toEqual(Object.keys(spec.machine.root.states).sort());
    });

    const ends = [...new Set(paths.map(({ path }) => JSON.stringify(path.state.value)))].sort();
    for (const end of ends) {
      const group = paths.filter(({ path }) => JSON.stringify(path.state.value) === end);
      it(`reaches ${end} by ${group.length} shortest path(s), showing the right view at every step`, { timeout: 30_000 }, async () => {
        for (const walked of group) {
          try {
            await play(spec, walked);
          } catch (error) {
            throw new Error(`${describePath(walked.path as never)}\n${String(error)}`, { cause: error });
          }
        }
      });
    }

    it("walks every state and every transition", () => {
      expectFull(pathCoverage(spec.name, spec.machine, paths.map(({ path }) => path)));
    });
  });
}

