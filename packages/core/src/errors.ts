/**
 * The one error type every Onflex layer throws and every UI renders. A small, fixed set of
 * codes so a view can decide what to show (retry button, sign-in again, contact support)
 * without parsing messages.
 */
export const ONFLEX_ERROR_CODES = [
  "network",
  "timeout",
  "invalid_response",
  "validation",
  "unauthorized",
  "not_found",
  "conflict",
  "rate_limited",
  "upstream",
  // The server asked for a step (e.g. a wizard step type) this client has no flow for.
  "unsupported_step",
] as const;

export type OnflexErrorCode = (typeof ONFLEX_ERROR_CODES)[number];

/** Codes worth retrying by default: the same call may succeed a moment later. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<OnflexErrorCode> = new Set(["network", "timeout", "rate_limited", "upstream"]);

export interface OnflexErrorOptions {
  retryable?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class OnflexError extends Error {
  override readonly name = "OnflexError";
  readonly code: OnflexErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: OnflexErrorCode, message: string, options: OnflexErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.details = options.details ?? {};
  }

  /** A plain object safe to persist, log or post across a window boundary. */
  toJSON(): SerializedOnflexError {
    return { code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }

  static fromJSON(value: SerializedOnflexError): OnflexError {
    return new OnflexError(value.code, value.message, { retryable: value.retryable, details: value.details });
  }
}

export interface SerializedOnflexError {
  code: OnflexErrorCode;
  message: string;
  retryable: boolean;
  details: Record<string, unknown>;
}

export function isOnflexError(value: unknown): value is OnflexError {
  return value instanceof OnflexError;
}

/** Turns anything thrown into an OnflexError, so callers handle one shape. */
export function toOnflexError(value: unknown): OnflexError {
  if (value instanceof OnflexError) return value;
  if (value instanceof Error && value.name === "AbortError") {
    return new OnflexError("network", "The request was cancelled.", { retryable: true, cause: value });
  }
  const message = value instanceof Error ? value.message : "Something went wrong.";
  return new OnflexError("network", message, { cause: value });
}

/** The error a cancelled call rejects with: the signal's own OnflexError reason when it has one. */
export function abortedError(signal?: AbortSignal): OnflexError {
  const reason: unknown = signal?.reason;
  if (reason instanceof OnflexError) return reason;
  if (reason instanceof Error && reason.name === "TimeoutError") {
    return new OnflexError("timeout", "The request took too long.", { cause: reason });
  }
  // Nobody is waiting for the answer any more, so there is nothing to retry.
  return new OnflexError("network", "The request was cancelled.", { retryable: false, details: { aborted: true }, cause: reason });
}

/** True for the error a cancelled call rejects with. */
export function isAbortedError(value: unknown): boolean {
  return value instanceof OnflexError && value.details["aborted"] === true;
}

/** The parts of a schema issue worth sending to a client: where, what, and the validator's reason. */
export interface ValidationIssue {
  path: string;
  message: string;
  reason?: string;
}

interface SchemaIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly params?: Record<string, unknown>;
}

/** An OnflexError("validation") listing every issue, so a form can point at each bad field. */
export function validationError(issues: readonly SchemaIssueLike[], message = "Some of the details are not valid."): OnflexError {
  const list: ValidationIssue[] = issues.map((issue) => {
    const reason = issue.params?.["reason"];
    const item: ValidationIssue = { path: issue.path.map(String).join("."), message: issue.message };
    if (typeof reason === "string") item.reason = reason;
    return item;
  });
  const first = list[0];
  return new OnflexError("validation", first ? `${message} ${first.path ? `${first.path}: ` : ""}${first.message}` : message, {
    details: { issues: list },
  });
}
