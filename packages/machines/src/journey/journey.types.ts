import type { OnboardingApi, OnflexErrorCode, WizardState } from "@onflex/core";
import type { AnyStateMachine, InputFrom, OutputFrom } from "xstate";
import type * as z from "zod/mini";
import type { FlowError } from "../shared/shared.types.js";

/**
 * The named facts a journey gathers. Each flow adds the facts it gives to this interface
 * from its own folder (module augmentation), and a host step can add its own the same way:
 *
 * ```ts
 * declare module "@onflex/machines" {
 *   interface JourneyFacts { account: { userId: string } }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each flow's augmentation
export interface JourneyFacts {}

export type FactName = keyof JourneyFacts & string;
/** The facts gathered so far; any may be missing until the step that gives it has run. */
export type Facts = { [K in FactName]?: JourneyFacts[K] };
export type FactSchemas = { readonly [K in FactName]?: z.ZodMiniType<JourneyFacts[K]> };

/**
 * What the journey hands every flow once: the outside world. Never stored in a snapshot;
 * flows reach it through their `implement` (XState `provide`), so a saved journey is data only.
 */
export interface FlowDeps {
  api: OnboardingApi;
  /** The clock that stamps consents and other records. */
  clock: () => Date;
  /**
   * Opens a page on another site: a popup inside an iframe, a redirect at the top level, the
   * system browser from a mobile WebView. Flows that send the user away call it.
   */
  openExternal: ExternalOpener;
}

export interface ExternalOpenRequest {
  url: string;
  /** Why, for the host (e.g. "device_auth"). */
  purpose: string;
}
/** How the page was opened; `opened: false` when a popup was blocked (show a link instead). */
export interface ExternalOpenResult {
  opened: boolean;
  mode: "popup" | "redirect" | "system_browser";
}
/**
 * Called synchronously inside the user's click (flows call it from an action), so a popup is
 * not blocked. A redirect never returns: the journey resumes from its saved state.
 */
export type ExternalOpener = (request: ExternalOpenRequest) => ExternalOpenResult | void;

/**
 * Why a journey (or a flow inside it) ended without completing. `cancelled` and `unenrolled`:
 * the household ended what it had (a pending request cancelled, an active membership left).
 */
export type ExitReason = "user_closed" | "declined" | "blocked" | "failed" | "cancelled" | "unenrolled";

/** How a flow ended, as the journey understands it. */
export type FlowResult =
  | { status: "done"; facts: Facts }
  | { status: "exited"; reason: "user_closed" | "declined" | "cancelled" | "unenrolled" }
  /** The flow cannot go on for a reason the user should read (ineligible, unsupported device…). */
  | {
      status: "blocked";
      reason: string;
      details?: Record<string, unknown>;
      /**
       * The flow's answers as the user left them, when they may change one (an unsupported
       * combination): Back opens this flow again with them (its input's `reopen`) at its last
       * view, instead of going to the step before. Plain data: it is saved with the journey.
       */
      reopen?: unknown;
    }
  /** The flow broke (a bug, or facts that do not match their schema); the journey shows the error. */
  | { status: "failed"; error: FlowError };

export interface FlowInputArgs<TParams> {
  facts: Facts;
  params: TParams;
  /** The facts this step gave last time, when the user came back to it. */
  previous: Facts | undefined;
  /**
   * The server step this flow runs for, when the server step source decided it: the wizard
   * and the step's id. Undefined in a fixed journey.
   */
  serverStep?: ServerStepRef;
  /** What this flow's blocked result held in `reopen`, when the user went Back from it to change an answer. */
  reopen?: unknown;
}

/** A step of a server-driven journey, as the server knows it. */
export interface ServerStepRef {
  wizardId: string;
  stepId: string;
}

/**
 * A flow as the journey registers it: its machine, what it needs and gives, and how to turn
 * facts into its input and its output into a result. One per flow folder.
 */
export interface FlowDefinition<TMachine extends AnyStateMachine = AnyStateMachine, TParams = unknown> {
  /** The id a journey step or a server step names. */
  id: string;
  /** Bump when a saved snapshot of this flow can no longer be resumed; only this flow restarts. */
  version: number;
  /** The flow's machine with its I/O unimplemented; `implement` supplies it. */
  machine: TMachine;
  /** Actors (and actions, delays) bound to the journey's dependencies. */
  implement?: (deps: FlowDeps) => Parameters<TMachine["provide"]>[0];
  /** The parameters a journey step or the server may pass; validated before the flow starts. */
  params?: z.ZodMiniType<TParams>;
  /** Facts that must be known before the flow can start. */
  needs: readonly FactName[];
  /** Facts the flow reads when they are known. */
  uses?: readonly FactName[];
  /** The facts the flow gives when it is done, with their schemas (checked again on restore). */
  gives: FactSchemas;
  /**
   * The schema of one notice the flow tells its host (each entry it appends to its context's
   * `hostNotices`), when it has any. The journey reports each new notice once, as a `notice`
   * event, and drops one that does not match (an `error` event in development). Add the
   * notice's type to `FlowNotices` under the flow's id so hosts get it typed.
   */
  notices?: z.ZodMiniType<object>;
  /** False for a check the user has nothing to answer in (Back steps over it). Default true. */
  revisitable?: boolean;
  /**
   * The server moves past this flow's step by itself (a wizard step such as `waitForTransition`):
   * the flow only waits for that and ends `done` when the server has moved on. The journey then
   * asks the server where it is instead of answering the step, and a fixed journey refuses such
   * a flow (it needs the server step source, whose `serverStep` it is given). Default false.
   */
  completedByServer?: boolean;
  input(args: FlowInputArgs<TParams>): InputFrom<TMachine>;
  result(output: OutputFrom<TMachine>, args: { facts: Facts; params: TParams }): FlowResult;
}

// The registry holds flows of every machine type; variance makes `any` the honest type here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFlowDefinition = FlowDefinition<any, any>;

/** One step of a journey definition. */
export interface JourneyStepDefinition {
  /** Unique within the journey; defaults to the flow id. */
  id?: string;
  flow: string;
  params?: unknown;
  /** Run the step only when this holds for the facts known when it comes up. */
  when?: (facts: Facts) => boolean;
  /** Start as soon as the flow's needs are met; the journey waits for it only at its place. */
  background?: boolean;
  /**
   * The step's own progress label, for a flow placed more than once: a view looks up
   * `progress.step.<label>` and falls back to the flow's name (`flow.step.<flow>`).
   */
  label?: string;
}

export type StepSource =
  | { type: "fixed"; steps: readonly JourneyStepDefinition[] }
  /** The server decides the next step, one at a time (`api.wizard`). */
  | { type: "server"; template: string };

export interface JourneyDefinition {
  /** Stable id; a saved journey only restores into the journey it was saved from. */
  id: string;
  /** Bump when a saved journey of this definition can no longer be resumed at all. */
  version: number;
  /** Facts the host gives when the journey starts (e.g. the charger model), with their schemas. */
  inputs?: FactSchemas;
  source: StepSource;
}

/** A step the journey has decided on: its place, its flow and its validated parameters. */
export interface JourneyStepRecord {
  id: string;
  flow: string;
  params: unknown;
  /** The step's own progress label, when its definition or the server gave one. */
  label?: string;
}

export interface CompletedStep extends JourneyStepRecord {
  /** The facts this step gave. */
  facts: Facts;
}

export interface BlockedOutcome {
  stepId: string;
  flow: string;
  reason: string;
  details: Record<string, unknown>;
}

export interface JourneyContext {
  journeyId: string;
  /** Facts given by the host at the start. */
  inputFacts: Facts;
  /** Steps done, in order; the journey's facts are these merged over `inputFacts`. */
  history: CompletedStep[];
  /** The running step; its flow is the child actor `flowActorId(current.id)`. */
  current: JourneyStepRecord | null;
  /** Steps started in the background, by step id, with the history length when they started. */
  background: Record<string, { flow: string; params: unknown; startedAt: number }>;
  /** Results of flows that have ended but whose step has not been settled yet. */
  results: Record<string, FlowResult>;
  /** A step the user came back to, with the facts it gave last time (for prefilling). */
  revisiting: CompletedStep | null;
  /** The server step source's answer, for a server-driven journey. */
  wizard: WizardState | null;
  /** The call to make to the server step source next. */
  pending: WizardCall;
  blocked: BlockedOutcome | null;
  exit: JourneyExit | null;
  error: FlowError | null;
}

export type WizardCall =
  | { op: "start" }
  | { op: "get" }
  | { op: "answer"; stepId: string; facts: Facts }
  | { op: "rewind"; stepId: string };

export type JourneyEvent =
  | { type: "JOURNEY.BACK" }
  | { type: "JOURNEY.EXIT" }
  | { type: "JOURNEY.RETRY" }
  /**
   * The user came back from a page opened with `openExternal` (the host's "resume", e.g. from
   * the system browser). Passed on to the running flows as `FLOW.RESUME`; a flow that waits
   * for the user to come back listens for it.
   */
  | { type: "JOURNEY.RESUME"; url?: string; purpose?: string };

/** What the journey passes on to its running flows when the user comes back from another page. */
export interface FlowResumeEvent {
  type: "FLOW.RESUME";
  url?: string;
  purpose?: string;
}

export interface JourneyInput {
  /** Facts the definition lists in `inputs` (e.g. `{ assetModel }`); validated. */
  facts?: Facts;
}

export interface JourneyExit {
  reason: ExitReason;
  /** The step the user was on. */
  stepId: string | null;
  flow: string | null;
  /** For `blocked`: the flow's reason and details (e.g. "ineligible" with the issues). */
  blocked?: { reason: string; details: Record<string, unknown> };
  /** For `failed`. */
  error?: FlowError;
}

export interface JourneyCompletion {
  journeyId: string;
  /** Every fact gathered, host inputs included. */
  facts: Facts;
  /** The steps that ran, in order. */
  steps: string[];
}

export type JourneyOutput = ({ status: "complete" } & JourneyCompletion) | ({ status: "exited" } & JourneyExit);

/** The screen a journey view shows. */
export type JourneyScreen = "loading" | "step" | "blocked" | "failed" | "complete" | "exited";

export type JourneyStepStatus = "complete" | "current" | "upcoming" | "skipped";

export interface JourneyStepState {
  id: string;
  flow: string;
  status: JourneyStepStatus;
  /** The step's own progress label (`progress.step.<label>`), when it has one; else the flow names it. */
  label?: string;
}

/**
 * The notices each flow tells its host about, by flow id. Empty here: each flow that declares
 * `notices` in its definition adds its own from its folder (module augmentation), so a host's
 * `onEvent` narrows a `notice` event by its `flow`:
 *
 * ```ts
 * declare module "@onflex/machines" {
 *   interface FlowNotices { account: { change: "created"; accountId: string } }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each flow's augmentation
export interface FlowNotices {}

/** The flows that tell their host something (those in `FlowNotices`). */
export type NoticeFlowId = keyof FlowNotices & string;

/**
 * A flow's context may hold `hostNotices` (append-only): the journey checks each new one
 * against the schema the flow declares in `notices` and reports it once as a `notice` event.
 */
export interface FlowHostNotices<TNotice = unknown> {
  hostNotices?: readonly TNotice[];
}

/** One flow's notice as a host hears it: the flow, the step it ran as, and the notice. */
export type JourneyNoticeEvent = {
  [F in NoticeFlowId]: { type: "notice"; flow: F; stepId: string | null; notice: FlowNotices[F] };
}[NoticeFlowId];

/** The event a host hears about a journey, the same from `<OnboardingFlow>` and the portal. */
export type JourneyHostEvent =
  | { type: "step"; stepId: string; flow: string; index: number; total: number | null }
  | JourneyNoticeEvent
  | { type: "error"; code: OnflexErrorCode; message: string; stepId: string | null }
  | { type: "open_external"; url: string; purpose: string };

export interface JourneyCallbacks {
  onEvent?(event: JourneyHostEvent): void;
  /** Shorthand for `onEvent` events of type "step". */
  onStepChange?(step: Extract<JourneyHostEvent, { type: "step" }>): void;
  onComplete?(completion: JourneyCompletion): void;
  onExit?(exit: JourneyExit): void;
  /** A flow inside the journey hit an error it shows to the user (and usually offers a retry for). */
  onError?(error: FlowError, where: { stepId: string | null }): void;
}

/** Where a host keeps a saved journey between page loads; web storage in a browser. */
export interface JourneyStorage {
  load(): string | null;
  save(value: string): void;
  clear(): void;
}

export type { OnflexErrorCode };
export type { InputFrom, OutputFrom };
