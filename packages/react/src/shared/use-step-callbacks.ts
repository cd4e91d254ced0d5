import { useEffect, useRef } from "react";

/**
 * Calls onComplete / onExit once when a standalone step finishes. The ref keeps a
 * StrictMode effect replay from reporting the same ending twice.
 */
export function useStepCallbacks<T>(
  ending: { done: T | null | undefined; exited: boolean },
  onComplete: ((output: T) => void) | undefined,
  onExit: (() => void) | undefined,
) {
  const reported = useRef(false);
  const { done, exited } = ending;
  useEffect(() => {
    if (reported.current) return;
    if (done) {
      reported.current = true;
      onComplete?.(done);
    } else if (exited) {
      reported.current = true;
      onExit?.();
    }
  }, [done, exited, onComplete, onExit]);
}
