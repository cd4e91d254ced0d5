import type { BlockedOutcome, Facts } from "@onflex/machines";
import type { ComponentType } from "react";
import type { AnyActorRef } from "xstate";

/** What a journey gives the component of each step. */
export interface StepComponentProps {
  /** The step's flow actor, run by the journey: `useFlowView(actor, connect)`. */
  actor: AnyActorRef;
  stepId: string;
  flow: string;
  /** The step's validated parameters. */
  params: unknown;
  /** The facts gathered so far. */
  facts: Facts;
}

/** What a journey gives the screen shown when a flow blocks it (e.g. reason "ineligible"). */
export interface OutcomeComponentProps {
  blocked: BlockedOutcome;
  /** Whether Back can reach a step that could change the outcome (e.g. the address). */
  canGoBack: boolean;
  back(): void;
  /** Leaves the journey (exit reason "blocked"). */
  exit(): void;
}

/**
 * One component in a registry, with how to fetch its code ahead of time. `load` is what a
 * lazy component imports; calling it early (prefetching) means no skeleton when it is shown.
 */
export interface LazyEntry<P> {
  component: ComponentType<P>;
  load?: () => Promise<unknown>;
  /** The loaded component, once `load` has resolved (so a prefetched step renders at once). */
  resolved?: () => ComponentType<P> | undefined;
}

export type StepEntry = LazyEntry<StepComponentProps>;
export type OutcomeEntry = LazyEntry<OutcomeComponentProps>;

/** Components by flow id: a plain component, or an entry that loads its code lazily. */
export type StepComponents = Readonly<Record<string, ComponentType<StepComponentProps> | StepEntry>>;
/** Blocked-outcome screens by reason. */
export type OutcomeComponents = Readonly<Record<string, ComponentType<OutcomeComponentProps> | OutcomeEntry>>;
