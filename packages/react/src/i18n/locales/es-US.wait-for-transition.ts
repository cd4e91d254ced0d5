import type { enGBWaitForTransition } from "./en-GB.wait-for-transition.js";

/** Un paso que el servidor completa por sí solo: esperar a que la tarifa o el dispositivo estén listos. */
export const esUSWaitForTransition = {
  "waitForTransition.TARIFF_SWITCH.heading": "Estamos cambiando su tarifa",
  "waitForTransition.TARIFF_SWITCH.body": "Su carga de prueba fue exitosa, así que su proveedor lo está cambiando a la nueva tarifa. Esto suele tardar unos minutos.",
  "waitForTransition.TARIFF_SWITCH.done": "Su nueva tarifa está confirmada",
  "waitForTransition.DEVICE_LIVE.heading": "Terminando de configurar su dispositivo",
  "waitForTransition.DEVICE_LIVE.body": "Estamos haciendo las últimas verificaciones para poder administrar su carga. Esto suele tardar uno o dos minutos.",
  "waitForTransition.DEVICE_LIVE.done": "Su dispositivo está listo",
  "waitForTransition.comeBack": "No necesita quedarse en esta página: puede cerrarla y continuaremos aquí cuando vuelva.",
  "waitForTransition.longWait.title": "Esto está tardando más de lo normal",
  "waitForTransition.longWait.body": "Usted no tiene que hacer nada. Puede cerrar esta página y volver más tarde: continuaremos desde aquí.",
  "waitForTransition.check": "Verificar ahora",
  "waitForTransition.checking": "Verificando…",
  "waitForTransition.waiting.status": "Seguimos esperando. Volveremos a verificar en breve.",
  "waitForTransition.exit": "Salir de la inscripción",
  "waitForTransition.failed.heading": "No pudimos verificar cómo va todo",
  "waitForTransition.done.body": "Pasando al siguiente paso…",
} as const satisfies Record<keyof typeof enGBWaitForTransition, string>;
