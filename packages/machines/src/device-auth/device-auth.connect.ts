import type { DeviceProvider } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { DeviceAuthMachine } from "./device-auth.machine.js";
import type { DeviceAuthEvent, DeviceAuthOutcome, DeviceAuthStep } from "./device-auth.types.js";

export type DeviceAuthSnapshot = SnapshotFrom<DeviceAuthMachine>;

/** Everything a device authorisation view renders and every command it may call. */
export interface DeviceAuthView {
  step: DeviceAuthStep;
  /** "Tesla Model 3", and who serves it. */
  deviceLabel: string;
  make: string;
  provider: DeviceProvider;
  /** Fetching the sign-in, or exchanging the code. */
  isLoading: boolean;
  /** Waiting for the user to finish signing in at the maker. */
  isWaiting: boolean;
  /** Waiting, with status checks paused because the page is hidden. */
  isPaused: boolean;
  isAuthorised: boolean;
  /** The maker's sign-in, for the fallback link when a popup was blocked. */
  signInUrl: string | null;
  /** Why the sign-in did not authorise the device, in the outcome states. */
  outcome: DeviceAuthOutcome | null;
  error: FlowError | null;
  canOpen: boolean;
  canRetry: boolean;
  canCancel: boolean;
  canExit: boolean;
  /** Opens the maker's sign-in: call it inside the click handler, so a popup is allowed. */
  open(): void;
  /** The user clicked the fallback link (it opens by itself). */
  linkOpened(): void;
  /** The sign-in window sent back the URL the maker returned to. */
  returned(url: string): void;
  cancel(): void;
  /** The page was hidden or shown again (document.visibilitychange). */
  pageHidden(): void;
  pageVisible(): void;
  retry(): void;
  exit(): void;
  getRootProps(): PartProps;
  /** The fallback link: the maker's sign-in in a new tab, without an opener. */
  getSignInLinkProps(): PartProps & { href: string; target: "_blank"; rel: "noopener noreferrer"; onClick: () => void };
}

function stepOf(value: DeviceAuthSnapshot["value"]): DeviceAuthStep {
  return (typeof value === "string" ? value : Object.keys(value)[0]) as DeviceAuthStep;
}

export function connectDeviceAuth(snapshot: DeviceAuthSnapshot, send: Send<DeviceAuthEvent>): DeviceAuthView {
  const { context } = snapshot;
  const step = stepOf(snapshot.value);
  const signInUrl = context.signIn?.authorizationUri ?? null;
  const linkOpened = () => send({ type: "AUTH.LINK_OPENED" });
  return {
    step,
    deviceLabel: `${context.device.make} ${context.device.model}`,
    make: context.device.make,
    provider: context.device.provider,
    isLoading: step === "preparing" || step === "opening" || step === "completing",
    isWaiting: step === "waiting",
    isPaused: snapshot.matches({ waiting: "paused" }),
    isAuthorised: step === "authorised",
    signInUrl,
    outcome: context.outcome,
    error: step === "startFailed" || step === "completeFailed" ? context.error : null,
    canOpen: snapshot.can({ type: "AUTH.OPEN" }),
    canRetry: snapshot.can({ type: "AUTH.RETRY" }),
    canCancel: snapshot.can({ type: "AUTH.CANCEL" }),
    canExit: snapshot.can({ type: "AUTH.EXIT" }),
    open: () => send({ type: "AUTH.OPEN" }),
    linkOpened,
    returned: (url) => send({ type: "AUTH.RETURNED", url }),
    cancel: () => send({ type: "AUTH.CANCEL" }),
    pageHidden: () => send({ type: "AUTH.PAGE_HIDDEN" }),
    pageVisible: () => send({ type: "AUTH.PAGE_VISIBLE" }),
    retry: () => send({ type: "AUTH.RETRY" }),
    exit: () => send({ type: "AUTH.EXIT" }),
    getRootProps: () => partProps("deviceAuth", "root", step),
    getSignInLinkProps: () => ({ ...partProps("deviceAuth", "sign-in-link", step), href: signInUrl ?? "", target: "_blank", rel: "noopener noreferrer", onClick: linkOpened }),
  };
}
