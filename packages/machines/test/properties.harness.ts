/**
 * What the flows' random-sequence property tests share: start a bound flow on a simulated
 * clock and check every snapshot the same way (no error reported, not an error snapshot, a
 * state the machine has, a view that connects). Each test keeps its own event sequences,
 * counters and how long it lets pending work settle (`flush`).
 */
import { expect } from "vitest";
import { createActor, getStateNodes, SimulatedClock } from "xstate";
import type { AnyMachineSnapshot, AnyStateMachine, InputFrom, SnapshotFrom } from "xstate";

export async function startChecked<TMachine extends AnyStateMachine, TView>(
  machine: TMachine,
  input: InputFrom<TMachine>,
  connect: (snapshot: SnapshotFrom<TMachine>) => TView,
  flush: () => Promise<unknown>,
) {
  const clock = new SimulatedClock();
  const actor = createActor(machine, { input, clock });
  const failures: unknown[] = [];
  actor.subscribe({ error: (error) => failures.push(error) });
  actor.start();
  await flush();
  /** Checks the current snapshot and returns it with its view. */
  const check = () => {
    const snapshot: AnyMachineSnapshot = actor.getSnapshot();
    expect(failures).toEqual([]);
    expect(snapshot.status).not.toBe("error");
    expect(getStateNodes(machine.root, snapshot.value).length).toBeGreaterThan(0);
    let view: TView | undefined;
    expect(() => {
      view = connect(snapshot as SnapshotFrom<TMachine>);
    }).not.toThrow();
    return { snapshot, view: view as TView };
  };
  return { actor, clock, check };
}
