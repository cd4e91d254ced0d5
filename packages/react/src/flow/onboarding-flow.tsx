import type { JourneyCurrentStep, JourneyView } from "@onflex/machines";
import { Suspense, useEffect, useMemo, useState, type ReactNode } from "react";
import { Button, ErrorAlert, HeadingFocusScope, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage, propositionName } from "../shared/messages.js";
import type { DraftStore } from "../step/drafts.js";
import { StepContext, type StepContextValue } from "../step/step.context.js";
import { StepFrame } from "../step/step-frame.js";
import { StepSkeleton } from "../step/step-skeleton.js";
import type { OutcomeComponents, OutcomeEntry, StepComponents, StepEntry } from "../step/step.types.js";
import { useJourney, type UseJourneyOptions } from "./journey.hooks.js";
import { mergeOutcomes, mergeSteps, onflexOutcomes, onflexSteps } from "./steps.registry.js";

export interface OnboardingFlowProps extends UseJourneyOptions {
  /** Step components by flow id, over Onflex's (add a host step's, or replace one of Onflex's). */
  steps?: StepComponents;
  /** Screens for a blocked journey by reason (e.g. "ineligible"), over Onflex's. */
  outcomes?: OutcomeComponents;
}

/**
 * The whole journey: progress, Back, and the current step from the step registry (each step's
 * code loaded when the journey comes near it). Saves to `persistence` and resumes on mount.
 */
export function OnboardingFlow({ steps, outcomes, ...options }: OnboardingFlowProps) {
  const { view, restoreFailure, dismissRestoreFailure, drafts } = useJourney(options);
  const { t } = useI18n();
  const stepRegistry = useMemo(() => mergeSteps(onflexSteps, steps), [steps]);
  const outcomeRegistry = useMemo(() => mergeOutcomes(onflexOutcomes, outcomes), [outcomes]);
  usePrefetch(view, stepRegistry);

  return (
    <HeadingFocusScope>
      <div {...view.getRootProps()} className="onflex-flow">
        {restoreFailure ? (
          <div className="onflex-notice" data-part="restore-failed" data-reason={restoreFailure}>
            <p role="alert">{t("flow.restoreFailed")}</p>
            <Button variant="link" onClick={dismissRestoreFailure}>
              {t("common.dismiss")}
            </Button>
          </div>
        ) : null}
        <Progress view={view} />
        {view.canGoBack ? (
          <div className="onflex-actions">
            <Button variant="link" onClick={view.back} data-part="back">
              <span aria-hidden="true">← </span>
              {t("flow.back")}
            </Button>
          </div>
        ) : null}
        <CurrentScreen view={view} steps={stepRegistry} outcomes={outcomeRegistry} drafts={drafts} />
      </div>
    </HeadingFocusScope>
  );
}

/** Fetches the code of the steps coming next while the user is busy with this one. */
function usePrefetch(view: JourneyView, steps: Readonly<Record<string, StepEntry>>) {
  const upcoming: string[] = [];
  const position = view.steps.findIndex((step) => step.status === "current");
  // The next step, and any step before it that may show up at once (a background check still running).
  for (const step of view.steps.slice(position + 1)) {
    if (step.status !== "upcoming") continue;
    upcoming.push(step.flow);
    if (upcoming.length >= 2) break;
  }
  const key = upcoming.join(" ");
  const currentFlow = view.current?.flow;
  useEffect(() => {
    // Only once the current step's own code is in and the page is idle: the step the user
    // is looking at must not wait behind the ones after it.
    let cancelled = false;
    let idle: number | undefined;
    const prefetch = () => {
      for (const flow of key.split(" ")) if (flow) steps[flow]?.load?.().catch(() => undefined);
    };
    const whenIdle = () => {
      if (cancelled) return;
      idle = typeof requestIdleCallback === "function" ? requestIdleCallback(prefetch, { timeout: 3000 }) : window.setTimeout(prefetch, 200);
    };
    const current = currentFlow ? steps[currentFlow]?.load?.() : undefined;
    if (current) current.then(whenIdle, whenIdle);
    else whenIdle();
    return () => {
      cancelled = true;
      if (idle !== undefined) (typeof cancelIdleCallback === "function" ? cancelIdleCallback : clearTimeout)(idle);
    };
  }, [key, steps, currentFlow]);
}

/** A step's own label (`progress.step.<label>`) when it has one the catalogue knows, else its flow's name. */
function stepLabel(i18n: ReturnType<typeof useI18n>, step: { id: string; flow: string; label?: string }) {
  return (step.label ? i18n.tryT(`progress.step.${step.label}`) : undefined) ?? i18n.tryT(`flow.step.${step.flow}`) ?? step.id;
}

function Progress({ view }: { view: JourneyView }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (view.isComplete || view.isExited || view.steps.length === 0) return null;
  const current = view.index + 1;
  return (
    <nav aria-label={t("flow.progress")} data-part="progress">
      <p className="onflex-muted onflex-progress-status" data-part="progress-status">
        {view.total === null ? t("flow.progress.step", { current }) : t("flow.progress.status", { current, total: view.total })}
      </p>
      <ol className="onflex-progress">
        {view.steps.map((step) => (
          <li key={step.id} {...view.getStepProps(step.id)} data-status={step.status}>
            {stepLabel(i18n, step)}
            {step.status === "complete" ? <span className="onflex-visually-hidden"> ({t("flow.progress.done")})</span> : null}
            {step.status === "skipped" ? <span className="onflex-progress-note"> ({t("flow.progress.skipped")})</span> : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

interface ScreenProps {
  view: JourneyView;
  steps: Readonly<Record<string, StepEntry>>;
  outcomes: Readonly<Record<string, OutcomeEntry>>;
  drafts: DraftStore | null;
}

function CurrentScreen({ view, steps, outcomes, drafts }: ScreenProps) {
  const current = view.current;
  // A run of a step is one actor: a new run (after Back, or a retry) mounts a fresh step, heading focus included.
  const run = current ? `${current.stepId}:${current.ref.sessionId}` : null;
  // What may arrive after its code loads: a step run, or the blocked screen.
  const lazyScreen = run ?? (view.blocked ? `blocked:${view.blocked.stepId}:${view.blocked.reason}` : null);
  // The first of these to appear after mounting counts as page load: its heading does not take focus.
  const [firstScreen, setFirstScreen] = useState(lazyScreen);
  if (firstScreen === null && lazyScreen !== null) setFirstScreen(lazyScreen);
  const isolate = firstScreen === null || firstScreen === lazyScreen;

  if (current && run) {
    const entry = steps[current.flow];
    if (!entry) return <MissingStep view={view} />;
    return <StepSlot key={run} current={current} entry={entry} facts={view.facts} drafts={drafts} isolate={isolate} />;
  }
  switch (view.screen) {
    case "loading":
    case "step":
      return <StepSkeleton />;
    case "blocked":
      return <Blocked view={view} outcomes={outcomes} isolate={isolate} />;
    case "failed":
      return <Failed view={view} />;
    case "complete":
      return <Complete view={view} />;
    case "exited":
      return <Exited view={view} />;
  }
}

/** One entry's component: the loaded one at once, or the lazy one behind a skeleton. */
function useEntryComponent<P>(entry: { component: React.ComponentType<P>; resolved?: () => React.ComponentType<P> | undefined }) {
  // Chosen once per mount, so the component type never changes under a mounted step.
  const [Component] = useState(() => entry.resolved?.() ?? entry.component);
  return Component;
}

function StepSlot({
  current,
  entry,
  facts,
  drafts,
  isolate,
}: {
  current: JourneyCurrentStep;
  entry: StepEntry;
  facts: JourneyView["facts"];
  drafts: DraftStore | null;
  isolate: boolean;
}) {
  const Component = useEntryComponent(entry);
  const context = useMemo<StepContextValue>(
    () => ({ stepId: current.stepId, flow: current.flow, params: current.params, facts, drafts }),
    [current.stepId, current.flow, current.params, facts, drafts],
  );
  return (
    <StepContext.Provider value={context}>
      <Suspense fallback={<StepSkeleton />}>
        <HeadingFocusScope isolate={isolate}>
          <Component actor={current.ref} stepId={current.stepId} flow={current.flow} params={current.params} facts={facts} />
        </HeadingFocusScope>
      </Suspense>
    </StepContext.Provider>
  );
}

function OutcomeSlot({ entry, view, isolate }: { entry: OutcomeEntry; view: JourneyView; isolate: boolean }) {
  const Component = useEntryComponent(entry);
  if (!view.blocked) return null;
  return (
    <Suspense fallback={<StepSkeleton />}>
      <HeadingFocusScope isolate={isolate}>
        <Component blocked={view.blocked} canGoBack={view.canGoBack} back={view.back} exit={view.exit} />
      </HeadingFocusScope>
    </Suspense>
  );
}

function JourneyScreen({ part, state, children }: { part: string; state?: string; children: ReactNode }) {
  return <StepFrame rootProps={{ "data-scope": "journey", "data-part": part, "data-state": state ?? part }}>{children}</StepFrame>;
}

function Blocked({ view, outcomes, isolate }: { view: JourneyView; outcomes: ScreenProps["outcomes"]; isolate: boolean }) {
  const { t } = useI18n();
  const blocked = view.blocked;
  const entry = blocked ? outcomes[blocked.reason] : undefined;
  if (blocked && entry) return <OutcomeSlot key={`${blocked.stepId}:${blocked.reason}`} entry={entry} view={view} isolate={isolate} />;
  return (
    <JourneyScreen part="blocked" state={blocked?.reason}>
      <StepHeading viewKey="blocked">{t("flow.blocked.heading")}</StepHeading>
      <p>{t("flow.blocked.body")}</p>
      <div className="onflex-actions">
        <Button variant="secondary" onClick={view.exit}>
          {t("eligibility.exit")}
        </Button>
      </div>
    </JourneyScreen>
  );
}

function Failed({ view }: { view: JourneyView }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <JourneyScreen part="failed" state={view.error?.code}>
      <StepHeading viewKey="failed">{t("flow.error.heading")}</StepHeading>
      <ErrorAlert
        actions={
          <>
            {view.canRetry ? <Button onClick={view.retry}>{t("common.retry")}</Button> : null}
            <Button variant="secondary" onClick={view.exit}>
              {t("eligibility.exit")}
            </Button>
          </>
        }
      >
        {errorMessage(i18n, view.error)}
      </ErrorAlert>
    </JourneyScreen>
  );
}

/** A step whose flow has no component here (a host flow registered without one). */
function MissingStep({ view }: { view: JourneyView }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <JourneyScreen part="missing-step" state={view.flow ?? undefined}>
      <StepHeading viewKey="missing-step">{t("flow.error.heading")}</StepHeading>
      <ErrorAlert
        actions={
          <Button variant="secondary" onClick={view.exit}>
            {t("eligibility.exit")}
          </Button>
        }
      >
        {errorMessage(i18n, { code: "unsupported_step" })}
      </ErrorAlert>
    </JourneyScreen>
  );
}

function Complete({ view }: { view: JourneyView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const consent = view.completion?.facts.consent;
  return (
    <JourneyScreen part="complete">
      <StepHeading viewKey="complete">{t("flow.complete.heading")}</StepHeading>
      <p className="onflex-success">
        {consent
          ? t("flow.complete.body", { proposition: propositionName(i18n, consent.proposition), date: i18n.formatDate(consent.givenAt) })
          : t("flow.complete.bodyNoConsent")}
      </p>
    </JourneyScreen>
  );
}

function Exited({ view }: { view: JourneyView }) {
  const { t } = useI18n();
  const reason = view.exitInfo?.reason;
  const declined = reason === "declined";
  return (
    <JourneyScreen part="exited" state={reason}>
      <StepHeading viewKey="exited">{declined ? t("consent.declined.heading") : t("flow.exited.heading")}</StepHeading>
      <p>{declined ? t("consent.declined.body") : t("flow.exited.body")}</p>
    </JourneyScreen>
  );
}
