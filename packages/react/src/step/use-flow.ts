import { bindFlow, type FlowDefinition, type FlowDeps } from "@onflex/machines";
import { useActorRef, useSelector } from "@xstate/react";
import { useEffect, useMemo, useRef } from "react";
import type { ActorRef, ActorRefFrom, AnyStateMachine, EventFromLogic, EventObject, InputFrom, Snapshot, SnapshotFrom } from "xstate";
import { useFlowDeps } from "../provider/onflex.context.js";

/** A flow's connect function: snapshot and send in, the view a component spreads out. */
export type Connect<TSnapshot, TEvent extends EventObject, TView> = (snapshot: TSnapshot, send: (event: TEvent) => void) => TView;

/**
 * The view of any flow actor (one a journey runs, or one of your own), recomputed on every
 * snapshot: `useFlowView(view.current.ref, connectAddress)`.
 */
export function useFlowView<TSnapshot extends Snapshot<unknown>, TEvent extends EventObject, TView>(
  actor: ActorRef<TSnapshot, TEvent>,
  connect: Connect<TSnapshot, TEvent, TView>,
): TView {
  const snapshot = useSelector(actor, (state) => state);
  return useMemo(() => connect(snapshot, actor.send), [connect, snapshot, actor]);
}

/**
 * A new actor of a registered flow, bound to the provider's dependencies (`bindFlow`).
 * `input` is read once, when the actor is created; `deps` overrides single dependencies
 * (e.g. a step's own clock) and is read when they are used.
 */
export function useFlowActor<TMachine extends AnyStateMachine>(
  // The registry holds flows with any parameters; a standalone step does not pass any.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  flow: FlowDefinition<TMachine, any>,
  input: InputFrom<TMachine>,
  deps?: Partial<FlowDeps>,
): ActorRefFrom<TMachine> {
  const provided = useFlowDeps();
  const overrides = useRef(deps);
  useEffect(() => {
    overrides.current = deps;
  });
  const machine = useMemo(
    () =>
      bindFlow(flow, {
        api: provided.api,
        clock: () => (overrides.current?.clock ?? provided.clock)(),
        openExternal: (request) => (overrides.current?.openExternal ?? provided.openExternal)(request),
      }),
    [flow, provided],
  );
  return useActorRef(machine, { input }) as ActorRefFrom<TMachine>;
}

/**
 * A flow of its own, outside a journey: the actor and its view.
 * `const { view } = useFlow(addressFlow, connectAddress, { postcode })`.
 */
export function useFlow<TMachine extends AnyStateMachine, TView>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  flow: FlowDefinition<TMachine, any>,
  connect: Connect<SnapshotFrom<TMachine>, EventFromLogic<TMachine>, TView>,
  input: InputFrom<TMachine>,
  deps?: Partial<FlowDeps>,
): { actor: ActorRefFrom<TMachine>; view: TView } {
  const actor = useFlowActor(flow, input, deps);
  return { actor, view: useFlowView(actor as ActorRef<Snapshot<unknown>, EventObject>, connect as unknown as Connect<Snapshot<unknown>, EventObject, TView>) };
}
