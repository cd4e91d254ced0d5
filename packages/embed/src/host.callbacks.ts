import type { PortalCompletion, PortalExit, PortalHostEvent, PortalMessage, PortalOpenExternalEvent, PortalStepEvent } from "./protocol.types.js";

/**
 * What a host hears from the portal, with the names `<OnboardingFlow>` uses (`onEvent`,
 * `onStepChange`, `onComplete`, `onExit`), plus the portal's own `onReady` and `onResize`,
 * and `onOpenExternal` for the page the portal asks the host to open.
 */
export interface PortalCallbacks {
  /**
   * `step`, `error`, `open_external` and `notice` events, shaped like `<OnboardingFlow onEvent>`'s.
   * A `notice` is a flow's word for its host: narrow by `flow`, e.g. `"enrollment"` and
   * `"manageEnrollment"`'s `{ change, enrollmentId, programId, eventId?, percentage? }`.
   */
  onEvent?(event: PortalHostEvent): void;
  /** Shorthand for `onEvent` events of type "step". */
  onStepChange?(step: PortalStepEvent): void;
  /** The journey completed: its id, every fact it gathered (the consent record…) and its steps. */
  onComplete?(completion: PortalCompletion): void;
  /**
   * The journey ended without completing: `user_closed`, `declined`, `blocked`, `failed`,
   * `cancelled` or `unenrolled`; `unknown` (with `unknownReason`) for a reason a later portal added.
   */
  onExit?(exit: PortalExit): void;
  /** The portal has loaded its session and speaks the protocol. */
  onReady?(ready: { siteId: string }): void;
  /** The portal's content height in CSS pixels (`mountPortal` already sizes the iframe). */
  onResize?(resize: { height: number }): void;
  /**
   * The portal asks the host to open `url` (https) outside it, e.g. a device maker's sign-in.
   * In a WebView, open it in the system browser and `resume()` the portal when the user comes
   * back. In an iframe the portal has already opened it as a popup from the user's click
   * (a host could not: the click's user activation stays in the frame), so this is a notice.
   */
  onOpenExternal?(request: Omit<PortalOpenExternalEvent, "type">): void;
  /** Every accepted message, envelope included: for logging. */
  onMessage?(message: PortalMessage): void;
}

/**
 * Hands a parsed portal message to the callbacks it is for. `mountPortal` does this; a
 * React Native or other native host calls it after `parsePortalMessage`.
 */
export function dispatchPortalMessage(message: PortalMessage, callbacks: PortalCallbacks): void {
  callbacks.onMessage?.(message);
  switch (message.type) {
    case "ready":
      callbacks.onReady?.(message.payload);
      return;
    case "resize":
      callbacks.onResize?.(message.payload);
      return;
    case "step": {
      const event: PortalStepEvent = { type: "step", ...message.payload };
      callbacks.onEvent?.(event);
      callbacks.onStepChange?.(event);
      return;
    }
    case "error":
      callbacks.onEvent?.({ type: "error", ...message.payload });
      return;
    case "open_external":
      callbacks.onEvent?.({ type: "open_external", ...message.payload });
      callbacks.onOpenExternal?.(message.payload);
      return;
    case "notice":
      callbacks.onEvent?.({ type: "notice", ...message.payload });
      return;
    case "completed":
      callbacks.onComplete?.(message.payload.output);
      return;
    case "exit":
      callbacks.onExit?.(message.payload);
      return;
  }
}
