import type { Address, EligibilityResult, ManualAddress, Meter, PropositionEligibility } from "@onflex/core";
import type { ActorRefFrom, SnapshotFrom } from "xstate";
import type { AddressMachine } from "../address/address.machine.js";
import type { ConsentMachine } from "../consent/consent.machine.js";
import type { EligibilityMachine } from "../eligibility/eligibility.machine.js";
import type { PartProps, Send } from "../shared/shared.types.js";
import { partProps } from "../shared/shared.utils.js";
import type { JourneyMachine } from "./journey.machine.js";
import type {
  JourneyEvent,
  JourneyExitReason,
  JourneyIneligibility,
  JourneyOutput,
  JourneyPreset,
  JourneyScreen,
  JourneyStepId,
  JourneyStepState,
} from "./journey.types.js";

export type JourneySnapshot = SnapshotFrom<JourneyMachine>;

/** The running flow of the current screen, for a step component to subscribe to. */
export type JourneyStepRef =
  | { stepId: "address"; ref: ActorRefFrom<AddressMachine> }
  | { stepId: "eligibility"; ref: ActorRefFrom<EligibilityMachine> }
  | { stepId: "consent"; ref: ActorRefFrom<ConsentMachine> };

export interface JourneyView {
  screen: JourneyScreen;
  /** The preset step the screen belongs to (`ineligible` belongs to `eligibility`); null at the end. */
  stepId: JourneyStepId | null;
  /** Every step of the preset in order, for a progress indicator. */
  steps: JourneyStepState[];
  preset: JourneyPreset;
  proposition: string;
  canGoBack: boolean;
  isComplete: boolean;
  isExited: boolean;
  exitReason: JourneyExitReason | null;
  address: Address | ManualAddress | null;
  meter: Meter | null;
  eligibility: EligibilityResult | null;
  /** The eligibility answer for this journey's proposition, once known. */
  propositionEligibility: PropositionEligibility | null;
  /** Set on the `ineligible` screen: the proposition and the issue codes that ruled it out. */
  ineligibility: JourneyIneligibility | null;
  /** The current step's flow actor (absent when the screen has no running flow). */
  current: JourneyStepRef | null;
  output: JourneyOutput | null;
  back(): void;
  exit(): void;
  getRootProps(): PartProps;
  getStepProps(id: JourneyStepId): PartProps & { "aria-current": "step" | undefined };
}

export function getJourneyScreen(snapshot: JourneySnapshot): JourneyScreen {
  if (snapshot.matches("address")) return "address";
  if (snapshot.matches({ qualifying: "checking" })) return "eligibility";
  if (snapshot.matches({ qualifying: "ineligible" })) return "ineligible";
  if (snapshot.matches({ qualifying: "consent" })) return "consent";
  return snapshot.matches("done") ? "done" : "exited";
}

const STEP_OF_SCREEN: Record<JourneyScreen, JourneyStepId | null> = {
  address: "address",
  eligibility: "eligibility",
  ineligible: "eligibility",
  consent: "consent",
  done: null,
  exited: null,
};

export function connectJourney(snapshot: JourneySnapshot, send: Send<JourneyEvent>): JourneyView {
  const { context } = snapshot;
  const screen = getJourneyScreen(snapshot);
  const stepId = STEP_OF_SCREEN[screen];
  const currentIndex = stepId ? context.preset.steps.indexOf(stepId) : -1;
  const steps = context.preset.steps.map((id, index): JourneyStepState => ({
    id,
    status: screen === "done" || (currentIndex >= 0 && index < currentIndex) ? "complete" : index === currentIndex ? "current" : "upcoming",
  }));
  const propositionEligibility =
    context.eligibility?.propositions.find((item) => item.proposition === context.preset.proposition) ?? null;
  const { children } = snapshot;
  const current: JourneyStepRef | null =
    screen === "address" && children.address
      ? { stepId: "address", ref: children.address }
      : screen === "eligibility" && children.eligibility
        ? { stepId: "eligibility", ref: children.eligibility }
        : screen === "consent" && children.consent
          ? { stepId: "consent", ref: children.consent }
          : null;
  return {
    screen,
    stepId,
    steps,
    preset: context.preset,
    proposition: context.preset.proposition,
    canGoBack: snapshot.can({ type: "JOURNEY.BACK" }),
    isComplete: screen === "done",
    isExited: screen === "exited",
    exitReason: context.exitReason,
    address: context.address,
    meter: context.meter,
    eligibility: context.eligibility,
    propositionEligibility,
    ineligibility:
      screen === "ineligible"
        ? { proposition: context.preset.proposition, issues: propositionEligibility?.issues ?? [] }
        : null,
    current,
    output: snapshot.status === "done" ? (snapshot.output ?? null) : null,
    back: () => send({ type: "JOURNEY.BACK" }),
    exit: () => send({ type: "JOURNEY.EXIT" }),
    getRootProps: () => partProps("journey", "root", screen),
    getStepProps: (id) => {
      const status = steps.find((step) => step.id === id)?.status ?? "upcoming";
      return { ...partProps("journey", "step", status), "aria-current": status === "current" ? "step" : undefined };
    },
  };
}
