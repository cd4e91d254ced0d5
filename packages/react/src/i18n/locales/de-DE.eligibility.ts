import type { enGBEligibility } from "./en-GB.eligibility.js";

/** Der Schritt zu den Teilnahmevoraussetzungen, seine Ergebnisse und die Angebote, die er nennt. */
export const deDEEligibility = {
  "proposition.full_asset_schedule_control": "Smart Charging",
  "proposition.limited_pause": "Flex Lite",
  "eligibility.heading": "Ihre Teilnahmevoraussetzungen werden geprüft",
  "eligibility.checking": "Wir prüfen, für welche Programme Ihr Zuhause infrage kommt …",
  "eligibility.results.heading": "Ihre Teilnahmevoraussetzungen",
  "eligibility.eligible.heading": "Gute Nachricht: Sie können teilnehmen",
  "eligibility.ineligible.heading": "Sie können nicht an {proposition} teilnehmen",
  "eligibility.ineligible.body": "Sie können Ihre Adresse ändern oder die Anmeldung vorerst verlassen.",
  "eligibility.status.eligible": "Teilnahme möglich",
  "eligibility.status.ineligible": "Teilnahme nicht möglich",
  "eligibility.reasons": "Gründe",
  "eligibility.checkedAt": "Geprüft am {date}.",
  "eligibility.error.heading": "Wir konnten Ihre Teilnahmevoraussetzungen nicht prüfen",
  "eligibility.changeAddress": "Adresse ändern",
  "eligibility.exit": "Anmeldung verlassen",
  "eligibility.issue.asset_model_not_set": "Für diese Prüfung brauchen wir das Modell Ihrer Wallbox.",
  "eligibility.issue.asset_model_not_found": "Wir kennen das Modell Ihrer Wallbox nicht.",
  "eligibility.issue.asset_model_not_cop11_qualified": "Das Modell Ihrer Wallbox ist nicht für die intelligente Steuerung (COP11) zertifiziert.",
  "eligibility.issue.asset_installation_date_not_set": "Wir müssen wissen, wann Ihr Gerät installiert wurde.",
  "eligibility.issue.asset_model_enrol_eligibility_override": "Ihr Gerätemodell kann derzeit nicht an diesem Programm teilnehmen.",
  "eligibility.issue.non_domestic_site": "Dieser Zähler ist auf ein Unternehmen angemeldet, nicht auf einen Privathaushalt.",
  "eligibility.issue.not_market_qualified": "Ihr Zähler übermittelt noch keine halbstündlichen Messwerte, die dieses Programm braucht. Ein Smart Meter kann das ändern.",
  "eligibility.issue.unknown": "Ein Grund, den wir hier nicht anzeigen können ({code}).",
} as const satisfies Record<keyof typeof enGBEligibility, string>;
