import type { DeviceProvider, RegisteredDevice } from "@onflex/core";
import { connectDeviceAuth, deviceAuthFlow, type DeviceAuthOutput, type DeviceAuthView } from "@onflex/machines";
import { useEffect } from "react";
import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { usePauseWhileHidden } from "../shared/use-pause-while-hidden.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import type { DeviceAuthActorRef } from "./device-auth.types.js";
import { StepFailure } from "../step/step-failure.js";
import { GuidedAuth, guidedStatus } from "./guided-auth.js";

export interface DeviceAuthStepProps {
  /** A device authorisation actor to render (the journey passes its child); without one the step runs its own. */
  actor?: DeviceAuthActorRef;
  /** The registered device, when the step runs its own actor. */
  device?: RegisteredDevice;
  onComplete?: (output: NonNullable<DeviceAuthOutput>) => void;
  onExit?: () => void;
}

/**
 * Signing in at the device's maker to allow control: what will happen, a button that opens the
 * maker's sign-in inside the click (a link when the popup is blocked), waiting for the user to
 * finish there, and each way it can end with what to do next. A maker without a sign-in page
 * is guided instead: its app or a pairing code, then waiting for the maker to confirm.
 */
export function DeviceAuthStep({ actor, device, ...callbacks }: DeviceAuthStepProps) {
  if (actor) return <DeviceAuthStepView actor={actor} {...callbacks} />;
  return device ? <StandaloneDeviceAuthStep device={device} {...callbacks} /> : null;
}

function StandaloneDeviceAuthStep({ device, ...callbacks }: Omit<DeviceAuthStepProps, "actor"> & { device: RegisteredDevice }) {
  const actor = useFlowActor(deviceAuthFlow, { device });
  return <DeviceAuthStepView actor={actor} {...callbacks} />;
}

/**
 * What the platform's callback page posts to the window that opened it, with the URL the maker
 * sent the user back to: `{ type: DEVICE_AUTH_RETURN_MESSAGE, url }`. A shortcut only: a
 * maker's Cross-Origin-Opener-Policy can cut the popup off from this page, and the step then
 * learns the result from the server.
 */
export const DEVICE_AUTH_RETURN_MESSAGE = "onflex:device-auth-return";

/** Takes the return URL from a message posted by this page's own origin, and nothing else. */
function useReturnMessage(view: DeviceAuthView) {
  const { step, returned } = view;
  const listening = step === "waiting" || step === "popupBlocked";
  useEffect(() => {
    if (!listening || typeof window === "undefined") return;
    const onMessage = (event: MessageEvent<unknown>) => {
      if (event.origin !== window.location.origin) return;
      const data = event.data;
      if (typeof data !== "object" || data === null) return;
      const { type, url } = data as { type?: unknown; url?: unknown };
      if (type === DEVICE_AUTH_RETURN_MESSAGE && typeof url === "string") returned(url);
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
    // `returned` only sends to the actor; listening is what changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listening]);
}

function DeviceAuthStepView({ actor, onComplete, onExit }: Omit<DeviceAuthStepProps, "device"> & { actor: DeviceAuthActorRef }) {
  const view = useFlowView(actor, connectDeviceAuth);
  const { t } = useI18n();
  const snapshot = actor.getSnapshot();
  const output = snapshot.status === "done" ? (snapshot.output ?? null) : null;
  useStepCallbacks({ done: output, exited: view.step === "exited" }, onComplete, onExit);
  // Status checks pause while the page is hidden: the user is in the sign-in window.
  usePauseWhileHidden({ waiting: view.isWaiting, pageHidden: view.pageHidden, pageVisible: view.pageVisible });
  useReturnMessage(view);
  const maker = useMaker(view.provider, view.make);
  const status =
    guidedStatus(view, t, maker) ??
    (view.step === "preparing"
      ? t("deviceAuth.preparing", { maker })
      : view.step === "completing"
        ? t("deviceAuth.completing")
        : view.isWaiting
          ? t("deviceAuth.waiting.status", { maker })
          : undefined);
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading} status={status}>
      <DeviceAuthBody view={view} maker={maker} />
    </StepFrame>
  );
}

/** Who the user signs in with: the maker's own name for a maker's API, else the aggregator's. */
function useMaker(provider: DeviceProvider, make: string): string {
  const i18n = useI18n();
  return provider === "TESLA" || provider === "MYENERGI" ? make : (i18n.tryT(`device.provider.${provider}`) ?? provider);
}

type BodyProps = { view: DeviceAuthView; maker: string };

function DeviceAuthBody({ view, maker }: BodyProps) {
  const { t } = useI18n();
  switch (view.step) {
    case "preparing":
    case "ready":
    case "opening":
      return <Ready view={view} maker={maker} />;
    case "popupBlocked":
      return (
        <>
          <StepHeading viewKey="popupBlocked">{t("deviceAuth.blocked.heading")}</StepHeading>
          <p>{t("deviceAuth.blocked.body", { maker })}</p>
          <div className="onflex-actions">
            <a className="onflex-button" data-variant="primary" {...view.getSignInLinkProps()}>
              {t("deviceAuth.blocked.link", { maker })}
            </a>
            <Button variant="secondary" onClick={view.cancel}>
              {t("deviceAuth.cancel")}
            </Button>
          </div>
        </>
      );
    case "waiting":
    case "completing":
      return (
        <>
          <StepHeading viewKey="waiting">{t("deviceAuth.waiting.heading")}</StepHeading>
          <p>{t("deviceAuth.waiting.body", { maker })}</p>
          {view.canCancel ? (
            <div className="onflex-actions">
              <Button variant="secondary" onClick={view.cancel}>
                {t("deviceAuth.cancel")}
              </Button>
            </div>
          ) : null}
        </>
      );
    case "denied":
    case "cancelled":
    case "stateMismatch":
    case "codeExpired":
    case "providerUnavailable":
      return <Outcome view={view} heading={t(`deviceAuth.${view.step}.heading`, { maker })} body={t(`deviceAuth.${view.step}.body`, { maker })} />;
    case "startFailed":
    case "completeFailed":
      return <Outcome view={view} heading={t(`deviceAuth.${view.step}.heading`)} body={null} />;
    case "authorised":
      return (
        <>
          <StepHeading viewKey="authorised">{t("deviceAuth.authorised.heading", { device: view.deviceLabel })}</StepHeading>
          <p className="onflex-success">{t("deviceAuth.authorised.body")}</p>
        </>
      );
    case "guideLoading":
    case "guideFailed":
    case "choosing":
    case "appSteps":
    case "codeEntry":
    case "submittingCode":
    case "submitFailed":
    case "codeWrong":
    case "pairingCodeExpired":
    case "guidedWaiting":
    case "stillWaiting":
    case "makerFailed":
      return <GuidedAuth view={view} maker={maker} />;
    case "exited":
      return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }
}

function Ready({ view, maker }: BodyProps) {
  const { t } = useI18n();
  return (
    <>
      <StepHeading viewKey="ready">{t("deviceAuth.heading", { device: view.deviceLabel })}</StepHeading>
      <p>{t("deviceAuth.intro", { maker })}</p>
      <p>{t("deviceAuth.privacy", { maker })}</p>
      <div className="onflex-actions">
        {/* Opens in this click: the browser allows a popup only from the user's own gesture. */}
        <Button onClick={view.open} disabled={!view.canOpen} busy={view.isLoading}>
          {t("deviceAuth.open", { maker })}
        </Button>
        <Button variant="secondary" onClick={view.exit} disabled={!view.canExit}>
          {t("deviceAuth.exit")}
        </Button>
      </div>
    </>
  );
}

function Outcome({ view, heading, body }: { view: DeviceAuthView; heading: string; body: string | null }) {
  const i18n = useI18n();
  return (
    <StepFailure viewKey={view.step} heading={heading} onRetry={view.retry} exitLabel={i18n.t("deviceAuth.exit")} onExit={view.exit}>
      {body ?? errorMessage(i18n, view.error)}
    </StepFailure>
  );
}
