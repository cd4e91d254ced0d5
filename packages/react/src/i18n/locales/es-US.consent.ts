import type { enGBConsent } from "./en-GB.consent.js";

/** El paso del consentimiento. */
export const esUSConsent = {
  "consent.heading": "Lea y acepte los términos",
  "consent.loading": "Cargando los términos…",
  "consent.version": "Versión {version}",
  "consent.agree": "Leí y acepto estos términos",
  "consent.accept": "Aceptar",
  "consent.decline": "Rechazar",
  "consent.mustAgree": "Marque la casilla para confirmar que acepta, o elija Rechazar.",
  "consent.recording": "Registrando su aceptación…",
  "consent.recorded.heading": "Aceptación registrada",
  "consent.recorded.body": "Registramos su aceptación de la versión {version} el {date}.",
  "consent.declined.heading": "Rechazó los términos",
  "consent.declined.body": "No registramos ninguna aceptación. Si cambia de opinión, puede inscribirse más tarde.",
  "consent.error.heading": "No pudimos registrar su aceptación",
  "consent.loadError.heading": "No pudimos cargar los términos",
} as const satisfies Record<keyof typeof enGBConsent, string>;
