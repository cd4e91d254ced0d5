import type { DeviceProvider, GuidedAppStep } from "@onflex/core";
import { PAIRING_CODE_EXAMPLE } from "@onflex/core";
import type { SnapshotFrom } from "xstate";
import type { FlowError, PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { DeviceAuthMachine } from "./device-auth.machine.js";
import type { DeviceAuthEvent, DeviceAuthOutcome, DeviceAuthStep, GuidedWayKind } from "./device-auth.types.js";

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
  /** Guided (no OAuth sign-in): the ways offered, what the user does in the maker's app, and the pairing code. */
  guided: GuidedView;
}

export interface GuidedView {
  /** The provider has no OAuth sign-in: the user is guided through the maker's app or a pairing code. */
  isGuided: boolean;
  /** The ways offered, preferred first. */
  ways: GuidedWayKind[];
  way: GuidedWayKind | null;
  /** The maker's app by name ("Jedlix"), once the guide is loaded. */
  appName: string | null;
  /** What the user does in the app for the chosen way (the app's way when none is chosen yet). */
  steps: GuidedAppStep[];
  /** The app's link (https: a phone opens the app, a computer the maker's page). */
  appUri: string | null;
  /** How long a pairing code stays valid, in minutes. */
  codeValidForMinutes: number | null;
  /** What a valid code looks like. */
  codeExample: string;
  /** The code last sent, in its normal form. */
  code: string | null;
  /** Waiting for the maker to report the device authorised (checks pause while the page is hidden). */
  isWaiting: boolean;
  isStillWaiting: boolean;
  canChoose: boolean;
  canChooseAgain: boolean;
  canCheckNow: boolean;
  canEditCode: boolean;
  choose(way: GuidedWayKind): void;
  chooseAgain(): void;
  /** Opens the maker's app through the host: call it inside the click. */
  openApp(): void;
  /** The user followed the link, or says they have finished in the app. */
  appDone(): void;
  /** The code as typed; anything not in the format is ignored (validate it in the form). */
  submitCode(code: string): void;
  editCode(): void;
  checkNow(): void;
  keepWaiting(): void;
  /** The app's link for a computer: a new tab without an opener; following it starts waiting. */
  getAppLinkProps(): PartProps & { href: string; target: "_blank"; rel: "noopener noreferrer"; onClick: () => void };
}

function stepOf(value: DeviceAuthSnapshot["value"]): DeviceAuthStep {
  return (typeof value === "string" ? value : Object.keys(value)[0]) as DeviceAuthStep;
}

export function connectDeviceAuth(snapshot: DeviceAuthSnapshot, send: Send<DeviceAuthEvent>): DeviceAuthView {
  const { context } = snapshot;
  const step = stepOf(snapshot.value);
  const signInUrl = context.signIn?.authorizationUri ?? null;
  const linkOpened = () => send({ type: "AUTH.LINK_OPENED" });
  const guide = context.guide;
  const app = guide?.ways.find((way) => way.type === "UserActionRequired") ?? null;
  const code = guide?.ways.find((way) => way.type === "UserInputRequired") ?? null;
  const chosen = context.way === "code" ? code : app;
  const appDone = () => send({ type: "GUIDED.APP_DONE" });
  const isGuidedWaiting = step === "guidedWaiting";
  return {
    step,
    deviceLabel: `${context.device.make} ${context.device.model}`,
    make: context.device.make,
    provider: context.device.provider,
    isLoading: step === "preparing" || step === "opening" || step === "completing" || step === "guideLoading" || step === "submittingCode",
    isWaiting: step === "waiting" || isGuidedWaiting,
    isPaused: snapshot.matches({ waiting: "paused" }) || snapshot.matches({ guidedWaiting: "paused" }),
    isAuthorised: step === "authorised",
    signInUrl,
    outcome: context.outcome,
    error: step === "startFailed" || step === "completeFailed" || step === "guideFailed" || step === "submitFailed" ? context.error : null,
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
    guided: {
      isGuided: context.guided,
      ways: guide ? guide.ways.map((way) => (way.type === "UserActionRequired" ? "app" : "code")) : [],
      way: context.way,
      appName: (chosen ?? app ?? code)?.appName ?? null,
      steps: (chosen ?? app ?? code)?.steps ?? [],
      appUri: app?.appUri ?? null,
      codeValidForMinutes: code?.codeValidForMinutes ?? null,
      codeExample: PAIRING_CODE_EXAMPLE,
      code: context.code,
      isWaiting: isGuidedWaiting,
      isStillWaiting: step === "stillWaiting",
      canChoose: step === "choosing",
      canChooseAgain: snapshot.can({ type: "GUIDED.CHOOSE_AGAIN" }),
      canCheckNow: snapshot.can({ type: "GUIDED.CHECK_NOW" }),
      canEditCode: snapshot.can({ type: "GUIDED.EDIT_CODE" }),
      choose: (way) => send({ type: "GUIDED.CHOOSE", way }),
      chooseAgain: () => send({ type: "GUIDED.CHOOSE_AGAIN" }),
      openApp: () => send({ type: "GUIDED.OPEN_APP" }),
      appDone,
      submitCode: (typed) => send({ type: "GUIDED.SUBMIT_CODE", code: typed }),
      editCode: () => send({ type: "GUIDED.EDIT_CODE" }),
      checkNow: () => send({ type: "GUIDED.CHECK_NOW" }),
      keepWaiting: () => send({ type: "GUIDED.KEEP_WAITING" }),
      getAppLinkProps: () => ({ ...partProps("deviceAuth", "app-link", step), href: app?.appUri ?? "", target: "_blank", rel: "noopener noreferrer", onClick: appDone }),
    },
  };
}
