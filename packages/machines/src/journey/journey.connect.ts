import type { AnyActorRef, SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import { factsOf, flowActorId, journeyRuntimeOf } from "./journey.machine.js";
import type { JourneyMachine, JourneyRuntime } from "./journey.machine.js";
import type {
  BlockedOutcome,
  Facts,
  JourneyCompletion,
  JourneyContext,
  JourneyEvent,
  JourneyExit,
  JourneyScreen,
  JourneyStepState,
} from "./journey.types.js";

export type JourneySnapshot = SnapshotFrom<JourneyMachine>;

/** The running step: its id, its flow, and the flow's actor for a step view to subscribe to. */
export interface JourneyCurrentStep {
  stepId: string;
  flow: string;
  params: unknown;
  ref: AnyActorRef;
}

export interface JourneyView {
  journeyId: string;
  screen: JourneyScreen;
  /** The current step (null while loading, and at the end). */
  stepId: string | null;
  flow: string | null;
  /**
   * The journey's steps as they stand: done, current, upcoming, and skipped by a condition.
   * A server-driven journey lists the steps so far; `total` is then null.
   */
  steps: JourneyStepState[];
  /** The current step's place among the steps that run (0-based). */
  index: number;
  /** How many steps run, or null when the server decides and has not said. */
  total: number | null;
  canGoBack: boolean;
  canRetry: boolean;
  isComplete: boolean;
  isExited: boolean;
  facts: Facts;
  current: JourneyCurrentStep | null;
  /** Why the journey cannot go on (screen "blocked"): the step, the flow's reason and details. */
  blocked: BlockedOutcome | null;
  /** Why the step source or a step failed (screen "failed"). */
  error: FlowError | null;
  /** How the journey ended without completing. */
  exitInfo: JourneyExit | null;
  completion: JourneyCompletion | null;
  back(): void;
  exit(): void;
  retry(): void;
  getRootProps(): PartProps;
  getStepProps(id: string): PartProps & { "aria-current": "step" | undefined };
}

export function getJourneyScreen(snapshot: JourneySnapshot): JourneyScreen {
  if (snapshot.matches("running")) return "step";
  if (snapshot.matches("blocked")) return "blocked";
  if (snapshot.matches("failed")) return "failed";
  if (snapshot.matches("complete")) return "complete";
  if (snapshot.matches("exited")) return "exited";
  return "loading";
}

/** The steps of a journey as they stand, for a progress indicator. */
export function journeySteps(runtime: JourneyRuntime, context: JourneyContext, screen: JourneyScreen): JourneyStepState[] {
  const state = (step: { id: string; flow: string; label?: string }, status: JourneyStepState["status"]): JourneyStepState => ({
    id: step.id,
    flow: step.flow,
    status,
    ...(step.label ? { label: step.label } : {}),
  });
  const done = context.history.map((step) => state(step, "complete"));
  const current = context.current;
  if (runtime.isServer) {
    return current && screen !== "complete" ? [...done, state(current, "current")] : done;
  }
  const facts = factsOf(context);
  const doneIds = new Set(done.map((step) => step.id));
  const last = context.history.at(-1);
  const position = last ? runtime.fixedSteps.findIndex((step) => step.id === last.id) : -1;
  return runtime.fixedSteps.map((step, index): JourneyStepState => {
    if (doneIds.has(step.id)) return state(step, "complete");
    if (current?.id === step.id) return state(step, "current");
    if (index < position) return state(step, "skipped");
    let runs = true;
    try {
      runs = !step.when || step.when(facts) === true;
    } catch {
      runs = false;
    }
    return state(step, runs ? "upcoming" : "skipped");
  });
}

export function connectJourney(snapshot: JourneySnapshot, send: Send<JourneyEvent>): JourneyView {
  const runtime = journeyRuntimeOf(snapshot.machine);
  const { context } = snapshot;
  const screen = getJourneyScreen(snapshot);
  const steps = journeySteps(runtime, context, screen);
  const running = steps.filter((step) => step.status !== "skipped");
  const currentIndex = running.findIndex((step) => step.status === "current");
  const child = context.current ? (snapshot.children as Record<string, AnyActorRef | undefined>)[flowActorId(context.current.id)] : undefined;
  const current: JourneyCurrentStep | null =
    screen === "step" && context.current && child
      ? { stepId: context.current.id, flow: context.current.flow, params: context.current.params, ref: child }
      : null;
  const output = snapshot.status === "done" ? snapshot.output : undefined;
  const stepId = screen === "complete" || screen === "exited" ? null : (context.current?.id ?? context.blocked?.stepId ?? null);
  const flow = screen === "complete" || screen === "exited" ? null : (context.current?.flow ?? context.blocked?.flow ?? null);
  return {
    journeyId: context.journeyId,
    screen,
    stepId,
    flow,
    steps,
    index: currentIndex >= 0 ? currentIndex : context.history.length,
    total: runtime.isServer ? (screen === "complete" ? context.history.length : null) : running.length,
    canGoBack: snapshot.can({ type: "JOURNEY.BACK" }),
    canRetry: snapshot.can({ type: "JOURNEY.RETRY" }),
    isComplete: screen === "complete",
    isExited: screen === "exited",
    facts: factsOf(context),
    current,
    blocked: screen === "blocked" ? context.blocked : null,
    error: screen === "failed" ? context.error : null,
    exitInfo: output?.status === "exited" ? { reason: output.reason, stepId: output.stepId, flow: output.flow, ...(output.blocked ? { blocked: output.blocked } : {}), ...(output.error ? { error: output.error } : {}) } : null,
    completion: output?.status === "complete" ? { journeyId: output.journeyId, facts: output.facts, steps: output.steps } : null,
    back: () => send({ type: "JOURNEY.BACK" }),
    exit: () => send({ type: "JOURNEY.EXIT" }),
    retry: () => send({ type: "JOURNEY.RETRY" }),
    getRootProps: () => partProps("journey", "root", screen),
    getStepProps: (id) => {
      const status = steps.find((step) => step.id === id)?.status ?? "upcoming";
      return { ...partProps("journey", "step", status), "aria-current": status === "current" ? "step" : undefined };
    },
  };
}
