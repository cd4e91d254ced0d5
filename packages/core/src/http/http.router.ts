import { operations } from "../api/operations.js";
import type { OperationId, OperationInput, OperationOutput } from "../api/operations.js";
import { callOperation, operationIds, parseOperationInput } from "../api/operations.runtime.js";
import type { OnboardingApi } from "../api/port.js";
import { OnflexError, toOnflexError } from "../errors.js";
import type { ErrorBody } from "../schemas/error.js";
import { STATUS_FOR_ERROR_CODE } from "./http.status.js";

/** The names of the `{param}` placeholders in an operation's path. */
export function pathParamNames(path: string): string[] {
  return Array.from(path.matchAll(/\{(\w+)\}/g), (m) => m[1] as string);
}

const routes = operationIds.map((id) => {
  const spec = operations[id];
  const names = pathParamNames(spec.path);
  const source = spec.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "([^/]+)");
  return { id, method: spec.method, names, pattern: new RegExp(`^${source}/?$`) };
});

export interface OperationMatch {
  id: OperationId;
  /** Decoded path parameters by name. */
  params: Record<string, string>;
}

/** Which operation a request is for, from its method and its path below the API root. */
export function matchOperation(method: string, pathname: string): OperationMatch | undefined {
  const upper = method.toUpperCase();
  for (const route of routes) {
    if (route.method !== upper) continue;
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    try {
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1] ?? "")));
    } catch {
      return undefined;
    }
    return { id: route.id, params };
  }
  return undefined;
}

/**
 * Rebuilds an operation's input from a request, as the HTTP adapter encoded it: path
 * params, then the query string (GET, DELETE) or the JSON body (POST, PATCH). Throws
 * OnflexError("validation") with every issue when it does not fit the input schema.
 */
export function decodeOperationInput<K extends OperationId>(
  id: K,
  params: Record<string, string>,
  query: URLSearchParams | Record<string, string>,
  body: unknown,
): OperationInput<K> {
  const spec = operations[id];
  let rest: Record<string, unknown>;
  if (spec.method === "GET" || spec.method === "DELETE") {
    rest = Object.fromEntries(query instanceof URLSearchParams ? query.entries() : Object.entries(query));
  } else if (body === undefined || body === null) {
    rest = {};
  } else if (typeof body === "object" && !Array.isArray(body)) {
    rest = body as Record<string, unknown>;
  } else {
    throw new OnflexError("validation", "The request body must be a JSON object.");
  }
  return parseOperationInput(id, { ...rest, ...params });
}

/** The JSON body of an error answer. */
export function errorBody(error: OnflexError): ErrorBody {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

export interface OperationRequest {
  method: string;
  /** The path below the API root, e.g. "/v1/addresses". */
  pathname: string;
  query: URLSearchParams;
  /** Reads the parsed JSON body; rejects (or throws) when it is not JSON. */
  readJson: () => Promise<unknown>;
  idempotencyKey?: string | null;
  signal?: AbortSignal;
}

export type OperationResponse =
  | { status: 200; id: OperationId; body: OperationOutput<OperationId> }
  | { status: number; id: OperationId | undefined; body: ErrorBody; error: OnflexError };

/**
 * Serves one request against any OnboardingApi: match, decode, call, and turn errors into
 * the contract's `{ error: { code, message, details } }` body. The MSW handlers and the
 * portal server both use it, so they serve exactly the same contract.
 */
export async function serveOperation(api: OnboardingApi, request: OperationRequest): Promise<OperationResponse> {
  const match = matchOperation(request.method, request.pathname);
  if (!match) {
    const error = new OnflexError("not_found", `No operation answers ${request.method.toUpperCase()} ${request.pathname}.`, { retryable: false });
    return { status: 404, id: undefined, body: errorBody(error), error };
  }
  try {
    const spec = operations[match.id];
    let body: unknown;
    if (spec.method === "POST" || spec.method === "PATCH") {
      try {
        body = await request.readJson();
      } catch (cause) {
        throw new OnflexError("validation", "The request body is not valid JSON.", { cause });
      }
    }
    const input = decodeOperationInput(match.id, match.params, request.query, body);
    const options: { signal?: AbortSignal; idempotencyKey?: string } = {};
    if (request.signal) options.signal = request.signal;
    if (request.idempotencyKey) options.idempotencyKey = request.idempotencyKey;
    const output = await callOperation(api, match.id, input, options);
    return { status: 200, id: match.id, body: output };
  } catch (thrown) {
    const error = toOnflexError(thrown);
    // An error rebuilt from JSON may carry any code at runtime; look it up as an own key only.
    const status = Object.hasOwn(STATUS_FOR_ERROR_CODE, error.code) ? STATUS_FOR_ERROR_CODE[error.code] : 500;
    return { status, id: match.id, body: errorBody(error), error };
  }
}
