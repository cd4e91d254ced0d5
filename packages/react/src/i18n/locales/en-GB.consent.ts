/** The consent step. */
export const enGBConsent = {
  "consent.heading": "Read and agree to the terms",
  "consent.loading": "Loading the terms…",
  "consent.version": "Version {version}",
  "consent.agree": "I have read and agree to these terms",
  "consent.accept": "Accept",
  "consent.decline": "Decline",
  "consent.mustAgree": "Tick the box to confirm you agree, or choose Decline.",
  "consent.recording": "Recording your agreement…",
  "consent.recorded.heading": "Agreement recorded",
  "consent.recorded.body": "We recorded your agreement to version {version} on {date}.",
  "consent.declined.heading": "You declined the terms",
  "consent.declined.body": "We haven't recorded any agreement. You can sign up later if you change your mind.",
  "consent.error.heading": "We couldn't record your agreement",
  "consent.loadError.heading": "We couldn't load the terms",
} as const;
