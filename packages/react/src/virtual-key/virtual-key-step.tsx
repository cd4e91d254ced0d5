import type { RegisteredDevice } from "@onflex/core";
import { connectVirtualKey, virtualKeyFlow, type VirtualKeyDisplay, type VirtualKeyOutput, type VirtualKeyView } from "@onflex/machines";
import { lazy, Suspense, useState, useSyncExternalStore } from "react";
import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { usePauseWhileHidden } from "../shared/use-pause-while-hidden.js";
import { useStepCallbacks } from "../shared/use-step-callbacks.js";
import { StepFrame } from "../step/step-frame.js";
import { useFlowActor, useFlowView } from "../step/use-flow.js";
import type { VirtualKeyActorRef } from "./virtual-key.types.js";
import { StepFailure } from "../step/step-failure.js";

// The encoder is fetched only when a code is shown: phones get a button and never load it.
const QrCode = lazy(() => import("./virtual-key-qr.js"));

export interface VirtualKeyStepProps {
  /** A virtual key actor to render (the journey passes its child); without one the step runs its own. */
  actor?: VirtualKeyActorRef;
  /** The registered Tesla, when the step runs its own actor. */
  device?: RegisteredDevice;
  /** How to offer the key when the step runs its own actor (default `auto`). */
  display?: VirtualKeyDisplay;
  onComplete?: (output: NonNullable<VirtualKeyOutput>) => void;
  onExit?: () => void;
}

/**
 * Adding the platform's virtual key to a Tesla: on a desktop a QR code of the key's link to scan
 * with the phone that has the Tesla app, on a phone or in a WebView a button that opens the link
 * (through the host's `openExternal`); the link is always shown as text too. The car is checked
 * in the background while the user is there, and "I've added the key" checks at once.
 */
export function VirtualKeyStep({ actor, device, display, ...callbacks }: VirtualKeyStepProps) {
  if (actor) return <VirtualKeyStepView actor={actor} {...callbacks} />;
  return device ? <StandaloneVirtualKeyStep device={device} display={display ?? "auto"} {...callbacks} /> : null;
}

function StandaloneVirtualKeyStep({ device, display, ...callbacks }: Omit<VirtualKeyStepProps, "actor"> & { device: RegisteredDevice; display: VirtualKeyDisplay }) {
  const actor = useFlowActor(virtualKeyFlow, { device, display });
  return <VirtualKeyStepView actor={actor} {...callbacks} />;
}

const HANDHELD = "(hover: none) and (pointer: coarse)";

function subscribeHandheld(onChange: () => void) {
  if (typeof window === "undefined" || typeof window.matchMedia !== "function") return () => {};
  const query = window.matchMedia(HANDHELD);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** A phone or tablet (a touch screen without a mouse), or a native app's WebView. */
function isHandheld(): boolean {
  if (typeof window === "undefined") return false;
  // react-native-webview's bridge, or WKWebView's script message handlers (an iOS app's WebView).
  if ("ReactNativeWebView" in window || typeof (window as { webkit?: { messageHandlers?: unknown } }).webkit?.messageHandlers === "object") return true;
  return typeof window.matchMedia === "function" && window.matchMedia(HANDHELD).matches;
}

/**
 * How the key is offered: what the flow was told, or for `auto` the device's kind (the server
 * renders a QR code, which a phone swaps for its button once hydrated); the user may switch.
 */
function useDisplay(display: VirtualKeyDisplay): ["qr" | "link", (next: "qr" | "link") => void] {
  const handheld = useSyncExternalStore(subscribeHandheld, isHandheld, () => false);
  const [chosen, choose] = useState<"qr" | "link" | null>(null);
  const fallback = display === "auto" ? (handheld ? "link" : "qr") : display;
  return [chosen ?? fallback, choose];
}

function VirtualKeyStepView({ actor, onComplete, onExit }: Omit<VirtualKeyStepProps, "device" | "display"> & { actor: VirtualKeyActorRef }) {
  const view = useFlowView(actor, connectVirtualKey);
  const { t } = useI18n();
  const snapshot = actor.getSnapshot();
  const output = snapshot.status === "done" ? (snapshot.output ?? null) : null;
  useStepCallbacks({ done: output, exited: view.step === "exited" }, onComplete, onExit);
  // Background checks pause while the page is hidden: the user is in the Tesla app.
  usePauseWhileHidden({ waiting: view.isWaiting, pageHidden: view.pageHidden, pageVisible: view.pageVisible });
  const status =
    view.step === "loading" ? t("virtualKey.loading") : view.step === "confirming" ? t("virtualKey.checking") : view.isWaiting ? t("virtualKey.waiting.status") : undefined;
  return (
    <StepFrame rootProps={view.getRootProps()} busy={view.isLoading} status={status}>
      <VirtualKeyBody view={view} />
    </StepFrame>
  );
}

function VirtualKeyBody({ view }: { view: VirtualKeyView }) {
  const i18n = useI18n();
  const { t } = i18n;
  switch (view.step) {
    case "loading":
      return <StepHeading viewKey="loading">{t("virtualKey.heading", { device: view.deviceLabel })}</StepHeading>;
    case "waiting":
    case "confirming":
      return <Offer view={view} />;
    case "loadFailed":
    case "checkFailed":
      return (
        <StepFailure viewKey={view.step} heading={t(`virtualKey.${view.step}.heading`)} onRetry={view.retry} exitLabel={t("virtualKey.exit")} onExit={view.exit}>
          {errorMessage(i18n, view.error)}
        </StepFailure>
      );
    case "paired":
      return (
        <>
          <StepHeading viewKey="paired">{t("virtualKey.paired.heading", { device: view.deviceLabel })}</StepHeading>
          <p className="onflex-success">{t("virtualKey.paired.body")}</p>
        </>
      );
    case "notNeeded":
      return <StepHeading viewKey="notNeeded">{t("virtualKey.notNeeded.heading")}</StepHeading>;
    case "exited":
      return <StepHeading viewKey="exited">{t("flow.exited.heading")}</StepHeading>;
  }
}

/** The key, as a QR code or a button, with its link as text, what a check found, and the user's two ways on. */
function Offer({ view }: { view: VirtualKeyView }) {
  const { t } = useI18n();
  const [display, setDisplay] = useDisplay(view.display);
  const keyName = view.keyName ?? "";
  const link = (
    <a className="onflex-key-link" {...view.getKeyLinkProps()}>
      {view.keyUrl}
    </a>
  );
  return (
    <>
      <StepHeading viewKey="waiting">{t("virtualKey.heading", { device: view.deviceLabel })}</StepHeading>
      <p>{t("virtualKey.intro", { keyName })}</p>
      {display === "qr" ? (
        <div className="onflex-stack" data-part="qr">
          <p>{t("virtualKey.qr.instructions")}</p>
          <Suspense fallback={<div className="onflex-qr" data-part="qr-placeholder" />}>
            <QrCode value={view.keyUrl ?? ""} label={t("virtualKey.qr.label", { keyName })} />
          </Suspense>
          <p className="onflex-muted">
            {t("virtualKey.qr.cannotScan")} {link}
          </p>
          <p>
            <Button variant="secondary" onClick={() => setDisplay("link")} disabled={!view.canOpen}>
              {t("virtualKey.showLink")}
            </Button>
          </p>
        </div>
      ) : (
        <div className="onflex-stack" data-part="open">
          <p>{t(view.opened ? "virtualKey.link.afterOpening" : "virtualKey.link.instructions")}</p>
          <p>
            {/* Opens in this click: the host opens the Tesla app, or the browser allows a popup only from the user's own gesture. */}
            <Button onClick={view.open} disabled={!view.canOpen}>
              {t("virtualKey.open")}
            </Button>
          </p>
          <p className={view.openBlocked ? undefined : "onflex-muted"}>
            {t(view.openBlocked ? "virtualKey.link.blocked" : "virtualKey.link.text")} {link}
          </p>
          <p>
            <Button variant="secondary" onClick={() => setDisplay("qr")} disabled={!view.canOpen}>
              {t("virtualKey.showQr")}
            </Button>
          </p>
        </div>
      )}
      <p className="onflex-muted">{t("virtualKey.approve")}</p>
      <details className="onflex-disclosure" data-part="app-help">
        <summary>{t("virtualKey.help.summary")}</summary>
        <p>{t("virtualKey.help.body")}</p>
      </details>
      {view.notice ? (
        <div className="onflex-alert" data-part="notice">
          <div role="alert">
            <p className="onflex-alert-title">{t(`virtualKey.notice.${view.notice}.title`)}</p>
            <div className="onflex-alert-body">{t(`virtualKey.notice.${view.notice}.body`)}</div>
          </div>
        </div>
      ) : null}
      <div className="onflex-actions">
        <Button onClick={view.check} disabled={!view.canCheck} busy={view.step === "confirming"}>
          {t(view.notice ? "virtualKey.checkAgain" : "virtualKey.check")}
        </Button>
        <Button variant="secondary" onClick={view.exit} disabled={!view.canExit}>
          {t("virtualKey.exit")}
        </Button>
      </div>
    </>
  );
}
