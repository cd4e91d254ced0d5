import { zodResolver } from "@hookform/resolvers/zod";
import { SITE_ATTRIBUTE_VALUES, ZipCode } from "@onflex/core";
import type { MissingForEnrollment, Program, ProgramDeviceType, ProgramSpecificAttribute, SiteAttribute } from "@onflex/core";
import { connectEnrollment, enrollmentFlow, type EnrollmentOutput, type EnrollmentView } from "@onflex/machines";
import { useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import * as z from "zod/mini";
import { Button, ErrorAlert, RadioGroup, StepHeading, TextField } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { SafeMarkdown } from "../shared/safe-markdown.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import { useDraftedForm } from "../step/use-form-draft.js";
import { deviceTypeName, money, participationMonths } from "./enrollment.format.js";
import type { EnrollmentActorRef } from "./enrollment.types.js";
import { NoProgramsDetails } from "./no-programs.js";

export interface EnrollmentStepProps {
  /** An enrollment actor to render (the journey passes its child); without one the step runs its own. */
  actor?: EnrollmentActorRef;
  /** The home's zip code and device type, when the step runs its own actor. */
  zipCode?: string;
  deviceType?: ProgramDeviceType;
  onComplete?: (output: EnrollmentOutput) => void;
  onExit?: () => void;
}

/**
 * Programme enrolment: the programmes the home's devices can join, one's details and terms,
 * the details it still needs, then a pending enrolment that can be cancelled.
 */
export function EnrollmentStep({ actor, zipCode, deviceType, ...callbacks }: EnrollmentStepProps) {
  return actor ? <EnrollmentStepView actor={actor} {...callbacks} /> : <StandaloneEnrollmentStep zipCode={zipCode} deviceType={deviceType} {...callbacks} />;
}

function StandaloneEnrollmentStep({ zipCode, deviceType, ...callbacks }: Omit<EnrollmentStepProps, "actor">) {
  const actor = useFlowActor(enrollmentFlow, { zipCode: zipCode ?? null, deviceType: deviceType ?? null });
  return <EnrollmentStepView actor={actor} {...callbacks} />;
}

type ViewProps = { view: EnrollmentView };

function EnrollmentStepView({ actor, onComplete, onExit }: Omit<EnrollmentStepProps, "zipCode" | "deviceType"> & { actor: EnrollmentActorRef }) {
  const view = useFlowView(actor, connectEnrollment);
  const { t } = useI18n();
  const snapshot = actor.getSnapshot();
  const output = snapshot.status === "done" ? (snapshot.output ?? null) : null;
  useStepCallbacks({ done: output, exited: view.step === "exited" }, onComplete, onExit);
  const program = view.program?.name ?? "";
  const status =
    view.step === "loading" || view.step === "listing"
      ? t("enrollment.loading")
      : view.step === "creating"
        ? t("enrollment.creating", { program })
        : view.step === "savingSite"
          ? t("enrollment.saving")
          : view.step === "cancelling"
            ? t("enrollment.cancelling")
            : undefined;
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading} status={status}>
      <EnrollmentBody view={view} />
    </StepFrame>
  );
}

function EnrollmentBody({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  switch (view.step) {
    case "loading":
    case "listing":
      return <StepHeading viewKey="loading">{t("enrollment.heading")}</StepHeading>;
    case "loadFailed":
      return <Failure view={view} heading={t("enrollment.loadError.heading")} />;
    case "listFailed":
      return <Failure view={view} heading={t("enrollment.listError.heading")} />;
    case "askingZipCode":
      return <ZipCodeForm view={view} />;
    case "choosing":
      return <ProgramList view={view} />;
    case "details":
    case "creating":
      return view.program ? <ProgramDetails view={view} program={view.program} /> : null;
    case "createFailed":
      return <Failure view={view} heading={t("enrollment.createError.heading")} />;
    case "collecting":
    case "savingSite":
      return view.missing && view.program ? <MissingForm view={view} missing={view.missing} program={view.program} /> : null;
    case "saveFailed":
      return <Failure view={view} heading={t("enrollment.saveError.heading")} />;
    case "pending":
    case "cancelling":
      return <Pending view={view} />;
    case "cancelFailed":
      return <Failure view={view} heading={t("enrollment.cancelError.heading")} />;
    case "enrolled":
      return (
        <>
          <StepHeading viewKey="enrolled">{t("enrollment.enrolled.heading")}</StepHeading>
          <p className="onflex-success">
            {t("enrollment.enrolled.body", { status: view.enrollment ? (i18n.tryT(`enrollment.status.${view.enrollment.status}`) ?? view.enrollment.status) : "" })}
          </p>
        </>
      );
    case "noPrograms":
      return (
        <>
          <StepHeading viewKey="noPrograms">{t("enrollment.none.heading")}</StepHeading>
          <NoProgramsDetails zipCode={view.zipCode} />
        </>
      );
    case "exited":
      return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }
}

function Failure({ view, heading }: ViewProps & { heading: string }) {
  const i18n = useI18n();
  const termsChanged = view.step === "createFailed" && view.error?.details["enrollment"] !== undefined;
  const message = view.isNoLongerPending
    ? i18n.t("enrollment.cancelError.noLongerPending")
    : termsChanged
      ? i18n.t("enrollment.termsChanged")
      : errorMessage(i18n, view.error);
  return (
    <>
      <StepHeading viewKey={view.step}>{heading}</StepHeading>
      <ErrorAlert
        actions={
          <>
            {view.canRetry && !termsChanged ? <Button onClick={view.retry}>{i18n.t("common.retry")}</Button> : null}
            {view.canGoBack ? (
              <Button variant="secondary" onClick={view.back}>
                {i18n.t("common.back")}
              </Button>
            ) : null}
          </>
        }
      >
        {message}
      </ErrorAlert>
    </>
  );
}

const zipSchema = z.object({ zipCode: ZipCode });

function ZipCodeForm({ view }: ViewProps) {
  const { t } = useI18n();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm({ resolver: zodResolver(zipSchema), defaultValues: { zipCode: "" } });
  return (
    <>
      <StepHeading viewKey="askingZipCode">{t("enrollment.zip.heading")}</StepHeading>
      <form noValidate onSubmit={handleSubmit((values) => view.submitZipCode(values.zipCode))}>
        <TextField
          label={t("enrollment.zip.label")}
          hint={t("enrollment.zip.hint")}
          inputMode="numeric"
          autoComplete="postal-code"
          maxLength={10}
          error={errors.zipCode ? t("enrollment.zip.invalid") : undefined}
          {...register("zipCode")}
        />
        <div className="onflex-actions">
          <Button type="submit">{t("enrollment.zip.submit")}</Button>
        </div>
      </form>
    </>
  );
}

function ProgramList({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      <StepHeading viewKey="choosing">{t("enrollment.heading")}</StepHeading>
      {view.cancelledProgram ? (
        <p className="onflex-success" data-part="cancelled">
          {t("enrollment.list.cancelled", { program: view.cancelledProgram.name })}
        </p>
      ) : null}
      <p>{t("enrollment.list.intro")}</p>
      <ul className="onflex-stack onflex-programs" data-part="programs" aria-label={t("enrollment.heading")}>
        {view.programs.map((program) => (
          <li key={program.id} className="onflex-choice onflex-stack" data-part="program">
            <h3>{program.name}</h3>
            <p>{program.description}</p>
            <p className="onflex-muted">
              {t("enrollment.list.earnings", { upfront: money(i18n, program.earnings_for_site_upfront), yearly: money(i18n, program.earnings_for_site_yearly) })}
            </p>
            <div className="onflex-actions">
              <Button variant="secondary" onClick={() => view.select(program.id)}>
                {t("enrollment.list.view", { program: program.name })}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

function ProgramDetails({ view, program }: ViewProps & { program: Program }) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const agreeRef = useRef<HTMLInputElement>(null);
  const [agreed, setAgreed] = useState(view.agreement?.programId === program.id);
  const mustAgree = view.consentMissing && !agreed;
  const creating = view.step === "creating";
  const commitment = program.minimum_commitment_months;
  const onEnrol = () => {
    if (creating) return;
    if (!agreed) agreeRef.current?.focus();
    view.enrol(agreed);
  };
  return (
    <>
      <StepHeading viewKey="details">{program.name}</StepHeading>
      <p>{program.description}</p>
      <dl className="onflex-summary" data-part="program-facts">
        <dt>{t("enrollment.details.upfront")}</dt>
        <dd>{money(i18n, program.earnings_for_site_upfront)}</dd>
        <dt>{t("enrollment.details.yearly")}</dt>
        <dd>{money(i18n, program.earnings_for_site_yearly)}</dd>
        <dt>{t("enrollment.details.commitment")}</dt>
        <dd>{commitment > 0 ? t("enrollment.details.months", { count: commitment }) : t("enrollment.details.noCommitment")}</dd>
        <dt>{t("enrollment.details.participation")}</dt>
        <dd>{participationMonths(i18n, program)}</dd>
        <dt>{t("enrollment.details.devices")}</dt>
        <dd>{program.eligible_device_types.map((type) => deviceTypeName(i18n, type)).join(", ")}</dd>
        {view.devices.length > 0 ? (
          <>
            <dt>{t("enrollment.details.yourDevices")}</dt>
            <dd>{view.devices.map((device) => [device.manufacturer_name, device.product_name].filter(Boolean).join(" ") || deviceTypeName(i18n, device.type)).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <section className="onflex-terms" aria-labelledby={`${id}-terms`} tabIndex={0} data-scope="enrollment" data-part="terms">
        <h3 id={`${id}-terms`}>{t("enrollment.terms.title")}</h3>
        <p className="onflex-muted">{t("enrollment.terms.version", { version: program.terms_and_conditions_version })}</p>
        <SafeMarkdown source={program.terms_and_conditions_text} headingLevel={4} />
      </section>
      <div className="onflex-field">
        {mustAgree ? (
          <p className="onflex-field-error" id={`${id}-must-agree`} role="alert" data-part="field-error">
            {t("enrollment.mustAgree")}
          </p>
        ) : null}
        <div className="onflex-check">
          <input
            ref={agreeRef}
            id={`${id}-agree`}
            className="onflex-checkbox"
            type="checkbox"
            checked={agreed}
            disabled={creating}
            aria-invalid={mustAgree || undefined}
            aria-describedby={mustAgree ? `${id}-must-agree` : undefined}
            onChange={(event) => setAgreed(event.target.checked)}
          />
          <label htmlFor={`${id}-agree`}>{t("enrollment.agree", { program: program.name })}</label>
        </div>
      </div>
      <div className="onflex-actions">
        <Button onClick={onEnrol} busy={creating}>
          {t("enrollment.enrol")}
        </Button>
        <Button variant="secondary" onClick={view.back} disabled={creating}>
          {t("enrollment.backToList")}
        </Button>
      </div>
    </>
  );
}

type MissingValues = { site: Record<string, string>; answers: Record<string, string> };

/** The form's schema: each missing site attribute with the API's own check, each question by its type. */
function missingSchema(missing: MissingForEnrollment) {
  const site: Record<string, z.ZodMiniType<string, string>> = {};
  for (const name of missing.missing_site_attributes) site[name] = SITE_ATTRIBUTE_VALUES[name];
  const answers: Record<string, z.ZodMiniType<string, string>> = {};
  for (const field of missing.missing_program_specific_attributes) {
    answers[field.name] =
      field.type === "boolean"
        ? z.string().check(z.regex(/^(yes|no)$/))
        : field.type === "number"
          ? z.string().check(z.trim(), z.regex(/^-?\d+(\.\d+)?$/))
          : z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
  }
  return z.object({ site: z.object(site), answers: z.object(answers) });
}

function MissingForm({ view, missing, program }: ViewProps & { missing: MissingForEnrollment; program: Program }) {
  const { t } = useI18n();
  const saving = view.step === "savingSite";
  const earlier = new Map(view.answers.map((answer) => [answer.name, answer.value]));
  const defaults: MissingValues = {
    site: Object.fromEntries(missing.missing_site_attributes.map((name) => [name, name === "zip_code" ? (view.zipCode ?? "") : ""])),
    answers: Object.fromEntries(
      missing.missing_program_specific_attributes.map((field) => {
        const value = earlier.get(field.name);
        return [field.name, typeof value === "boolean" ? (value ? "yes" : "no") : value === undefined ? "" : String(value)];
      }),
    ),
  };
  // What the user typed survives a reload (the journey's drafts), per programme.
  const {
    register,
    handleSubmit,
    discardDraft,
    formState: { errors },
  } = useDraftedForm<MissingValues>(`missing:${program.id}`, { resolver: zodResolver(missingSchema(missing)) as never, defaultValues: defaults });
  const submit = (values: MissingValues) => {
    discardDraft();
    const site: Partial<Record<SiteAttribute, string>> = {};
    for (const name of missing.missing_site_attributes) site[name] = values.site[name] ?? "";
    const answers: ProgramSpecificAttribute[] = missing.missing_program_specific_attributes.map((field) => {
      const raw = values.answers[field.name] ?? "";
      return { name: field.name, value: field.type === "boolean" ? raw === "yes" : field.type === "number" ? Number(raw) : raw };
    });
    view.submitMissing(site, answers);
  };
  return (
    <>
      <StepHeading viewKey="collecting">{t("enrollment.missing.heading")}</StepHeading>
      <p>{t("enrollment.missing.intro", { program: program.name })}</p>
      <form noValidate onSubmit={handleSubmit(submit)} data-part="missing-form">
        {missing.missing_site_attributes.map((name) => (
          <TextField
            key={name}
            label={t(`enrollment.site.${name}`)}
            autoComplete={AUTOCOMPLETE[name]}
            inputMode={name === "zip_code" ? "numeric" : undefined}
            type={name === "email" ? "email" : name === "phone_number" ? "tel" : "text"}
            error={errors.site?.[name] ? t("enrollment.missing.required") : undefined}
            {...register(`site.${name}`)}
          />
        ))}
        {missing.missing_program_specific_attributes.map((field) => {
          const invalid = errors.answers?.[field.name];
          // The server's own complaint about an earlier answer (e.g. "must be 10 digits"), or ours.
          const serverError = field.error !== "is required" && earlier.has(field.name) ? `${field.label} ${field.error}` : undefined;
          const error = invalid ? t(field.type === "number" ? "enrollment.missing.number" : "enrollment.missing.required") : serverError;
          return field.type === "boolean" ? (
            <RadioGroup
              key={field.name}
              legend={field.label}
              part={`answer-${field.name}`}
              options={[
                { value: "yes", label: t("enrollment.missing.yes") },
                { value: "no", label: t("enrollment.missing.no") },
              ]}
              inputProps={register(`answers.${field.name}`)}
              error={error}
            />
          ) : (
            <TextField
              key={field.name}
              label={field.label}
              hint={field.hint || undefined}
              inputMode={field.type === "number" ? "decimal" : undefined}
              error={error}
              {...register(`answers.${field.name}`)}
            />
          );
        })}
        <div className="onflex-actions">
          <Button type="submit" busy={saving}>
            {t("enrollment.missing.submit")}
          </Button>
          <Button variant="secondary" onClick={view.back} disabled={saving}>
            {t("common.back")}
          </Button>
        </div>
      </form>
    </>
  );
}

const AUTOCOMPLETE: Readonly<Record<SiteAttribute, string>> = {
  first_name: "given-name",
  last_name: "family-name",
  email: "email",
  phone_number: "tel",
  street_address: "street-address",
  city: "address-level2",
  state_code: "address-level1",
  zip_code: "postal-code",
};

function Pending({ view }: ViewProps) {
  const { t } = useI18n();
  const cancelling = view.step === "cancelling";
  return (
    <>
      <StepHeading viewKey="pending">{view.program ? t("enrollment.pending.heading", { program: view.program.name }) : t("enrollment.pending.headingUnnamed")}</StepHeading>
      <p>{t("enrollment.pending.body")}</p>
      <div className="onflex-actions">
        <Button onClick={view.continue} disabled={cancelling}>
          {t("enrollment.pending.continue")}
        </Button>
        <Button variant="secondary" onClick={view.cancel} busy={cancelling}>
          {t("enrollment.pending.cancel")}
        </Button>
      </div>
    </>
  );
}
