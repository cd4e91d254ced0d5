import { OnflexError, validationError } from "../errors.js";
import { operations } from "./operations.js";
import type { OperationId, OperationInput, OperationOutput } from "./operations.js";
import type { CallOptions, OnboardingApi } from "./port.js";

/** Every operation id, in table order. */
export const operationIds = Object.keys(operations) as OperationId[];

export function isOperationId(value: string): value is OperationId {
  return Object.prototype.hasOwnProperty.call(operations, value);
}

/** Validates (and normalises, e.g. trims) an operation's input, or throws OnflexError("validation"). */
export function parseOperationInput<K extends OperationId>(id: K, input: unknown): OperationInput<K> {
  const result = operations[id].input.safeParse(input);
  if (!result.success) throw validationError(result.error.issues);
  return result.data as OperationInput<K>;
}

/** Validates an answer against the operation's output schema, or throws OnflexError("invalid_response"). */
export function parseOperationOutput<K extends OperationId>(id: K, value: unknown): OperationOutput<K> {
  const result = operations[id].output.safeParse(value);
  if (!result.success) {
    throw new OnflexError("invalid_response", "The server sent an answer Onflex could not read.", {
      details: { operation: id, issues: result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) },
    });
  }
  return result.data as OperationOutput<K>;
}

/** One function that performs any operation; adapters implement this and get the whole port. */
export type OperationInvoker = <K extends OperationId>(id: K, input: OperationInput<K>, options?: CallOptions) => Promise<OperationOutput<K>>;

/** Builds the grouped OnboardingApi ("addresses.search" → api.addresses.search) from one invoker. */
export function createApiFromInvoker(invoke: OperationInvoker): OnboardingApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const id of operationIds) {
    const [group = "", method = ""] = id.split(".");
    (api[group] ??= {})[method] = (input: never, options?: CallOptions) => invoke(id, input, options);
  }
  return api as unknown as OnboardingApi;
}

type Split<K extends string> = K extends `${infer G}.${infer M}` ? [G, M] : never;

/** Calls an operation by id on any OnboardingApi: what a server does for each matched route. */
export function callOperation<K extends OperationId>(
  api: OnboardingApi,
  id: K,
  input: OperationInput<K>,
  options?: CallOptions,
): Promise<OperationOutput<K>> {
  const [group, method] = id.split(".") as Split<K>;
  const target = (api as unknown as Record<string, Record<string, (input: unknown, options?: CallOptions) => Promise<unknown>>>)[group]?.[method];
  if (!target) return Promise.reject(new OnflexError("not_found", `This API does not implement ${id}.`, { retryable: false }));
  return target.call((api as unknown as Record<string, unknown>)[group], input, options) as Promise<OperationOutput<K>>;
}

// Compile-time guard: every operation id names a method of the port with matching types,
// so the table and the interface cannot drift apart.
type PortMethod<K extends OperationId> = Split<K> extends [infer G extends keyof OnboardingApi, infer M extends string]
  ? M extends keyof OnboardingApi[G]
    ? OnboardingApi[G][M]
    : "missing"
  : "missing";
type PortMatches = {
  [K in OperationId]: PortMethod<K> extends (input: OperationInput<K>, options?: CallOptions) => Promise<OperationOutput<K>> ? true : false;
};
type Expect<T extends true> = T;
type _PortMatchesOperations = Expect<PortMatches extends Record<OperationId, true> ? true : false>;
