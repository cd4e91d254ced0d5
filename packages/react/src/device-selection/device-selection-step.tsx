import { zodResolver } from "@hookform/resolvers/zod";
import type { DeviceModel } from "@onflex/core";
import { connectDeviceSelection, deviceSelectionFlow, type DeviceSelectionOutput, type DeviceSelectionView, type PickerView } from "@onflex/machines";
import { useState } from "react";
import { useForm } from "react-hook-form";
import * as z from "zod/mini";
import type { I18n } from "../i18n/i18n.types.js";
import { Combobox } from "../primitives/combobox.js";
import { Button, ErrorAlert, RadioGroup, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import type { DeviceSelectionActorRef } from "./device-selection.types.js";
import { UnsupportedDeviceDetails } from "./unsupported-device.js";

export interface DeviceSelectionStepProps {
  /** A device selection actor to render (the journey passes its child); without one the step runs its own. */
  actor?: DeviceSelectionActorRef;
  /** The home's meter, when the step runs its own actor. */
  mpan?: string;
  onComplete?: (output: DeviceSelectionOutput) => void;
  onExit?: () => void;
}

/**
 * Which device to connect: the types the home may register, then the car and the charger
 * (make → model, searchable), the better of the two explained, then registered.
 */
export function DeviceSelectionStep({ actor, mpan, ...callbacks }: DeviceSelectionStepProps) {
  return actor ? <DeviceSelectionStepView actor={actor} {...callbacks} /> : <StandaloneDeviceSelectionStep mpan={mpan ?? ""} {...callbacks} />;
}

function StandaloneDeviceSelectionStep({ mpan, ...callbacks }: Omit<DeviceSelectionStepProps, "actor"> & { mpan: string }) {
  const actor = useFlowActor(deviceSelectionFlow, { mpan });
  return <DeviceSelectionStepView actor={actor} {...callbacks} />;
}

type ViewProps = { view: DeviceSelectionView };

const deviceName = (model: DeviceModel) => `${model.make} ${model.model}`;

function DeviceSelectionStepView({ actor, onComplete, onExit }: Omit<DeviceSelectionStepProps, "mpan"> & { actor: DeviceSelectionActorRef }) {
  const view = useFlowView(actor, connectDeviceSelection);
  const { t } = useI18n();
  const snapshot = actor.getSnapshot();
  const output = snapshot.status === "done" ? (snapshot.output ?? null) : null;
  useStepCallbacks({ done: output, exited: view.step === "exited" }, onComplete, onExit);

  const picker = view.picker;
  const status =
    view.step === "loadingTypes"
      ? t("device.loading")
      : picker?.isLoadingMakes
        ? t("device.makes.loading")
        : picker?.isLoadingModels
          ? t("device.models.loading", { make: picker.make ?? "" })
          : view.isRegistering && view.choice
            ? t("device.registering", { device: deviceName(view.choice.device) })
            : undefined;

  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading} status={status}>
      <DeviceSelectionBody view={view} />
    </StepFrame>
  );
}

function DeviceSelectionBody({ view }: ViewProps) {
  const { t } = useI18n();
  // The model taken in each list but not yet sent (Continue sends it): kept here, so Back to the
  // other picker and forward again shows it rather than an empty list.
  const [picked, setPicked] = useState<Partial<Record<PickerView["kind"], string | null>>>({});
  switch (view.step) {
    case "loadingTypes":
      return <StepHeading viewKey="loadingTypes">{t("device.heading")}</StepHeading>;
    case "typesFailed":
      return <Failure view={view} heading={t("device.typesError.heading")} />;
    case "chooseType":
      return <ChooseType view={view} />;
    case "vehicle":
    case "charger":
      return view.picker ? (
        <Picker
          key={view.picker.kind}
          view={view}
          picker={view.picker}
          picked={picked[view.picker.kind] ?? null}
          onPick={(kind, id) => setPicked((before) => ({ ...before, [kind]: id }))}
        />
      ) : null;
    case "review":
    case "registering":
      return <Review view={view} />;
    case "registerFailed":
      return <Failure view={view} heading={t("device.registerError.heading")} />;
    case "registered":
      return (
        <>
          <StepHeading viewKey="registered">{t("device.registered.heading", { device: view.device ? `${view.device.make} ${view.device.model}` : "" })}</StepHeading>
          <p className="onflex-success">{t("device.registered.body")}</p>
        </>
      );
    case "unsupported":
      return (
        <>
          <StepHeading viewKey="unsupported">{t("device.unsupported.heading")}</StepHeading>
          {view.unsupported ? <UnsupportedDeviceDetails unsupported={view.unsupported} /> : null}
        </>
      );
    case "exited":
      return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }
}

function Failure({ view, heading }: ViewProps & { heading: string }) {
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
        {errorMessage(i18n, view.error)}
      </ErrorAlert>
    </>
  );
}

const typeChoiceSchema = z.object({ deviceType: z.custom<string>((value) => typeof value === "string" && value !== "", "required") });

function typeName(i18n: I18n, deviceType: string): string {
  return i18n.tryT(`device.type.${deviceType}`) ?? deviceType;
}

function ChooseType({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm({ resolver: zodResolver(typeChoiceSchema), defaultValues: { deviceType: view.deviceType ?? "" } });
  return (
    <>
      <StepHeading viewKey="chooseType">{t("device.heading")}</StepHeading>
      <form noValidate onSubmit={handleSubmit((values) => view.selectType(values.deviceType as never))}>
        <RadioGroup
          legend={t("device.types.legend")}
          part="device-types"
          options={view.deviceTypes.map((deviceType) => ({ value: deviceType, label: typeName(i18n, deviceType) }))}
          inputProps={register("deviceType")}
          error={errors.deviceType ? t("device.types.required") : undefined}
        />
        <div className="onflex-actions">
          <Button type="submit">{t("device.types.submit")}</Button>
        </div>
      </form>
    </>
  );
}

function Picker({ view, picker, picked, onPick }: ViewProps & { picker: PickerView; picked: string | null; onPick: (kind: PickerView["kind"], id: string | null) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const kind = picker.kind;
  // The model chosen in the list; sent to the flow on Continue.
  const [modelId, setModelIdHere] = useState<string | null>(picker.model?.id ?? (picked !== null && picker.models.some((model) => model.id === picked) ? picked : null));
  const setModelId = (id: string | null) => {
    setModelIdHere(id);
    onPick(kind, id);
  };
  const [missing, setMissing] = useState(false);
  const showModels = picker.make !== null && (picker.step === "choosingModel" || picker.step === "loadingModels");
  const makesShown = picker.step !== "loadingMakes" && picker.step !== "makesFailed";

  const submit = (event: { preventDefault(): void }) => {
    event.preventDefault();
    if (modelId && picker.models.some((model) => model.id === modelId)) view.selectModel(modelId);
    else setMissing(true);
  };

  return (
    <>
      <StepHeading viewKey={kind}>{t(kind === "vehicle" ? "device.vehicle.heading" : "device.charger.heading")}</StepHeading>
      <p>{t("device.pickers.intro")}</p>
      {picker.step === "makesFailed" || picker.step === "modelsFailed" ? (
        <ErrorAlert title={t(picker.step === "makesFailed" ? "device.makesError.heading" : "device.modelsError.heading")} actions={<Button onClick={view.retry}>{t("common.retry")}</Button>}>
          {errorMessage(i18n, view.error)}
        </ErrorAlert>
      ) : null}
      <form noValidate onSubmit={submit}>
        {makesShown ? (
          <Combobox
            part="make"
            label={t(kind === "vehicle" ? "device.vehicle.make" : "device.charger.make")}
            hint={t("device.make.hint")}
            options={picker.makes.map((make) => ({ value: make, label: make }))}
            value={picker.make}
            // Stays enabled while the models load, so focus stays here; a choice made meanwhile is ignored.
            onSelect={(make) => {
              setModelId(null);
              setMissing(false);
              view.selectMake(make);
            }}
            countMessage={(count) => t("device.makes.count", { count })}
            noMatchMessage={t("device.noMatch")}
          />
        ) : null}
        {showModels ? (
          <Combobox
            key={picker.make}
            part="model"
            label={t(kind === "vehicle" ? "device.vehicle.model" : "device.charger.model")}
            options={picker.models.map((model) => ({ value: model.id, label: model.model }))}
            value={modelId}
            disabled={picker.isLoadingModels}
            onSelect={(id) => {
              setModelId(id);
              setMissing(false);
            }}
            error={missing ? t("device.model.required") : undefined}
            countMessage={(count) => t("device.models.count", { count })}
            noMatchMessage={t("device.noMatch")}
          />
        ) : null}
        <div className="onflex-actions">
          {showModels ? (
            <Button type="submit" disabled={picker.isLoadingModels}>
              {t("common.continue")}
            </Button>
          ) : null}
          {makesShown ? (
            <Button variant="secondary" onClick={view.notListed}>
              {t(kind === "vehicle" ? "device.vehicle.notListed" : "device.charger.notListed")}
            </Button>
          ) : null}
          <Button variant="link" onClick={view.back}>
            {t("common.back")}
          </Button>
        </div>
      </form>
    </>
  );
}

function Review({ view }: ViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const choice = view.choice;
  if (!choice) return null;
  const device = choice.device;
  // The kinds go to the messages as select values ("vehicle", "charger"): each language words
  // them (and their articles and genders) itself.
  const otherKind = choice.kind === "vehicle" ? "charger" : "vehicle";
  const other = view.other ? deviceName(view.other) : "";
  const otherText = view.other ? t("device.reason.otherNotSupported", { other }) : t("device.reason.otherNotListed", { kind: otherKind });
  const provider = device.provider ? (i18n.tryT(`device.provider.${device.provider}`) ?? device.provider) : "";
  return (
    <>
      <StepHeading viewKey="review">{t("device.review.heading", { device: deviceName(device) })}</StepHeading>
      <div className="onflex-choice onflex-stack" data-part="choice" data-kind={choice.kind} data-reason={choice.reason}>
        <p>{t(`device.reason.${choice.reason}`, { kind: choice.kind, other, otherText })}</p>
        <p>
          {t("device.review.provider", { provider })} {t(device.providerUsesOAuth ? "device.review.oauth" : "device.review.noOAuth", { provider })}
        </p>
      </div>
      <div className="onflex-actions">
        <Button onClick={view.confirm} busy={view.isRegistering} disabled={!view.canConfirm && !view.isRegistering}>
          {t("device.review.confirm")}
        </Button>
        {view.canGoBack ? (
          <Button variant="secondary" onClick={view.back}>
            {t("device.review.change")}
          </Button>
        ) : null}
      </div>
    </>
  );
}
