import { OnflexError, type OnflexErrorCode } from "@onflex/core";

/** The HTTP status each error code travels as; the HTTP adapter maps it back from the body. */
export const STATUS_BY_CODE: Record<OnflexErrorCode, 400 | 401 | 404 | 409 | 429 | 502 | 503 | 504> = {
  validation: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  upstream: 502,
  invalid_response: 502,
  network: 503,
  timeout: 504,
};

export interface ErrorBodyJson {
  error: { code: OnflexErrorCode; message: string; details: Record<string, unknown> };
}

/** Onflex's error body. Only OnflexError's own fields go out: never a stack or a cause. */
export function errorBody(error: OnflexError): ErrorBodyJson {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

export function unexpectedError(): OnflexError {
  return new OnflexError("upstream", "Something went wrong on our side. Please try again.", { retryable: true });
}
