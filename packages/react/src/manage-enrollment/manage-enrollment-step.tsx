import type { Enrollment, ProgramEvent } from "@onflex/core";
import { connectManageEnrollment, manageEnrollmentFlow, type ManagedEventView, type ManageEnrollmentOutput, type ManageEnrollmentView } from "@onflex/machines";
import { useId, useState, type FormEvent } from "react";
import { Button, ErrorAlert, StepHeading, TextField } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { money } from "../enrollment/enrollment.format.js";
import { errorMessage } from "../shared/messages.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import { commitmentDate, eventWindow, reserveText } from "./manage-enrollment.format.js";
import type { ManageEnrollmentActorRef } from "./manage-enrollment.types.js";

export interface ManageEnrollmentStepProps {
  /** A manageEnrollment actor to render (the journey passes its child); without one the step runs its own. */
  actor?: ManageEnrollmentActorRef;
  /** The enrolment to manage, when the step runs its own actor. */
  enrollment?: Enrollment;
  onComplete?: (output: ManageEnrollmentOutput) => void;
  onExit?: () => void;
}

/**
 * Managing an enrolment: a pending one with cancel; an active one's events, each upcoming or
 * in-progress one with opt out and a reserve for that event only; leaving the programme with
 * its commitment and any penalty explained first; rejected and ended ones explained.
 */
export function ManageEnrollmentStep({ actor, enrollment, ...callbacks }: ManageEnrollmentStepProps) {
  if (actor) return <ManageEnrollmentStepView actor={actor} {...callbacks} />;
  return enrollment ? <StandaloneManageEnrollmentStep enrollment={enrollment} {...callbacks} /> : null;
}

function StandaloneManageEnrollmentStep({ enrollment, ...callbacks }: Omit<ManageEnrollmentStepProps, "actor"> & { enrollment: Enrollment }) {
  const actor = useFlowActor(manageEnrollmentFlow, { enrollment });
  return <ManageEnrollmentStepView actor={actor} {...callbacks} />;
}

type ViewProps = { view: ManageEnrollmentView };

function ManageEnrollmentStepView({ actor, onComplete, onExit }: Omit<ManageEnrollmentStepProps, "enrollment"> & { actor: ManageEnrollmentActorRef }) {
  const view = useFlowView(actor, connectManageEnrollment);
  const { t } = useI18n();
  const snapshot = actor.getSnapshot();
  const output = snapshot.status === "done" ? (snapshot.output ?? null) : null;
  useStepCallbacks({ done: output, exited: view.step === "exited" }, onComplete, onExit);
  const status =
    view.step === "loading"
      ? t("manageEnrollment.loading")
      : view.step === "cancelling"
        ? t("manageEnrollment.cancelling")
        : view.step === "updatingEvent"
          ? t("manageEnrollment.updating")
          : view.step === "unenrolling"
            ? t("manageEnrollment.unenrolling")
            : undefined;
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading} status={status}>
      <ManageBody view={view} />
    </StepFrame>
  );
}

function useProgramName(view: ManageEnrollmentView): string {
  const { t } = useI18n();
  return view.program?.name ?? t("manageEnrollment.programUnnamed");
}

function ManageBody({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const program = useProgramName(view);
  switch (view.step) {
    case "loading":
      return <StepHeading viewKey="loading">{t("manageEnrollment.heading")}</StepHeading>;
    case "loadFailed":
      return <Failure view={view} heading={t("manageEnrollment.loadError.heading")} />;
    case "pending":
    case "confirmingCancel":
    case "cancelling":
      return <Pending view={view} />;
    case "cancelFailed":
      return <Failure view={view} heading={t("manageEnrollment.cancelError.heading")} message={view.error?.code === "conflict" ? t("manageEnrollment.cancelError.decided") : undefined} />;
    case "active":
    case "confirmingChange":
    case "updatingEvent":
      return <Active view={view} />;
    case "updateFailed":
      return (
        <Failure
          view={view}
          heading={t("manageEnrollment.updateError.heading")}
          message={
            view.error?.code === "conflict"
              ? t("manageEnrollment.updateError.over")
              : view.error?.code === "validation" && String(view.error.details["reason"] ?? "").startsWith("reserve_")
                ? t("manageEnrollment.updateError.reserve")
                : undefined
          }
        />
      );
    case "reviewingUnenroll":
    case "unenrolling":
      return <Review view={view} />;
    case "unenrollFailed":
      return <Failure view={view} heading={t("manageEnrollment.unenrollError.heading")} />;
    case "refused":
      return <Refused view={view} />;
    case "rejected":
      return <Explained view={view} heading={t("manageEnrollment.rejected.heading", { program })} body={t("manageEnrollment.rejected.body")} />;
    case "left":
      return <Explained view={view} heading={t("manageEnrollment.left.heading", { program })} body={t("manageEnrollment.left.body")} />;
    case "kept":
      return (
        <>
          <StepHeading viewKey="kept">{t("manageEnrollment.kept.heading")}</StepHeading>
          <p className="onflex-success">{t("manageEnrollment.kept.body", { status: i18n.tryT(`enrollment.status.${view.enrollment.status}`) ?? view.enrollment.status })}</p>
        </>
      );
    case "cancelled":
      return (
        <>
          <StepHeading viewKey="cancelled">{t("manageEnrollment.cancelled.heading")}</StepHeading>
          <p className="onflex-success">{t("manageEnrollment.cancelled.body", { program })}</p>
        </>
      );
    case "unenrolled":
      return (
        <>
          <StepHeading viewKey="unenrolled">{t("manageEnrollment.unenrolled.heading", { program })}</StepHeading>
          <p className="onflex-success">{t("manageEnrollment.unenrolled.body")}</p>
          {view.terms && view.terms.penalty > 0 ? <p>{t("manageEnrollment.unenrolled.penalty", { penalty: money(i18n, view.terms.penalty) })}</p> : null}
        </>
      );
    case "exited":
      return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }
}

function Failure({ view, heading, message }: ViewProps & { heading: string; message?: string | undefined }) {
  const i18n = useI18n();
  return (
    <>
      <StepHeading viewKey={view.step}>{heading}</StepHeading>
      <ErrorAlert
        actions={
          <>
            {view.canRetry ? <Button onClick={view.retry}>{i18n.t("common.retry")}</Button> : null}
            {view.canGoBack ? (
              <Button variant="secondary" onClick={view.back}>
                {i18n.t("common.back")}
              </Button>
            ) : null}
          </>
        }
      >
        {message ?? errorMessage(i18n, view.error)}
      </ErrorAlert>
    </>
  );
}

function Explained({ view, heading, body }: ViewProps & { heading: string; body: string }) {
  const { t } = useI18n();
  return (
    <>
      <StepHeading viewKey={view.step}>{heading}</StepHeading>
      <p>{body}</p>
      <div className="onflex-actions">
        <Button onClick={view.done}>{t("manageEnrollment.done")}</Button>
      </div>
    </>
  );
}

function Pending({ view }: ViewProps) {
  const { t } = useI18n();
  const program = useProgramName(view);
  const cancelling = view.step === "cancelling";
  const needsAction = view.enrollment.status === "NEEDS_ACTION";
  if (view.step === "confirmingCancel" || cancelling) {
    return (
      <>
        <StepHeading viewKey="confirmingCancel">{t("manageEnrollment.cancel.confirmHeading", { program })}</StepHeading>
        <p>{t("manageEnrollment.cancel.confirmBody")}</p>
        <div className="onflex-actions">
          <Button onClick={view.confirm} busy={cancelling}>
            {t("manageEnrollment.cancel.confirm")}
          </Button>
          <Button variant="secondary" onClick={view.back} disabled={cancelling}>
            {t("manageEnrollment.cancel.keep")}
          </Button>
        </div>
      </>
    );
  }
  return (
    <>
      <StepHeading viewKey="pending">{t(needsAction ? "manageEnrollment.needsAction.heading" : "manageEnrollment.pending.heading", { program })}</StepHeading>
      <p>{t(needsAction ? "manageEnrollment.needsAction.body" : "manageEnrollment.pending.body")}</p>
      <div className="onflex-actions">
        <Button onClick={view.done}>{t("manageEnrollment.done")}</Button>
        <Button variant="secondary" onClick={view.refresh}>
          {t("manageEnrollment.refresh")}
        </Button>
        {view.canCancelEnrollment ? (
          <Button variant="secondary" onClick={view.cancelEnrollment}>
            {t("manageEnrollment.cancel")}
          </Button>
        ) : null}
      </div>
    </>
  );
}

function Active({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const program = useProgramName(view);
  const confirming = view.step === "confirmingChange" || view.step === "updatingEvent";
  const id = useId();
  return (
    <>
      <StepHeading viewKey="active">{t("manageEnrollment.active.heading", { program })}</StepHeading>
      {confirming && view.change?.event ? <ConfirmChange view={view} event={view.change.event} /> : null}
      <p>{t("manageEnrollment.active.intro")}</p>
      <section aria-labelledby={`${id}-current`} data-part="current-events">
        <h3 id={`${id}-current`}>{t("manageEnrollment.current.heading")}</h3>
        {view.currentEvents.length === 0 ? <p className="onflex-muted">{t("manageEnrollment.current.none")}</p> : null}
        <ul className="onflex-stack">
          {view.currentEvents.map((item) => (
            <EventItem key={item.event.id} view={view} item={item} disabled={confirming} />
          ))}
        </ul>
      </section>
      <section aria-labelledby={`${id}-past`} data-part="past-events">
        <h3 id={`${id}-past`}>{t("manageEnrollment.past.heading")}</h3>
        {view.pastEvents.length === 0 ? <p className="onflex-muted">{t("manageEnrollment.past.none")}</p> : null}
        <ul className="onflex-stack">
          {view.pastEvents.map((item) => (
            <EventItem key={item.event.id} view={view} item={item} disabled />
          ))}
        </ul>
      </section>
      <div className="onflex-actions">
        <Button onClick={view.done} disabled={confirming}>
          {t("manageEnrollment.done")}
        </Button>
        <Button variant="secondary" onClick={view.unenroll} disabled={confirming || !view.canUnenroll}>
          {t("manageEnrollment.unenroll", { program })}
        </Button>
      </div>
    </>
  );
}

function ConfirmChange({ view, event }: ViewProps & { event: ProgramEvent }) {
  const i18n = useI18n();
  const { t } = i18n;
  const change = view.change;
  const busy = view.step === "updatingEvent";
  const id = useId();
  const window = eventWindow(i18n, event, view.timeZone);
  const heading =
    change?.kind === "opt_out"
      ? t("manageEnrollment.confirm.optOutHeading", { window })
      : change?.kind === "opt_in"
        ? t("manageEnrollment.confirm.optInHeading", { window })
        : change?.kind === "reserve" && change.percentage !== null
          ? t("manageEnrollment.confirm.reserveHeading", { window, percentage: i18n.formatNumber(change.percentage) })
          : t("manageEnrollment.confirm.clearReserveHeading", { window });
  return (
    <section className="onflex-stack" role="group" aria-labelledby={`${id}-confirm`} data-part="confirm-change">
      <StepHeading viewKey={`confirm-${change?.kind ?? ""}-${event.id}`}>
        <span id={`${id}-confirm`}>{heading}</span>
      </StepHeading>
      <p>{change?.kind === "opt_out" ? t("manageEnrollment.confirm.optOutBody") : t("manageEnrollment.confirm.reserveBody")}</p>
      <div className="onflex-actions">
        <Button onClick={view.confirm} busy={busy}>
          {t("manageEnrollment.confirm.yes")}
        </Button>
        <Button variant="secondary" onClick={view.back} disabled={busy}>
          {t("manageEnrollment.confirm.no")}
        </Button>
      </div>
    </section>
  );
}

function EventItem({ view, item, disabled }: ViewProps & { item: ManagedEventView; disabled: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const { event } = item;
  const window = eventWindow(i18n, event, view.timeZone);
  const modes = [...new Set(event.schedule.map((part) => part.mode))].map((mode) => t(`manageEnrollment.mode.${mode}`)).join(", ");
  return (
    <li className="onflex-choice onflex-stack" data-part="event" data-state={event.status.toLowerCase()} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t("manageEnrollment.event.window", { window })}</h4>
      <dl className="onflex-summary">
        <dt>{t("manageEnrollment.event.status")}</dt>
        <dd>{t(`manageEnrollment.eventStatus.${event.status}`)}</dd>
        {modes ? (
          <>
            <dt>{t("manageEnrollment.event.modes")}</dt>
            <dd>{modes}</dd>
          </>
        ) : null}
        <dt>{t("manageEnrollment.event.participation")}</dt>
        <dd>{event.is_participating ? t("manageEnrollment.event.participating") : t("manageEnrollment.event.optedOut")}</dd>
        {item.reserve ? (
          <>
            <dt>{t("manageEnrollment.event.reserve")}</dt>
            <dd>{reserveText(i18n, item.reserve)}</dd>
          </>
        ) : null}
      </dl>
      {item.changeable ? (
        <>
          {item.reserve && view.reserveBounds && event.is_participating ? <ReserveForm view={view} item={item} disabled={disabled} window={window} /> : null}
          <div className="onflex-actions">
            {event.is_participating ? (
              <Button variant="secondary" onClick={() => view.optOut(event.id)} disabled={disabled} aria-label={`${t("manageEnrollment.event.optOut")}: ${window}`}>
                {t("manageEnrollment.event.optOut")}
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => view.optIn(event.id)} disabled={disabled} aria-label={`${t("manageEnrollment.event.optIn")}: ${window}`}>
                {t("manageEnrollment.event.optIn")}
              </Button>
            )}
          </div>
        </>
      ) : null}
    </li>
  );
}

function ReserveForm({ view, item, disabled, window }: ViewProps & { item: ManagedEventView; disabled: boolean; window: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const bounds = view.reserveBounds!;
  // What the user typed stays here while the change is confirmed, refused or sent.
  const [typed, setTyped] = useState("");
  const [invalid, setInvalid] = useState(false);
  const eventId = item.event.id;
  const refused = view.reserveError?.eventId === eventId ? view.reserveError.reason : null;
  const fallback =
    view.program?.backup_reserve?.default_percentage != null
      ? t("manageEnrollment.reserve.fallbackProgram", { percentage: i18n.formatNumber(view.program.backup_reserve.default_percentage) })
      : view.siteReserve !== null
        ? t("manageEnrollment.reserve.fallbackSite", { percentage: i18n.formatNumber(view.siteReserve) })
        : t("manageEnrollment.reserve.fallbackNone");
  const error = invalid
    ? t("manageEnrollment.reserve.invalid")
    : refused === "not_offered"
      ? t("manageEnrollment.reserve.notOffered")
      : refused
        ? t("manageEnrollment.reserve.outOfBounds", { minimum: i18n.formatNumber(bounds.minimum), maximum: i18n.formatNumber(bounds.maximum) })
        : undefined;
  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault();
    const value = typed.trim();
    if (value === "") {
      setInvalid(false);
      view.setReserve(eventId, null);
      return;
    }
    if (!/^\d{1,3}$/.test(value)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    view.setReserve(eventId, Number(value));
  };
  return (
    <form noValidate onSubmit={submit} data-part="reserve-form" aria-label={`${t("manageEnrollment.event.reserve")}: ${window}`}>
      <TextField
        label={t("manageEnrollment.reserve.label")}
        hint={t("manageEnrollment.reserve.hint", { minimum: i18n.formatNumber(bounds.minimum), maximum: i18n.formatNumber(bounds.maximum), fallback })}
        inputMode="numeric"
        maxLength={3}
        value={typed}
        disabled={disabled}
        error={error}
        onChange={(changeEvent) => setTyped(changeEvent.target.value)}
      />
      <div className="onflex-actions">
        <Button type="submit" variant="secondary" disabled={disabled}>
          {t("manageEnrollment.reserve.set")}
        </Button>
        {item.reserve?.source === "event" ? (
          <Button variant="secondary" disabled={disabled} onClick={() => view.setReserve(eventId, null)}>
            {t("manageEnrollment.reserve.clear")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function Review({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const program = useProgramName(view);
  const terms = view.terms;
  const leaving = view.step === "unenrolling";
  const until = terms?.committed_until ? commitmentDate(i18n, terms.committed_until, view.timeZone) : null;
  return (
    <>
      <StepHeading viewKey="reviewingUnenroll">{t("manageEnrollment.review.heading", { program })}</StepHeading>
      <div data-part="commitment">
        {!terms || terms.minimum_commitment_months === 0 || !until ? (
          <p>{t("manageEnrollment.review.noCommitment", { program })}</p>
        ) : terms.within_commitment ? (
          <p>{t("manageEnrollment.review.commitment", { program, months: terms.minimum_commitment_months, date: until })}</p>
        ) : (
          <p>{t("manageEnrollment.review.commitmentOver", { date: until })}</p>
        )}
        {terms && !terms.allowed && until ? (
          <p>{t("manageEnrollment.review.notYet", { date: until })}</p>
        ) : terms && terms.penalty > 0 ? (
          <p>
            <strong>{t("manageEnrollment.review.penalty", { penalty: money(i18n, terms.penalty) })}</strong>
          </p>
        ) : (
          <p>{t("manageEnrollment.review.noPenalty")}</p>
        )}
        {view.canConfirmUnenroll || leaving ? <p>{t("manageEnrollment.review.upcoming")}</p> : null}
      </div>
      <div className="onflex-actions">
        {view.canConfirmUnenroll || leaving ? (
          <Button onClick={view.confirm} busy={leaving}>
            {t("manageEnrollment.review.confirm")}
          </Button>
        ) : null}
        <Button variant="secondary" onClick={view.back} disabled={leaving}>
          {t("manageEnrollment.review.stay")}
        </Button>
      </div>
    </>
  );
}

function Refused({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const program = useProgramName(view);
  const refusal = view.refusal;
  return (
    <>
      <StepHeading viewKey="refused">{t("manageEnrollment.refused.heading", { program })}</StepHeading>
      {refusal ? (
        <p data-part="refusal">
          {t("manageEnrollment.refused.body", {
            program,
            months: refusal.minimum_commitment_months,
            date: commitmentDate(i18n, refusal.earliest_unenroll_at, view.timeZone),
          })}
        </p>
      ) : null}
      {refusal && refusal.penalty > 0 ? <p>{t("manageEnrollment.refused.penalty", { penalty: money(i18n, refusal.penalty) })}</p> : null}
      <div className="onflex-actions">
        <Button onClick={view.back}>{t("common.back")}</Button>
      </div>
    </>
  );
}
