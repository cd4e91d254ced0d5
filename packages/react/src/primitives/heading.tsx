import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode, type RefObject } from "react";

/**
 * True once the enclosing step or flow has rendered: from then on a newly mounted heading
 * takes focus (the user moved on), while whatever renders on page load leaves focus where
 * the host put it.
 */
export const HeadingFocusContext = createContext<RefObject<boolean> | null>(null);

/**
 * Wraps a step or a flow. Its effect runs after its children's, so headings of the first
 * render see `false`; headings that mount later (a new state, a new step) see `true`.
 */
export function HeadingFocusScope({ children, isolate = false }: { children: ReactNode; /** Ignore the enclosing scope: what renders first here counts as page load (e.g. a journey's first step arriving after its code loaded). */ isolate?: boolean }) {
  const enclosing = useContext(HeadingFocusContext);
  const outer = isolate ? null : enclosing;
  const rendered = useRef(false);
  const value = useMemo<RefObject<boolean>>(
    () => ({
      get current() {
        return rendered.current || Boolean(outer?.current);
      },
    }),
    [outer],
  );
  useEffect(() => {
    rendered.current = true;
  }, []);
  return <HeadingFocusContext.Provider value={value}>{children}</HeadingFocusContext.Provider>;
}

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
