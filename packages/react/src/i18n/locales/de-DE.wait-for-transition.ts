import type { enGBWaitForTransition } from "./en-GB.wait-for-transition.js";

/** Ein Schritt, den der Server selbst abschließt: warten, bis der Tarif oder das Gerät bereit ist. */
export const deDEWaitForTransition = {
  "waitForTransition.TARIFF_SWITCH.heading": "Sie werden auf Ihren neuen Tarif umgestellt",
  "waitForTransition.TARIFF_SWITCH.body": "Ihre Testladung war erfolgreich, daher stellt Ihr Anbieter Sie jetzt auf den neuen Tarif um. Das dauert meist nur wenige Minuten.",
  "waitForTransition.TARIFF_SWITCH.done": "Ihr neuer Tarif ist bestätigt",
  "waitForTransition.DEVICE_LIVE.heading": "Ihr Gerät wird fertig eingerichtet",
  "waitForTransition.DEVICE_LIVE.body": "Wir führen die letzten Prüfungen durch, damit wir Ihr Laden steuern können. Das dauert meist ein bis zwei Minuten.",
  "waitForTransition.DEVICE_LIVE.done": "Ihr Gerät ist bereit",
  "waitForTransition.comeBack": "Sie müssen nicht auf dieser Seite bleiben: Schließen Sie sie ruhig, wir machen hier weiter, wenn Sie zurückkommen.",
  "waitForTransition.longWait.title": "Das dauert länger als üblich",
  "waitForTransition.longWait.body": "Sie müssen nichts tun. Sie können diese Seite schließen und später zurückkommen: Wir machen dann hier weiter.",
  "waitForTransition.check": "Jetzt prüfen",
  "waitForTransition.checking": "Wird geprüft …",
  "waitForTransition.waiting.status": "Wir warten noch und prüfen gleich erneut.",
  "waitForTransition.exit": "Anmeldung verlassen",
  "waitForTransition.failed.heading": "Wir konnten den Stand nicht prüfen",
  "waitForTransition.done.body": "Weiter zum nächsten Schritt …",
} as const satisfies Record<keyof typeof enGBWaitForTransition, string>;
