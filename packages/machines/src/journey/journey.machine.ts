import { isOnflexError, OnflexError, WizardState } from "@onflex/core";
import type { WizardState as WizardStateValue } from "@onflex/core";
import { assign, enqueueActions, fromPromise, setup } from "xstate";
import type { AnyActorLogic, AnyStateMachine } from "xstate";
import { completeDeps } from "../shared/shared.deps.js";
import { toFlowError } from "../shared/shared.utils.js";
import { bindFlow, defineJourney, parseParams, stepIdOf, type FlowRegistry } from "./journey.define.js";
import type {
  AnyFlowDefinition,
  CompletedStep,
  Facts,
  FactSchemas,
  FlowDeps,
  FlowResult,
  FlowResumeEvent,
  JourneyContext,
  JourneyDefinition,
  JourneyEvent,
  JourneyInput,
  JourneyOutput,
  JourneyStepDefinition,
  JourneyStepRecord,
  ServerStepRef,
  WizardCall,
} from "./journey.types.js";

const FLOW_ACTOR_PREFIX = "flow:";
/** The child actor id of a step's flow. */
export const flowActorId = (stepId: string): string => `${FLOW_ACTOR_PREFIX}${stepId}`;

export interface JourneyMachineOptions {
  /** The flows the journey may run (`onflexFlows`, plus a host's own). */
  flows: FlowRegistry;
  /** The outside world, given once; flows reach it through `provide`, never through context. */
  deps: Partial<FlowDeps> & Pick<FlowDeps, "api">;
}

/** What connect, observe and persistence need to know about a journey machine. */
export interface JourneyRuntime {
  definition: JourneyDefinition;
  flows: FlowRegistry;
  /** Every fact's schema: the journey's inputs and what each flow gives. */
  factSchemas: FactSchemas;
  /** The fixed steps in order (empty when the server decides). */
  fixedSteps: readonly (JourneyStepDefinition & { id: string })[];
  isServer: boolean;
}

const runtimes = new WeakMap<object, JourneyRuntime>();

/** The definition and flows behind a journey machine (or one of its snapshots' `machine`). */
export function journeyRuntimeOf(machine: object): JourneyRuntime {
  const runtime = runtimes.get(machine);
  if (!runtime) throw new TypeError("Not a journey machine: create one with createJourneyMachine(definition, options).");
  return runtime;
}

/** The facts a journey knows: the host's inputs, then every completed step's, in order. */
export function factsOf(context: Pick<JourneyContext, "inputFacts" | "history">): Facts {
  return Object.assign({}, context.inputFacts, ...context.history.map((step) => step.facts)) as Facts;
}

/** The server's identity of a step, for a flow the server step source runs (undefined in a fixed journey). */
export function serverStepOf(context: Pick<JourneyContext, "wizard">, stepId: string): ServerStepRef | undefined {
  return context.wizard ? { wizardId: context.wizard.wizardId, stepId } : undefined;
}

function currentResult(context: JourneyContext): FlowResult | undefined {
  return context.current ? context.results[context.current.id] : undefined;
}

function holds(when: ((facts: Facts) => boolean) | undefined, facts: Facts): boolean {
  if (!when) return true;
  try {
    return when(facts) === true;
  } catch {
    // A condition that throws cannot say yes.
    return false;
  }
}

/** Keeps only the facts whose schema accepts them. */
export function validFacts(facts: unknown, schemas: FactSchemas): Facts {
  const valid: Record<string, unknown> = {};
  if (typeof facts !== "object" || facts === null) return valid as Facts;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!Object.hasOwn(facts, name) || !schema) continue;
    const parsed = schema.safeParse((facts as Record<string, unknown>)[name]);
    if (parsed.success) valid[name] = parsed.data;
  }
  return valid as Facts;
}

/** A flow's result, with the facts it gave checked against the schemas it declared. */
function checkedResult(flow: AnyFlowDefinition, output: unknown, context: JourneyContext, params: unknown): FlowResult {
  let result: FlowResult;
  try {
    result = flow.result(output, { facts: factsOf(context), params });
  } catch (error) {
    return { status: "failed", error: toFlowError(error) };
  }
  if (result.status !== "done") return result;
  const given: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(flow.gives as Record<string, FactSchemas[keyof FactSchemas]>)) {
    if (!Object.hasOwn(result.facts, name) || !schema) continue;
    const parsed = schema.safeParse((result.facts as Record<string, unknown>)[name]);
    if (!parsed.success) {
      return {
        status: "failed",
        error: new OnflexError("invalid_response", `Flow "${flow.id}" gave a "${name}" that does not match its schema.`, {
          retryable: false,
          details: { flow: flow.id, fact: name },
        }).toJSON(),
      };
    }
    given[name] = parsed.data;
  }
  return { status: "done", facts: given as Facts };
}

/** A flow that threw: its own OnflexError, or a retryable one that does not show the bug's text to the user. */
function crashError(flow: AnyFlowDefinition, error: unknown) {
  if (isOnflexError(error)) return error.toJSON();
  return new OnflexError("upstream", "This step stopped unexpectedly. Try again.", { retryable: true, details: { flow: flow.id } }).toJSON();
}

/** The server no longer has this journey's wizard (it expired, or the server started afresh). */
function isWizardGone(context: JourneyContext, error: unknown): boolean {
  return context.wizard !== null && context.pending?.op !== "start" && isOnflexError(error) && error.code === "not_found";
}

function callWizard(deps: FlowDeps, template: string) {
  return fromPromise<WizardStateValue, { call: WizardCall; wizardId: string | null; facts: Facts }>(async ({ input, signal }) => {
    const { call, wizardId } = input;
    const wizard = deps.api.wizard;
    let answer: unknown;
    // The server may decide steps from what the host already knows (e.g. the charger model).
    if (call.op === "start" || wizardId === null) answer = await wizard.start({ template, facts: input.facts as Record<string, unknown> }, { signal });
    else if (call.op === "get") answer = await wizard.get({ wizardId }, { signal });
    else if (call.op === "answer") answer = await wizard.answer({ wizardId, stepId: call.stepId, facts: call.facts as Record<string, unknown> }, { signal });
    else answer = await wizard.rewind({ wizardId, stepId: call.stepId }, { signal });
    // The adapter validates what it receives; an implementation of the port may not.
    const parsed = WizardState.safeParse(answer);
    if (!parsed.success) throw new OnflexError("invalid_response", "The server's next step could not be read.", { retryable: true });
    return parsed.data;
  });
}

/**
 * Builds the machine for one journey definition. The machine's states are the same for every
 * journey (deciding the next step, running it, blocked, failed, complete, exited); what runs
 * comes from the definition and the registered flows.
 *
 * Every step's flow runs as a child actor `flow:<stepId>`, spawned by the journey; a step
 * marked `background` is spawned as soon as its needs are met and adopted when its turn comes.
 */
export function createJourneyMachine(definition: JourneyDefinition, options: JourneyMachineOptions) {
  defineJourney(definition, options.flows);
  const deps = completeDeps(options.deps);
  const { flows } = options;
  const flowActors: Record<string, AnyActorLogic> = {};
  const factSchemas: Record<string, unknown> = { ...definition.inputs };
  for (const [id, flow] of flows) {
    flowActors[id] = bindFlow(flow, deps);
    Object.assign(factSchemas, flow.gives);
  }
  const source = definition.source;
  const isServer = source.type === "server";
  const fixedSteps = source.type === "fixed" ? source.steps.map((step) => ({ ...step, id: stepIdOf(step) })) : [];
  const flowOf = (id: string): AnyFlowDefinition => {
    const flow = flows.get(id);
    if (!flow) throw new OnflexError("unsupported_step", `No flow is registered for "${id}".`, { retryable: false });
    return flow;
  };

  /** The first fixed step after the last completed one whose condition holds. */
  function nextFixedStep(context: JourneyContext): JourneyStepRecord | null {
    const last = context.history.at(-1);
    const start = last ? fixedSteps.findIndex((step) => step.id === last.id) + 1 : 0;
    const facts = factsOf(context);
    for (const step of fixedSteps.slice(start)) {
      if (!holds(step.when, facts)) continue;
      const params = parseParams(flowOf(step.flow), step.params);
      return { id: step.id, flow: step.flow, params: params.ok ? params.value : {}, ...(step.label ? { label: step.label } : {}) };
    }
    return null;
  }

  /** Why the server's current step cannot run here, or null when it can. */
  function wizardStepProblem(context: JourneyContext): OnflexError | null {
    const step = context.wizard?.currentStep;
    if (!step) return new OnflexError("invalid_response", "The server gave no next step.", { retryable: true });
    const flow = flows.get(step.type);
    if (!flow) {
      return new OnflexError("unsupported_step", `This app cannot show the step "${step.type}" yet.`, {
        retryable: false,
        details: { stepId: step.id, type: step.type },
      });
    }
    const params = parseParams(flow, step.params);
    if (!params.ok) {
      return new OnflexError("invalid_response", `The server sent invalid parameters for "${step.type}": ${params.message}.`, {
        retryable: false,
        details: { stepId: step.id, type: step.type },
      });
    }
    const facts = factsOf(context);
    const missing = flow.needs.filter((name) => facts[name] === undefined);
    if (missing.length > 0) {
      return new OnflexError("invalid_response", `The server asked for "${step.type}" before ${missing.map((name) => `"${name}"`).join(", ")} is known.`, {
        retryable: false,
        details: { stepId: step.id, type: step.type, missing },
      });
    }
    return null;
  }

  const machine = setup({
    types: {
      context: {} as JourneyContext,
      events: {} as JourneyEvent,
      input: {} as JourneyInput,
      output: {} as JourneyOutput,
    },
    // Flow actors are keyed by flow id, which only the registry knows: a plain record.
    actors: { ...flowActors, callWizard: callWizard(deps, source.type === "server" ? source.template : "") } as Record<string, AnyActorLogic>,
    guards: {
      isServerSource: () => isServer,
      hasNextStep: ({ context }) => nextFixedStep(context) !== null,
      isCurrentSettled: ({ context }) => context.current !== null && Object.hasOwn(context.results, context.current.id),
      isCurrentDone: ({ context }) => currentResult(context)?.status === "done",
      isCurrentBlocked: ({ context }) => currentResult(context)?.status === "blocked",
      /** The blocked flow offers its answers to change: Back opens it again rather than the step before. */
      canReopenBlocked: ({ context }) => {
        const result = currentResult(context);
        return result?.status === "blocked" && result.reopen !== undefined;
      },
      isCurrentFailed: ({ context }) => currentResult(context)?.status === "failed",
      isWizardComplete: ({ context }) => context.wizard?.isComplete === true,
      hasWizardProblem: ({ context }) => wizardStepProblem(context) !== null,
      canGoBack: ({ context }) =>
        context.history.some((step) => flows.get(step.flow)?.revisitable !== false) && (!isServer || context.wizard?.isRewindable === true),
      hasCurrentStep: ({ context }) => context.current !== null,
    },
    actions: {
      /** Spawns the flow of every background step whose needs are now met. */
      startBackground: enqueueActions(({ context, enqueue }) => {
        const facts = factsOf(context);
        const last = context.history.at(-1);
        const start = last ? fixedSteps.findIndex((step) => step.id === last.id) + 1 : 0;
        const started: JourneyContext["background"] = {};
        for (const step of fixedSteps.slice(start)) {
          if (!step.background || context.background[step.id] || context.current?.id === step.id) continue;
          const flow = flowOf(step.flow);
          if (flow.needs.some((name) => facts[name] === undefined) || !holds(step.when, facts)) continue;
          const params = parseParams(flow, step.params);
          const value = params.ok ? params.value : {};
          enqueue.spawnChild(step.flow, { id: flowActorId(step.id), input: flow.input({ facts, params: value, previous: undefined }) });
          started[step.id] = { flow: step.flow, params: value, startedAt: context.history.length };
        }
        if (Object.keys(started).length > 0) enqueue.assign({ background: { ...context.background, ...started } });
      }),
      /** Makes a step current, spawning its flow unless it already runs in the background. */
      startStep: enqueueActions(({ context, enqueue }, params: { step: JourneyStepRecord | null }) => {
        const step = params.step;
        if (!step) return;
        const adopted = Object.hasOwn(context.background, step.id) || Object.hasOwn(context.results, step.id);
        if (!adopted) {
          const flow = flowOf(step.flow);
          const previous = context.revisiting?.id === step.id ? context.revisiting.facts : undefined;
          enqueue.spawnChild(step.flow, { id: flowActorId(step.id), input: flow.input({ facts: factsOf(context), params: step.params, previous }) });
        }
        enqueue.assign({ current: step, revisiting: null, blocked: null, error: null });
      }),
      /** Records a flow's ending (current or background) as a result for its step. */
      storeResult: assign(({ context, event }) => {
        const type = (event as { type: string }).type;
        const actorId = type.replace(/^xstate\.(done|error)\.actor\./, "");
        if (!actorId.startsWith(FLOW_ACTOR_PREFIX)) return {};
        const stepId = actorId.slice(FLOW_ACTOR_PREFIX.length);
        const step = context.current?.id === stepId ? context.current : context.background[stepId] ? { id: stepId, ...context.background[stepId] } : null;
        if (!step) return {};
        const flow = flowOf(step.flow);
        const result: FlowResult = type.startsWith("xstate.error.")
          ? { status: "failed", error: crashError(flow, (event as { error?: unknown }).error) }
          : checkedResult(flow, (event as { output?: unknown }).output, context, step.params);
        return { results: { ...context.results, [stepId]: result } };
      }),
      /** The current step is done: its facts join the journey's, and its finished actor is let go. */
      commitCurrent: enqueueActions(({ context, enqueue }) => {
        const current = context.current;
        const result = current ? context.results[current.id] : undefined;
        if (!current || result?.status !== "done") return;
        const { [current.id]: _settled, ...results } = context.results;
        const { [current.id]: _background, ...background } = context.background;
        const completed: CompletedStep = { ...current, facts: result.facts };
        enqueue.stopChild(flowActorId(current.id));
        // A step the server completes by itself is not answered: the server is asked where it is now.
        const pending: WizardCall = flowOf(current.flow).completedByServer ? { op: "get" } : { op: "answer", stepId: current.id, facts: result.facts };
        enqueue.assign({ history: [...context.history, completed], current: null, results, background, pending });
      }),
      storeBlocked: assign(({ context }) => {
        const current = context.current;
        const result = current ? context.results[current.id] : undefined;
        if (!current || result?.status !== "blocked") return {};
        return { blocked: { stepId: current.id, flow: current.flow, reason: result.reason, details: result.details ?? {} } };
      }),
      storeStepFailure: assign(({ context }) => {
        const result = context.current ? context.results[context.current.id] : undefined;
        return { error: result?.status === "failed" ? result.error : null };
      }),
      exitFromCurrent: assign(({ context }) => {
        const result = context.current ? context.results[context.current.id] : undefined;
        const reason = result?.status === "exited" ? result.reason : "user_closed";
        return { exit: { reason, stepId: context.current?.id ?? null, flow: context.current?.flow ?? null } };
      }),
      exitByUser: assign(({ context }) => {
        if (context.blocked) {
          const { reason, details } = context.blocked;
          return { exit: { reason: "blocked" as const, stepId: context.blocked.stepId, flow: context.blocked.flow, blocked: { reason, details } } };
        }
        if (context.error) {
          return { exit: { reason: "failed" as const, stepId: context.current?.id ?? null, flow: context.current?.flow ?? null, error: context.error } };
        }
        return { exit: { reason: "user_closed" as const, stepId: context.current?.id ?? null, flow: context.current?.flow ?? null } };
      }),
      /** The server forgot the wizard: every step's flow stops, and a new wizard starts from its first step. */
      startOver: enqueueActions(({ context, enqueue }) => {
        if (context.current) enqueue.stopChild(flowActorId(context.current.id));
        for (const id of Object.keys(context.background)) enqueue.stopChild(flowActorId(id));
        enqueue.assign({ wizard: null, history: [], current: null, background: {}, results: {}, revisiting: null, blocked: null, error: null, pending: { op: "start" } as WizardCall });
      }),
      /** Goes back to the last step the user can answer again; what came after it is forgotten. */
      rewind: enqueueActions(({ context, enqueue }) => {
        let index = context.history.length - 1;
        while (index >= 0 && flows.get(context.history[index]!.flow)?.revisitable === false) index -= 1;
        const target = context.history[index];
        if (!target) return;
        if (context.current) enqueue.stopChild(flowActorId(context.current.id));
        const background: JourneyContext["background"] = {};
        for (const [id, run] of Object.entries(context.background)) {
          if (run.startedAt > index) enqueue.stopChild(flowActorId(id));
          else background[id] = run;
        }
        const results: JourneyContext["results"] = {};
        for (const [id, result] of Object.entries(context.results)) if (background[id]) results[id] = result;
        enqueue.assign({
          history: context.history.slice(0, index),
          current: null,
          background,
          results,
          revisiting: target,
          blocked: null,
          error: null,
          pending: { op: "rewind", stepId: target.id } as WizardCall,
        });
      }),
      /** A blocked step opens again with the answers it offered to change, at its last view. */
      reopenBlocked: enqueueActions(({ context, enqueue }) => {
        const current = context.current;
        const result = currentResult(context);
        if (!current || result?.status !== "blocked") return;
        const { [current.id]: _blocked, ...results } = context.results;
        enqueue.stopChild(flowActorId(current.id));
        enqueue.assign({ results, blocked: null, error: null });
        const flow = flowOf(current.flow);
        enqueue.spawnChild(current.flow, {
          id: flowActorId(current.id),
          input: flow.input({ facts: factsOf(context), params: current.params, previous: undefined, reopen: result.reopen }),
        });
      }),
      /** A step that failed runs again from the start. */
      restartCurrent: enqueueActions(({ context, enqueue }) => {
        const current = context.current;
        if (!current) return;
        const { [current.id]: _failed, ...results } = context.results;
        const { [current.id]: _background, ...background } = context.background;
        enqueue.stopChild(flowActorId(current.id));
        enqueue.assign({ results, background, error: null });
        const flow = flowOf(current.flow);
        enqueue.spawnChild(current.flow, {
          id: flowActorId(current.id),
          input: flow.input({ facts: factsOf(context), params: current.params, previous: undefined, serverStep: serverStepOf(context, current.id) }),
        });
      }),
      /** Tells the running flows (current and background) that the user came back from another page. */
      forwardResume: enqueueActions(({ context, event, enqueue, self }) => {
        if (event.type !== "JOURNEY.RESUME") return;
        const resume: FlowResumeEvent = {
          type: "FLOW.RESUME",
          ...(typeof event.url === "string" ? { url: event.url } : {}),
          ...(typeof event.purpose === "string" ? { purpose: event.purpose } : {}),
        };
        const ids = [...(context.current ? [context.current.id] : []), ...Object.keys(context.background)];
        // A flow that already ended has no actor left to tell.
        const running = self.getSnapshot().children as Record<string, unknown>;
        for (const id of new Set(ids)) if (running[flowActorId(id)]) enqueue.sendTo(flowActorId(id), resume);
      }),
      storeWizard: assign((_, wizard: WizardStateValue) => ({ wizard })),
      /** The server may have forgotten steps (a rewind, another device): keep only what it still counts. */
      startWizardStep: enqueueActions(({ context, enqueue }) => {
        const wizard = context.wizard;
        const step = wizard?.currentStep;
        if (!wizard || !step) return;
        const kept = context.history.filter((entry) => wizard.completedSteps.includes(entry.id));
        const params = parseParams(flowOf(step.type), step.params);
        const record: JourneyStepRecord = { id: step.id, flow: step.type, params: params.ok ? params.value : {}, ...(step.label ? { label: step.label } : {}) };
        const flow = flowOf(step.type);
        const previous = context.revisiting && context.revisiting.id === step.id ? context.revisiting.facts : undefined;
        enqueue.spawnChild(step.type, {
          id: flowActorId(step.id),
          input: flow.input({ facts: factsOf({ inputFacts: context.inputFacts, history: kept }), params: record.params, previous, serverStep: { wizardId: wizard.wizardId, stepId: step.id } }),
        });
        enqueue.assign({ history: kept, current: record, revisiting: null, blocked: null, error: null, results: {} });
      }),
      storeWizardProblem: assign(({ context }) => ({
        error: (wizardStepProblem(context) ?? new OnflexError("invalid_response", "The server's next step could not be read.")).toJSON(),
        pending: { op: "get" } as WizardCall,
      })),
      storeSourceError: assign((_, params: { error: unknown }) => ({ error: toFlowError(params.error) })),
      clearError: assign({ error: null }),
    },
  }).createMachine({
    id: "journey",
    context: ({ input }) => ({
      journeyId: definition.id,
      inputFacts: validFacts(input?.facts, (definition.inputs ?? {}) as FactSchemas),
      history: [],
      current: null,
      background: {},
      results: {},
      revisiting: null,
      wizard: null,
      pending: { op: "start" },
      blocked: null,
      exit: null,
      error: null,
    }),
    initial: "advancing",
    on: {
      "JOURNEY.EXIT": { target: ".exited", actions: "exitByUser" },
      "JOURNEY.RESUME": { actions: "forwardResume" },
      // A flow that ended, in the foreground or the background.
      "xstate.done.actor.*": { actions: "storeResult" },
      "xstate.error.actor.*": { actions: "storeResult" },
    },
    states: {
      /** Starts what can run in the background, then asks the step source what comes next. */
      advancing: {
        entry: "startBackground",
        always: [{ guard: "isServerSource", target: "contacting" }, { target: "choosing" }],
      },
      choosing: {
        always: [
          { guard: "hasNextStep", target: "running", actions: { type: "startStep", params: ({ context }) => ({ step: nextFixedStep(context) }) } },
          { target: "complete" },
        ],
      },
      contacting: {
        invoke: {
          id: "callWizard",
          src: "callWizard",
          input: ({ context }) => ({ call: context.pending, wizardId: context.wizard?.wizardId ?? null, facts: context.inputFacts }),
          onDone: { target: "interpreting", actions: { type: "storeWizard", params: ({ event }) => event.output as WizardStateValue } },
          onError: [
            // Nothing to retry against: the journey starts a new wizard, from the server's first step.
            {
              guard: ({ context, event }) => isWizardGone(context, event.error),
              target: "contacting",
              reenter: true,
              actions: "startOver",
            },
            { target: "failed", actions: { type: "storeSourceError", params: ({ event }) => ({ error: event.error }) } },
          ],
        },
      },
      interpreting: {
        always: [
          { guard: "isWizardComplete", target: "complete" },
          { guard: "hasWizardProblem", target: "failed", actions: "storeWizardProblem" },
          { target: "running", actions: "startWizardStep" },
        ],
      },
      running: {
        always: { guard: "isCurrentSettled", target: "settling" },
        on: { "JOURNEY.BACK": { guard: "canGoBack", target: "rewinding" } },
      },
      settling: {
        always: [
          { guard: "isCurrentDone", target: "advancing", actions: "commitCurrent" },
          { guard: "isCurrentBlocked", target: "blocked", actions: "storeBlocked" },
          { guard: "isCurrentFailed", target: "failed", actions: "storeStepFailure" },
          { target: "exited", actions: "exitFromCurrent" },
        ],
      },
      rewinding: {
        entry: "rewind",
        always: [{ guard: "isServerSource", target: "contacting" }, { target: "choosing" }],
      },
      /** A flow said the journey cannot go on (e.g. not eligible); the user may go back or leave. */
      blocked: {
        on: {
          "JOURNEY.BACK": [
            { guard: "canReopenBlocked", target: "running", actions: "reopenBlocked" },
            { guard: "canGoBack", target: "rewinding" },
          ],
        },
      },
      /** The step source failed, or a step broke; Retry asks again or restarts the step. */
      failed: {
        on: {
          "JOURNEY.RETRY": [
            { guard: "hasCurrentStep", target: "running", actions: "restartCurrent" },
            { target: "contacting", actions: "clearError" },
          ],
          "JOURNEY.BACK": { guard: "canGoBack", target: "rewinding" },
        },
      },
      complete: { type: "final" },
      exited: { type: "final" },
    },
    output: ({ context }): JourneyOutput =>
      context.exit
        ? { status: "exited", ...context.exit }
        : { status: "complete", journeyId: context.journeyId, facts: factsOf(context), steps: context.history.map((step) => step.id) },
  });

  runtimes.set(machine, { definition, flows, factSchemas: factSchemas as FactSchemas, fixedSteps, isServer });
  return machine;
}

export type JourneyMachine = ReturnType<typeof createJourneyMachine>;
export type { AnyStateMachine };
