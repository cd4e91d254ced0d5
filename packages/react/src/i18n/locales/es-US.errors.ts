import type { enGBErrors } from "./en-GB.errors.js";

/** Un mensaje por código de error. */
export const esUSErrors = {
  "error.network": "No pudimos conectarnos. Revise su conexión a internet e inténtelo de nuevo.",
  "error.timeout": "Esto está tardando más de lo normal. Inténtelo de nuevo.",
  "error.invalid_response": "Recibimos una respuesta que no pudimos leer. Inténtelo de nuevo.",
  "error.validation": "No se aceptaron algunos de los datos. Revíselos e inténtelo de nuevo.",
  "error.unauthorized": "Su sesión terminó. Vuelva a empezar.",
  "error.not_found": "No pudimos encontrar lo que buscábamos.",
  "error.conflict": "Algo cambió mientras se inscribía. Inténtelo de nuevo.",
  "error.rate_limited": "Hubo demasiados intentos. Espere un momento y vuelva a intentarlo.",
  "error.upstream": "Un servicio del que dependemos no responde en este momento. Inténtelo de nuevo.",
  "error.unsupported_step": "Esta parte de la inscripción todavía no está disponible en esta aplicación. Inténtelo de nuevo más tarde.",
  "error.unknown": "Algo salió mal. Inténtelo de nuevo.",
} as const satisfies Record<keyof typeof enGBErrors, string>;
