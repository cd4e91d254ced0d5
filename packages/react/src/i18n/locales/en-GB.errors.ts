/** One message per error code. */
export const enGBErrors = {
  "error.network": "We couldn't connect. Check your internet connection and try again.",
  "error.timeout": "This is taking longer than it should. Please try again.",
  "error.invalid_response": "We received an answer we couldn't read. Please try again.",
  "error.validation": "Some of the details weren't accepted. Check them and try again.",
  "error.unauthorized": "Your session has ended. Please start again.",
  "error.not_found": "We couldn't find what we were looking for.",
  "error.conflict": "Something changed while you were signing up. Please try again.",
  "error.rate_limited": "There have been too many attempts. Wait a moment, then try again.",
  "error.upstream": "A service we rely on isn't answering right now. Please try again.",
  "error.unsupported_step": "This part of sign-up isn't available in this app yet. Please try again later.",
  "error.unknown": "Something went wrong. Please try again.",
} as const;
