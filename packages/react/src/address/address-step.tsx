import { zodResolver } from "@hookform/resolvers/zod";
import { addressFlow, connectAddress, type AddressOutput, type AddressView, type ManualField } from "@onflex/machines";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { Button, ErrorAlert, RadioGroup, StepHeading, TextField } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { addressChoiceSchema, manualFormSchema, meterChoiceSchema, postcodeFormSchema } from "../shared/form.schemas.js";
import { formatAddress, formatMpan } from "../shared/format.js";
import { errorMessage, manualFieldMessage, postcodeMessage } from "../shared/messages.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useDraftedForm } from "../step/use-form-draft.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import type { AddressActorRef } from "./address.types.js";

export interface AddressStepProps {
  /** An address actor to render (the journey passes its child); without one the step runs its own. */
  actor?: AddressActorRef;
  /** Prefills the postcode when the step runs its own actor. */
  postcode?: string;
  onComplete?: (output: AddressOutput) => void;
  onExit?: () => void;
}

/** Postcode → address → meter, or manual address + MPAN when the address or meter isn't found. */
export function AddressStep({ actor, postcode, ...callbacks }: AddressStepProps) {
  return actor ? <AddressStepView actor={actor} {...callbacks} /> : <StandaloneAddressStep postcode={postcode} {...callbacks} />;
}

function StandaloneAddressStep({ postcode, ...callbacks }: Omit<AddressStepProps, "actor">) {
  const actor = useFlowActor(addressFlow, postcode === undefined ? {} : { postcode });
  return <AddressStepView actor={actor} {...callbacks} />;
}

type ViewProps = { view: AddressView };

function AddressStepView({ actor, onComplete, onExit }: Omit<AddressStepProps, "postcode"> & { actor: AddressActorRef }) {
  const view = useFlowView(actor, connectAddress);
  const { t } = useI18n();
  useStepCallbacks({ done: view.output, exited: view.step === "exited" }, onComplete, onExit);

  const status = view.isSearching
    ? t("address.searching", { postcode: view.postcode ?? view.postcodeDraft })
    : view.isResolvingMeter
      ? t("address.resolving")
      : view.isVerifyingMpan
        ? t("address.manual.verifying")
        : undefined;

  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading} status={status}>
      <AddressBody view={view} />
    </StepFrame>
  );
}

function AddressBody({ view }: ViewProps) {
  switch (view.step) {
    case "postcode":
    case "searching":
      return <PostcodeForm view={view} />;
    case "results":
      return <AddressResults view={view} />;
    case "noResults":
      return <NoResults view={view} />;
    case "searchFailed":
    case "resolveFailed":
    case "verifyFailed":
      return <AddressFailure view={view} />;
    case "resolvingMeter":
      return <ResolvingMeter />;
    case "chooseMeter":
      return <ChooseMeter view={view} />;
    case "manual":
    case "verifyingMpan":
      return <ManualEntry view={view} />;
    case "done":
      return <AddressDone view={view} />;
    case "exited":
      return <Exited />;
  }
}

function PostcodeForm({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const {
    register,
    handleSubmit,
    discardDraft,
    formState: { errors },
  } = useDraftedForm("postcode", { resolver: zodResolver(postcodeFormSchema), defaultValues: { postcode: view.postcodeDraft } });
  const error = postcodeMessage(i18n, errors.postcode?.message ?? view.postcodeError);
  const submit = handleSubmit((values) => {
    discardDraft();
    view.submitPostcode(values.postcode);
  });
  return (
    <>
      <StepHeading viewKey="postcode">{t("address.heading")}</StepHeading>
      <p>{t("address.intro")}</p>
      <form noValidate onSubmit={submit}>
        <TextField
          label={t("address.postcode.label")}
          hint={t("address.postcode.hint")}
          error={error}
          autoComplete="postal-code"
          autoCapitalize="characters"
          spellCheck={false}
          {...register("postcode")}
        />
        <div className="onflex-actions">
          <Button type="submit" busy={view.isSearching}>
            {t("address.postcode.submit")}
          </Button>
        </div>
      </form>
    </>
  );
}

function AddressResults({ view }: ViewProps) {
  const { t } = useI18n();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm({ resolver: zodResolver(addressChoiceSchema), defaultValues: { addressId: view.selectedAddress?.id ?? "" } });
  const postcode = view.postcode ?? "";
  return (
    <>
      <StepHeading viewKey="results">{t("address.results.heading")}</StepHeading>
      <p className="onflex-muted">{t("address.results.count", { postcode, count: view.addresses.length })}</p>
      <form noValidate onSubmit={handleSubmit((values) => view.selectAddress(values.addressId))}>
        <RadioGroup
          legend={t("address.results.legend", { postcode })}
          part="addresses"
          options={view.addresses.map((address) => ({ value: address.id, label: formatAddress(address, { withPostcode: false }) }))}
          inputProps={register("addressId")}
          error={errors.addressId ? t("address.results.required") : undefined}
        />
        <div className="onflex-actions">
          <Button type="submit">{t("address.results.submit")}</Button>
          <Button variant="secondary" onClick={view.enterManually}>
            {t("address.notListed")}
          </Button>
          <Button variant="link" onClick={view.changePostcode}>
            {t("address.changePostcode")}
          </Button>
        </div>
      </form>
    </>
  );
}

function NoResults({ view }: ViewProps) {
  const { t } = useI18n();
  return (
    <>
      <StepHeading viewKey="noResults">{t("address.noResults.heading")}</StepHeading>
      <p>{t("address.noResults.body", { postcode: view.postcode ?? view.postcodeDraft })}</p>
      <div className="onflex-actions">
        <Button onClick={view.changePostcode}>{t("address.changePostcode")}</Button>
        <Button variant="secondary" onClick={view.enterManually}>
          {t("address.enterManually")}
        </Button>
      </div>
    </>
  );
}

const FAILURE_HEADINGS = {
  searchFailed: "address.error.heading",
  resolveFailed: "address.resolveError.heading",
  verifyFailed: "address.verifyError.heading",
} as const;

function AddressFailure({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const heading = FAILURE_HEADINGS[view.step as keyof typeof FAILURE_HEADINGS] ?? "address.error.heading";
  return (
    <>
      <StepHeading viewKey={view.step}>{t(heading)}</StepHeading>
      <ErrorAlert
        actions={
          <>
            {view.canRetry ? <Button onClick={view.retry}>{t("common.retry")}</Button> : null}
            {view.step === "verifyFailed" ? (
              <Button variant="secondary" onClick={view.back}>
                {t("common.back")}
              </Button>
            ) : (
              <Button variant="secondary" onClick={view.changePostcode}>
                {t("address.changePostcode")}
              </Button>
            )}
          </>
        }
      >
        {errorMessage(i18n, view.error)}
      </ErrorAlert>
    </>
  );
}

function ResolvingMeter() {
  const { t } = useI18n();
  return <StepHeading viewKey="resolvingMeter">{t("address.resolving.heading")}</StepHeading>;
}

function ChooseMeter({ view }: ViewProps) {
  const { t } = useI18n();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm({ resolver: zodResolver(meterChoiceSchema), defaultValues: { mpan: view.meter?.mpan ?? "" } });
  const address = view.selectedAddress ? formatAddress(view.selectedAddress) : "";
  return (
    <>
      <StepHeading viewKey="chooseMeter">{t("address.meters.heading")}</StepHeading>
      <p>{t("address.meters.body")}</p>
      <form noValidate onSubmit={handleSubmit((values) => view.selectMeter(values.mpan))}>
        <RadioGroup
          legend={t("address.meters.legend", { address })}
          part="meters"
          options={view.meters.map((meter) => ({
            value: meter.mpan,
            label: t(meter.direction === "export" ? "address.meters.export" : "address.meters.import"),
            description: t("address.meters.mpan", { mpan: formatMpan(meter.mpan) }),
          }))}
          inputProps={register("mpan")}
          error={errors.mpan ? t("address.meters.required") : undefined}
        />
        <div className="onflex-actions">
          <Button type="submit">{t("address.meters.submit")}</Button>
          <Button variant="secondary" onClick={view.back}>
            {t("common.back")}
          </Button>
        </div>
      </form>
    </>
  );
}

function ManualEntry({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const {
    register,
    handleSubmit,
    setFocus,
    discardDraft,
    formState: { errors },
  } = useDraftedForm("manual", { resolver: zodResolver(manualFormSchema), defaultValues: view.manualDraft });

  // The server said no meter has this MPAN: send the user straight back to that field.
  const mpanNotFound = view.step === "manual" && view.manualErrors.mpan === "not_found";
  useEffect(() => {
    if (mpanNotFound) setFocus("mpan");
  }, [mpanNotFound, setFocus]);

  // The form's own check first; the machine's verdict (e.g. no meter has this MPAN) stays until the next submit.
  const field = (name: ManualField) => ({
    error: manualFieldMessage(i18n, name, errors[name]?.message ?? view.manualErrors[name]),
    ...register(name),
  });
  const submit = handleSubmit((values) => {
    discardDraft();
    view.submitManual(values);
  });

  return (
    <>
      <StepHeading viewKey="manual">{t("address.manual.heading")}</StepHeading>
      <p>{t(view.manualReason === "meter_not_found" ? "address.manual.meterNotFound" : "address.manual.body")}</p>
      <form noValidate onSubmit={submit}>
        <TextField label={t("address.manual.line1")} autoComplete="address-line1" {...field("line1")} />
        <TextField
          label={t("address.manual.line2")}
          optionalLabel={t("common.optional")}
          autoComplete="address-line2"
          {...field("line2")}
        />
        <TextField label={t("address.manual.town")} autoComplete="address-level2" {...field("town")} />
        <TextField label={t("address.manual.postcode")} autoComplete="postal-code" spellCheck={false} {...field("postcode")} />
        <TextField
          label={t("address.manual.mpan")}
          hint={t("address.manual.mpanHint")}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          {...field("mpan")}
        />
        <div className="onflex-actions">
          <Button type="submit" busy={view.isVerifyingMpan}>
            {t("address.manual.submit")}
          </Button>
          {view.canGoBack ? (
            <Button variant="secondary" onClick={view.back}>
              {t("common.back")}
            </Button>
          ) : null}
        </div>
      </form>
    </>
  );
}

function AddressDone({ view }: ViewProps) {
  const { t } = useI18n();
  const output = view.output;
  return (
    <>
      <StepHeading viewKey="done">{t("address.done.heading")}</StepHeading>
      {output ? (
        <p className="onflex-success">{t("address.done.body", { address: formatAddress(output.address), mpan: formatMpan(output.meter.mpan) })}</p>
      ) : null}
    </>
  );
}

function Exited() {
  const { t } = useI18n();
  return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
}
