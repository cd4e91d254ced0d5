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
