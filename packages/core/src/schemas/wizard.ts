import * as z from "zod/mini";
import { NonEmptyString } from "./common.js";

/**
 * A server-driven onboarding wizard, modelled on Kraken SmartFlex's: the server holds the
 * step order and says which step is current; the client runs the flow that step's `type`
 * names, answers the step with the facts that flow gave, and the server decides what comes
 * next. Going back is a rewind to an earlier, completed step.
 */

/**
 * Ids the server mints for wizards and steps. They travel in URL paths, so they are limited
 * to characters that need no escaping, and "." and ".." (which a URL would resolve as path
 * segments) are refused.
 */
const PathSafeId = z.string().check(
  z.minLength(1),
  z.maxLength(100),
  z.regex(/^[A-Za-z0-9_.:-]+$/, "Only letters, digits and _ . : - are allowed."),
  z.refine((value) => value !== "." && value !== "..", "Cannot be . or .."),
);

export const WizardId = PathSafeId;
export type WizardId = z.infer<typeof WizardId>;

export const WizardStepId = PathSafeId;
export type WizardStepId = z.infer<typeof WizardStepId>;

/** The flow id the client must run for a step ("address", "eligibility", "consent", …). */
export const WizardStepType = z.string().check(z.minLength(1), z.maxLength(100));
export type WizardStepType = z.infer<typeof WizardStepType>;

/** A JSON object of named facts or parameters; may be empty. */
export const WizardFacts = z.record(z.string(), z.unknown());
export type WizardFacts = z.infer<typeof WizardFacts>;

/**
 * A step's own progress label, when two steps run the same flow and should read differently: a
 * message id the client looks up (`progress.step.<label>`), falling back to the flow's name.
 */
export const WizardStepLabel = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, "Only 1-60 letters, digits, _ and - are allowed."));
export type WizardStepLabel = z.infer<typeof WizardStepLabel>;

export const WizardStep = z.object({
  id: WizardStepId,
  type: WizardStepType,
  /** What the step's flow is given (e.g. `{ proposition }`); the client validates it per type. */
  params: WizardFacts,
  label: z.optional(WizardStepLabel),
});
export type WizardStep = z.infer<typeof WizardStep>;

export const WizardState = z
  .object({
    wizardId: WizardId,
    /** The template the wizard was started from ("axle-smart-charging"). */
    template: NonEmptyString,
    isComplete: z.boolean(),
    /** Whether `rewind` is allowed at all. */
    isRewindable: z.boolean(),
    /** The step to run now; null exactly when the wizard is complete. */
    currentStep: z.nullable(WizardStep),
    /** Ids of the steps answered so far, in order. */
    completedSteps: z.array(WizardStepId),
  })
  .check(
    z.refine((state) => (state.currentStep === null) === state.isComplete, {
      message: "currentStep is null exactly when the wizard is complete.",
      path: ["currentStep"],
    }),
  );
export type WizardState = z.infer<typeof WizardState>;

export const WizardStartInput = z.object({
  template: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  /** What the client already knows (e.g. `{ assetModel }`); the server may use it to decide steps. */
  facts: z.optional(WizardFacts),
});
export type WizardStartInput = z.infer<typeof WizardStartInput>;

export const WizardGetInput = z.object({ wizardId: WizardId });
export type WizardGetInput = z.infer<typeof WizardGetInput>;

export const WizardAnswerInput = z.object({
  wizardId: WizardId,
  /** The step being answered: the current one (or, for a retry, the one just answered). */
  stepId: WizardStepId,
  /** The facts the step's flow gave, e.g. `{ address, meter }`. */
  facts: WizardFacts,
});
export type WizardAnswerInput = z.infer<typeof WizardAnswerInput>;

/** Back to an earlier, completed step: it becomes current again and every step after it is forgotten. */
export const WizardRewindInput = z.object({ wizardId: WizardId, stepId: WizardStepId });
export type WizardRewindInput = z.infer<typeof WizardRewindInput>;

/**
 * The step type of a step the SERVER completes by itself (Kraken's WaitForTransition and
 * WaitForLiveIntegration): the client only shows what it waits for and looks again with `get`.
 * Answering it is a `conflict` (`details.completesOnServer: true`); once the condition holds,
 * the server moves past it on its own and `completedSteps` lists it.
 */
export const WAIT_FOR_TRANSITION_STEP = "waitForTransition";

/**
 * What a server-completed step waits for: `TARIFF_SWITCH`, the household's tariff switch to go
 * ahead (no longer waiting on the test charge); `DEVICE_LIVE`, the registered device to be LIVE
 * (after PENDING_LIVE) so the platform controls it.
 */
export const WaitingFor = z.enum(["TARIFF_SWITCH", "DEVICE_LIVE"]);
export type WaitingFor = z.infer<typeof WaitingFor>;

/** The params of a `waitForTransition` step. */
export const WaitForTransitionParams = z.object({ waitingFor: WaitingFor });
export type WaitForTransitionParams = z.infer<typeof WaitForTransitionParams>;
