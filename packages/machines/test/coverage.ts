import { getAdjacencyMap } from "@xstate/graph";
import { __unsafe_getAllOwnEventDescriptors as ownEventTypes, getStateNodes } from "xstate";
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, EventObject, InputFrom } from "xstate";

export interface Coverage {
  states: { reached: number; total: number; missing: string[] };
  transitions: { taken: number; total: number; missing: string[] };
  line: string;
}

function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) => [child, ...allStateNodes(child)]);
}

function describeTransition(transition: AnyTransitionDefinition, index: number): string {
  const targets = transition.target?.map((target) => target.id).join(",") ?? "(self)";
  return `${transition.source.id} --${transition.eventType}#${index}--> ${targets}`;
}

/** Drops the live dependencies so equal states serialise equally. */
function serialize(snapshot: { value: unknown; context: unknown }): string {
  return JSON.stringify({ value: snapshot.value, context: snapshot.context }, (key, value: unknown) =>
    key === "api" || key === "now" ? undefined : value,
  );
}

/**
 * Walks every state reachable with the given sample events (done/error events of invoked
 * actors included, since the walk is pure and runs no actor) and counts which state nodes
 * were entered and which transition definitions were taken.
 */
export function measureCoverage<TMachine extends AnyStateMachine>(
  name: string,
  machine: TMachine,
  input: InputFrom<TMachine>,
  samples: readonly (EventObject & Record<string, unknown>)[],
): Coverage {
  const adjacency = getAdjacencyMap(machine, {
    input,
    // Each event the current state handles: its samples, or the bare event when it carries no data.
    events: ((state: never) =>
      ownEventTypes(state).flatMap((type: string) => {
        const matching = samples.filter((event) => event.type === type);
        return matching.length > 0 ? matching : [{ type }];
      })) as never,
    serializeState: serialize as never,
    limit: 50_000,
  });
  const nodes = allStateNodes(machine.root);
  // The root is not counted as a state (it is always active) but its transitions are.
  const transitions = [machine.root, ...nodes].flatMap((node) => [...node.transitions.values()].flat().concat(node.always ?? []));
  const reached = new Set<AnyStateNode>();
  const taken = new Set<AnyTransitionDefinition>();
  for (const { state, transitions: edges } of Object.values(adjacency)) {
    for (const node of getStateNodes(machine.root, state.value)) reached.add(node);
    for (const { event } of Object.values(edges) as { event: EventObject }[]) {
      for (const transition of machine.getTransitionData(state as never, event as never) ?? []) taken.add(transition);
    }
  }
  const missingStates = nodes.filter((node) => !reached.has(node)).map((node) => node.id);
  const missingTransitions = transitions.filter((t) => !taken.has(t)).map((t) => describeTransition(t, transitions.indexOf(t)));
  const reachedCount = nodes.length - missingStates.length;
  const takenCount = transitions.length - missingTransitions.length;
  return {
    states: { reached: reachedCount, total: nodes.length, missing: missingStates },
    transitions: { taken: takenCount, total: transitions.length, missing: missingTransitions },
    line: `${name}: states ${reachedCount}/${nodes.length}, transitions ${takenCount}/${transitions.length}`,
  };
}
