import { useEffect } from "react";

/**
 * While a flow waits for the user to finish something elsewhere (a maker's sign-in, the Tesla
 * app), its checks pause when the page is hidden and resume, with one check at once, when it is
 * shown again: a hidden tab should not poll. Tells the flow through its view's commands, once
 * as the step mounts too.
 */
export function usePauseWhileHidden({ waiting, pageHidden, pageVisible }: { waiting: boolean; pageHidden: () => void; pageVisible: () => void }) {
  useEffect(() => {
    if (!waiting || typeof document === "undefined") return;
    const sync = () => (document.hidden ? pageHidden() : pageVisible());
    // Both ways at mount: a journey restored while paused (saved when the page was hidden behind
    // the other window) checks at once on a visible page, instead of waiting for a visibility
    // change that will not come.
    sync();
    document.addEventListener("visibilitychange", sync);
    return () => document.removeEventListener("visibilitychange", sync);
    // The commands are stable in effect (they only send); re-subscribing on each render is not needed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [waiting]);
}
