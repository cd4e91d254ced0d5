import type { ReactNode } from "react";
import { Button, ErrorAlert, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";

export interface StepFailureProps {
  /** The view's step: a new one moves focus to the heading. */
  viewKey: string;
  heading: string;
  /** What went wrong and what to do, in the alert. */
  children: ReactNode;
  onRetry: () => void;
  retryDisabled?: boolean;
  /** The way out: its label (the flow's own words) and what it does. */
  exitLabel: string;
  onExit: () => void;
  exitDisabled?: boolean;
}

/** A step's failure screen: its heading, the alert, Try again and the flow's way out. */
export function StepFailure({ viewKey, heading, children, onRetry, retryDisabled = false, exitLabel, onExit, exitDisabled = false }: StepFailureProps) {
  const { t } = useI18n();
  return (
    <>
      <StepHeading viewKey={viewKey}>{heading}</StepHeading>
      <ErrorAlert
        actions={
          <>
            <Button onClick={onRetry} disabled={retryDisabled}>
              {t("common.retry")}
            </Button>
            <Button variant="secondary" onClick={onExit} disabled={exitDisabled}>
              {exitLabel}
            </Button>
          </>
        }
      >
        {children}
      </ErrorAlert>
    </>
  );
}
