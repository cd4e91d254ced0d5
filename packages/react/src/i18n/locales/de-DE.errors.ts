import type { enGBErrors } from "./en-GB.errors.js";

/** Eine Meldung je Fehlercode. */
export const deDEErrors = {
  "error.network": "Wir konnten keine Verbindung herstellen. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.",
  "error.timeout": "Das dauert länger als vorgesehen. Bitte versuchen Sie es erneut.",
  "error.invalid_response": "Wir haben eine Antwort erhalten, die wir nicht lesen konnten. Bitte versuchen Sie es erneut.",
  "error.validation": "Einige Angaben wurden nicht akzeptiert. Prüfen Sie sie und versuchen Sie es erneut.",
  "error.unauthorized": "Ihre Sitzung ist abgelaufen. Bitte beginnen Sie von vorn.",
  "error.not_found": "Wir konnten nicht finden, wonach wir gesucht haben.",
  "error.conflict": "Während Ihrer Anmeldung hat sich etwas geändert. Bitte versuchen Sie es erneut.",
  "error.rate_limited": "Es gab zu viele Versuche. Warten Sie einen Moment und versuchen Sie es dann erneut.",
  "error.upstream": "Ein Dienst, den wir benötigen, antwortet gerade nicht. Bitte versuchen Sie es erneut.",
  "error.unsupported_step": "Dieser Teil der Anmeldung ist in dieser App noch nicht verfügbar. Bitte versuchen Sie es später erneut.",
  "error.unknown": "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
} as const satisfies Record<keyof typeof enGBErrors, string>;
