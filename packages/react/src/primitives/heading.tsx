import { createContext, useContext, useEffect, useRef, type ReactNode, type RefObject } from "react";

/**
 * Set by <OnboardingFlow> once its first step has rendered: from then on a newly mounted
 * step takes focus, while a step rendered on page load leaves focus where the host put it.
 */
export const HeadingFocusContext = createContext<RefObject<boolean> | null>(null);

/**
 * Moves focus to the heading whenever `viewKey` changes (a new state of a step, or a new
 * step), so keyboard and screen-reader users land on what just appeared.
 */
export function useHeadingFocus(viewKey: string) {
  const ref = useRef<HTMLHeadingElement>(null);
  const shown = useRef<string | null>(null);
  const focusOnMount = useContext(HeadingFocusContext);
  useEffect(() => {
    if (shown.current === viewKey) return;
    const isFirst = shown.current === null;
    shown.current = viewKey;
    if (isFirst && !focusOnMount?.current) return;
    ref.current?.focus();
  }, [viewKey, focusOnMount]);
  return ref;
}

export function StepHeading({ viewKey, children }: { viewKey: string; children: ReactNode }) {
  const ref = useHeadingFocus(viewKey);
  return (
    <h2 ref={ref} tabIndex={-1} className="onflex-heading" data-part="heading">
      {children}
    </h2>
  );
}
