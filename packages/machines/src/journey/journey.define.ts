import type { AnyStateMachine } from "xstate";
import { completeDeps } from "../shared/shared.deps.js";
import type {
  AnyFlowDefinition,
  FactName,
  FlowDefinition,
  FlowDeps,
  JourneyDefinition,
  JourneyStepDefinition,
} from "./journey.types.js";

/** Declares a flow for the journey; an identity function that keeps its types. */
export function defineFlow<TMachine extends AnyStateMachine, TParams = Record<string, never>>(
  definition: FlowDefinition<TMachine, TParams>,
): FlowDefinition<TMachine, TParams> {
  return definition;
}

export type FlowRegistry = ReadonlyMap<string, AnyFlowDefinition>;

/**
 * The flows a journey may run, by id. Later lists win, so a host can add its own steps and
 * replace one of Onflex's: `createFlowRegistry(onflexFlows, [accountFlow])`.
 */
export function createFlowRegistry(...groups: readonly (readonly AnyFlowDefinition[])[]): FlowRegistry {
  const registry = new Map<string, AnyFlowDefinition>();
  for (const flow of groups.flat()) registry.set(flow.id, flow);
  return registry;
}

/** A journey definition that names a missing flow, a fact nobody gives, or bad parameters. */
export class JourneyDefinitionError extends Error {
  override readonly name = "JourneyDefinitionError";
}

export function stepIdOf(step: JourneyStepDefinition): string {
  return step.id ?? step.flow;
}

export type ParamsResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Validates a step's parameters with its flow's schema (a flow without one takes `{}`). */
export function parseParams(flow: AnyFlowDefinition, params: unknown): ParamsResult {
  const raw = params ?? {};
  if (!flow.params) return { ok: true, value: raw };
  const parsed = flow.params.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue ? `${issue.path.join(".") || "(params)"}: ${issue.message}` : "invalid parameters" };
}

/** The facts a flow can count on: what it needs. */
export function missingNeeds(flow: AnyFlowDefinition, known: (name: FactName) => boolean): FactName[] {
  return flow.needs.filter((name) => !known(name));
}

/**
 * Checks a journey against the flows it will run, and returns it. Refuses (throws
 * `JourneyDefinitionError`, naming the step and the fact) a step whose flow is not
 * registered, whose flow the server completes by itself (`completedByServer`: only the server
 * step source can run it), whose parameters do not validate, or that needs a fact no earlier step is
 * sure to give — a step that only runs `when` a condition holds may not give it.
 */
export function defineJourney<T extends JourneyDefinition>(definition: T, registry: FlowRegistry): T {
  const where = `journey "${definition.id}"`;
  if (definition.source.type === "server") {
    if (!definition.source.template) throw new JourneyDefinitionError(`${where}: a server step source needs a template.`);
    return definition;
  }
  const sure = new Set<string>(Object.keys(definition.inputs ?? {}));
  const maybe = new Map<string, string>();
  const ids = new Set<string>();
  for (const step of definition.source.steps) {
    const id = stepIdOf(step);
    if (ids.has(id)) throw new JourneyDefinitionError(`${where}: two steps are called "${id}"; give one an id.`);
    ids.add(id);
    const flow = registry.get(step.flow);
    if (!flow) throw new JourneyDefinitionError(`${where}: step "${id}" runs flow "${step.flow}", which is not registered.`);
    if (flow.completedByServer) {
      throw new JourneyDefinitionError(`${where}: step "${id}" runs "${flow.id}", which the server completes by itself; it needs the server step source.`);
    }
    const params = parseParams(flow, step.params);
    if (!params.ok) throw new JourneyDefinitionError(`${where}: step "${id}" has invalid parameters for "${flow.id}": ${params.message}.`);
    for (const fact of flow.needs) {
      if (sure.has(fact)) continue;
      const by = maybe.get(fact);
      throw new JourneyDefinitionError(
        by
          ? `${where}: step "${id}" needs "${fact}", which only step "${by}" gives, and that step does not always run.`
          : `${where}: step "${id}" needs "${fact}", which no earlier step gives.`,
      );
    }
    for (const fact of Object.keys(flow.gives)) {
      if (step.when) maybe.set(fact, id);
      else sure.add(fact);
    }
  }
  return definition;
}

/**
 * A flow's machine with its I/O bound to real dependencies, for running it on its own:
 * `createActor(bindFlow(addressFlow, { api }), { input: {} })`.
 */
export function bindFlow<TMachine extends AnyStateMachine>(
  flow: FlowDefinition<TMachine, never> | FlowDefinition<TMachine, unknown> | FlowDefinition<TMachine, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  deps: Partial<FlowDeps> & Pick<FlowDeps, "api">,
): TMachine {
  if (!flow.implement) return flow.machine;
  return flow.machine.provide(flow.implement(completeDeps(deps))) as TMachine;
}
