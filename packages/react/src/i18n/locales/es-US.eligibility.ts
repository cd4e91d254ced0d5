import type { enGBEligibility } from "./en-GB.eligibility.js";

/** El paso de la elegibilidad, sus resultados y las propuestas que nombra (nombres de producto). */
export const esUSEligibility = {
  "proposition.full_asset_schedule_control": "Smart Charging",
  "proposition.limited_pause": "Flex Lite",
  "eligibility.heading": "Comprobando su elegibilidad",
  "eligibility.checking": "Comprobando para qué programas califica su hogar…",
  "eligibility.results.heading": "Su elegibilidad",
  "eligibility.eligible.heading": "Buenas noticias: usted es elegible",
  "eligibility.ineligible.heading": "No es elegible para {proposition}",
  "eligibility.ineligible.body": "Puede cambiar su dirección o salir de la inscripción por ahora.",
  "eligibility.status.eligible": "Elegible",
  "eligibility.status.ineligible": "No elegible",
  "eligibility.reasons": "Motivos",
  "eligibility.checkedAt": "Comprobado el {date}.",
  "eligibility.error.heading": "No pudimos comprobar su elegibilidad",
  "eligibility.changeAddress": "Cambiar la dirección",
  "eligibility.exit": "Salir de la inscripción",
  "eligibility.issue.asset_model_not_set": "Necesitamos saber el modelo de su cargador para comprobarlo.",
  "eligibility.issue.asset_model_not_found": "No reconocemos el modelo de su cargador.",
  "eligibility.issue.asset_model_not_cop11_qualified": "El modelo de su cargador no está certificado para el control inteligente (COP11).",
  "eligibility.issue.asset_installation_date_not_set": "Necesitamos saber cuándo se instaló su dispositivo.",
  "eligibility.issue.asset_model_enrol_eligibility_override": "El modelo de su dispositivo no puede inscribirse en este programa por el momento.",
  "eligibility.issue.non_domestic_site": "Este medidor está registrado a nombre de una empresa, no de un hogar.",
  "eligibility.issue.not_market_qualified": "Su medidor todavía no envía lecturas cada media hora, que este programa necesita. Un medidor inteligente podría resolverlo.",
  "eligibility.issue.unknown": "Un motivo que no podemos mostrar aquí ({code}).",
} as const satisfies Record<keyof typeof enGBEligibility, string>;
