import { getStateNodes } from "xstate";
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, AnyTransitionDefinition, EventObject } from "xstate";

export interface Coverage {
  states: { reached: number; total: number; missing: string[] };
  transitions: { taken: number; total: number; missing: string[] };
  line: string;
}

/** A walked path as @xstate/graph's test paths give it: each step is an event and the state it led to. */
export interface WalkedPath {
  steps: readonly { state: unknown; event: EventObject }[];
}

function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) => [child, ...allStateNodes(child)]);
}

function describeTransition(transition: AnyTransitionDefinition, index: number): string {
  const targets = transition.target?.map((target) => target.id).join(",") ?? "(self)";
  return `${transition.source.id} --${transition.eventType}#${index}--> ${targets}`;
}

/**
 * Counts the state nodes entered and the transition definitions taken along the given
 * paths — the ones a model-based test walks — against every state node and transition
 * definition the machine has (the root's transitions included; the root itself is always
 * active, so it is not counted as a state).
 */
export function pathCoverage(name: string, machine: AnyStateMachine, paths: readonly WalkedPath[]): Coverage {
  const nodes = allStateNodes(machine.root);
  const transitions = [machine.root, ...nodes].flatMap((node) => [...node.transitions.values()].flat().concat(node.always ?? []));
  const reached = new Set<AnyStateNode>();
  const taken = new Set<AnyTransitionDefinition>();
  for (const { steps } of paths) {
    steps.forEach((step, index) => {
      const state = step.state as AnyMachineSnapshot;
      for (const node of getStateNodes(machine.root, state.value)) reached.add(node);
      const previous = steps[index - 1]?.state as AnyMachineSnapshot | undefined;
      if (!previous) return;
      for (const transition of machine.getTransitionData(previous as never, step.event as never) ?? []) taken.add(transition);
    });
  }
  const missingStates = nodes.filter((node) => !reached.has(node)).map((node) => node.id);
  const missingTransitions = transitions.filter((t) => !taken.has(t)).map((t) => describeTransition(t, transitions.indexOf(t)));
  const reachedCount = nodes.length - missingStates.length;
  const takenCount = transitions.length - missingTransitions.length;
  return {
    states: { reached: reachedCount, total: nodes.length, missing: missingStates },
    transitions: { taken: takenCount, total: transitions.length, missing: missingTransitions },
    line: `${name}: states ${reachedCount}/${nodes.length}, transitions ${takenCount}/${transitions.length}, over ${paths.length} paths`,
  };
}
