import type { OnflexErrorCode } from "../errors.js";

/** How an HTTP status reads as an Onflex error code (for answers without a readable error body). */
export function errorCodeForStatus(status: number): OnflexErrorCode {
  if (status === 400 || status === 422) return "validation";
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  if (status === 408) return "timeout";
  return status >= 500 ? "upstream" : "invalid_response";
}

/** The status a server answers with for each error code. */
export const STATUS_FOR_ERROR_CODE: Record<OnflexErrorCode, number> = {
  validation: 422,
  unsupported_step: 422,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  upstream: 502,
  invalid_response: 502,
  network: 503,
  timeout: 504,
};

/** Statuses a safe call may repeat: the next attempt can well succeed. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
