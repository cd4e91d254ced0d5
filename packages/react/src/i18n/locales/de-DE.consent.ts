import type { enGBConsent } from "./en-GB.consent.js";

/** Der Schritt zur Zustimmung. */
export const deDEConsent = {
  "consent.heading": "Bedingungen lesen und zustimmen",
  "consent.loading": "Die Bedingungen werden geladen …",
  "consent.version": "Version {version}",
  "consent.agree": "Ich habe diese Bedingungen gelesen und stimme ihnen zu",
  "consent.accept": "Zustimmen",
  "consent.decline": "Ablehnen",
  "consent.mustAgree": "Setzen Sie das Häkchen, um Ihre Zustimmung zu bestätigen, oder wählen Sie „Ablehnen“.",
  "consent.recording": "Ihre Zustimmung wird gespeichert …",
  "consent.recorded.heading": "Zustimmung gespeichert",
  "consent.recorded.body": "Wir haben Ihre Zustimmung zu Version {version} am {date} gespeichert.",
  "consent.declined.heading": "Sie haben die Bedingungen abgelehnt",
  "consent.declined.body": "Wir haben keine Zustimmung gespeichert. Sie können sich später anmelden, wenn Sie es sich anders überlegen.",
  "consent.error.heading": "Wir konnten Ihre Zustimmung nicht speichern",
  "consent.loadError.heading": "Wir konnten die Bedingungen nicht laden",
} as const satisfies Record<keyof typeof enGBConsent, string>;
