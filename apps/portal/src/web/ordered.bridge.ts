import { createPortalMessage, type PortalBridge, type PortalMessageInput } from "@onflex/embed";

/**
 * Holds every message back until `ready` has gone out, then sends them in order. React runs
 * a child's effects before its parent's, so without this the journey's first `step` (and
 * the shell's first `resize`) would reach the host before `ready`. Only the latest held
 * `resize` is kept: the host needs the current height, not the history.
 */
export function createReadyFirstBridge(inner: PortalBridge): PortalBridge {
  let ready = false;
  let held: PortalMessageInput[] = [];
  return {
    transports: () => inner.transports(),
    onHostMessage: (listener) => inner.onHostMessage(listener),
    send(message) {
      if (ready) return inner.send(message);
      if (message.type !== "ready") {
        // Checked now, so a bad message throws at its sender, not when `ready` releases it.
        createPortalMessage(message);
        if (message.type === "resize") held = held.filter((m) => m.type !== "resize");
        held.push(message);
        return [];
      }
      ready = true;
      const used = inner.send(message);
      const pending = held;
      held = [];
      for (const next of pending) inner.send(next);
      return used;
    },
  };
}
