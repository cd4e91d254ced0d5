import type { PartProps } from "@onflex/machines";
import type { ReactNode } from "react";
import { HeadingFocusScope } from "../primitives/heading.js";
import { LiveStatus } from "../primitives/status.js";

export interface StepFrameProps {
  /** The flow view's `getRootProps()` (data-scope, data-part, data-state). */
  rootProps: PartProps;
  /** A request is in flight: the section is aria-busy and the status shows a spinner. */
  busy?: boolean;
  /** What is happening, announced politely (e.g. "Searching for addresses…"). */
  status?: string | undefined;
  children: ReactNode;
}

/**
 * What every step shares: focus moves to each new heading (not on page load), the section is
 * busy while a request runs, and a live region that already exists announces progress.
 */
export function StepFrame({ rootProps, busy = false, status, children }: StepFrameProps) {
  return (
    <HeadingFocusScope>
      <section {...rootProps} className="onflex-step" aria-busy={busy || undefined}>
        {children}
        <LiveStatus message={status} busy={busy} />
      </section>
    </HeadingFocusScope>
  );
}
