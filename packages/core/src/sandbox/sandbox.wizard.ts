import type { CallOptions } from "../api/port.js";
import { OnflexError, validationError } from "../errors.js";
import { AXLE_PROPOSITIONS } from "../schemas/eligibility.js";
import { MpanCore } from "../schemas/meter.js";
import type {
  WizardAnswerInput,
  WizardFacts,
  WizardGetInput,
  WizardRewindInput,
  WizardStartInput,
  WizardState,
  WizardStep,
  WaitingFor,
} from "../schemas/wizard.js";
import { WAIT_FOR_TRANSITION_STEP } from "../schemas/wizard.js";
import { SANDBOX } from "./sandbox.fixtures.js";

/** A template's step, with the condition the server decides it by (absent: always). */
interface TemplateStep extends WizardStep {
  /** Whether the step applies, from the facts the wizard started with and every answer so far. */
  readonly when?: (facts: WizardFacts) => boolean;
}

interface WizardTemplate {
  readonly steps: readonly TemplateStep[];
  readonly isRewindable: boolean;
  /** `start` answers a malformed body, which output validation turns into invalid_response. */
  readonly garbled?: boolean;
}

const step = (id: string, type: string, params: WizardFacts = {}, when?: (facts: WizardFacts) => boolean, label?: string): TemplateStep => ({
  id,
  type,
  params,
  ...(when ? { when } : {}),
  ...(label ? { label } : {}),
});

const axleSteps = (proposition: string): readonly WizardStep[] => [
  step("address", "address"),
  step("eligibility", "eligibility", { proposition }),
  step("consent", "consent", { proposition }),
];

/**
 * Kraken SmartFlex's onboarding as its wizard runs it: the server decides each next step from
 * what it knows. The tariff step only where the household's proposition requires a switch
 * (`facts.tariffRequirement.required` at start); the virtual key only for a Tesla (the device
 * the selection step registered); waiting for the tariff switch only when it was left pending
 * on the test charge. Then two steps the server completes by itself (`waitForTransition`): the
 * tariff switch going ahead, where one was left pending on the test charge, and the device
 * becoming LIVE, which the platform does a while after the test charge passed.
 */
const smartFlexSteps: readonly TemplateStep[] = [
  step("address", "address"),
  step("device", "deviceSelection"),
  step("tariff", "tariffSwitch", {}, (facts) => own(own(facts, "tariffRequirement"), "required") === true),
  step("auth", "deviceAuth"),
  step("virtualKey", "virtualKey", {}, (facts) => own(own(facts, "device"), "provider") === "TESLA"),
  step("testCharge", "testCharge"),
  step("tariffLive", WAIT_FOR_TRANSITION_STEP, { waitingFor: "TARIFF_SWITCH" }, (facts) => own(own(facts, "tariffSwitch"), "status") === "PENDING_TEST_CHARGE", "tariffLive"),
  step("deviceLive", WAIT_FOR_TRANSITION_STEP, { waitingFor: "DEVICE_LIVE" }, undefined, "deviceLive"),
];

const TEMPLATES: ReadonlyMap<string, WizardTemplate> = new Map<string, WizardTemplate>([
  [SANDBOX.wizardTemplates.smartFlex, { steps: smartFlexSteps, isRewindable: true }],
  [SANDBOX.wizardTemplates.smartCharging, { steps: axleSteps(AXLE_PROPOSITIONS.smartCharging), isRewindable: true }],
  [SANDBOX.wizardTemplates.flexLite, { steps: axleSteps(AXLE_PROPOSITIONS.flexLite), isRewindable: true }],
  [
    SANDBOX.wizardTemplates.unsupportedStep,
    { steps: [step("teleport", "tariff_teleport"), step("consent", "consent", { proposition: AXLE_PROPOSITIONS.flexLite })], isRewindable: true },
  ],
  [SANDBOX.wizardTemplates.badParams, { steps: [step("consent", "consent", { proposition: 42 })], isRewindable: true }],
  [SANDBOX.wizardTemplates.garbled, { steps: axleSteps(AXLE_PROPOSITIONS.flexLite), isRewindable: true, garbled: true }],
  [SANDBOX.wizardTemplates.notRewindable, { steps: axleSteps(AXLE_PROPOSITIONS.flexLite), isRewindable: false }],
]);

/** A property of a plain object, only when it is the object's own (never one from Object.prototype). */
function own(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** JSON with object keys sorted, so the same facts compare equal whatever order they were sent in. */
function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * What the server checks in a step's answer, by step type. The address step must give the
 * meter it resolved (`facts.meter.mpan`, a valid 13-digit MPAN core): that is what the rest
 * of the wizard runs on. Other step types accept any facts.
 */
const ANSWER_CHECKS: ReadonlyMap<string, (facts: WizardFacts) => void> = new Map([
  [
    "address",
    (facts: WizardFacts) => {
      const mpan = own(own(facts, "meter"), "mpan");
      const path = ["facts", "meter", "mpan"];
      if (mpan === undefined) throw validationError([{ path, message: "The address step must give the meter's MPAN." }]);
      const parsed = MpanCore.safeParse(mpan);
      if (!parsed.success) throw validationError(parsed.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })));
    },
  ],
]);

interface Answer {
  stepId: string;
  fingerprint: string;
  facts: WizardFacts;
  /** The server moved past this step by itself (a `waitForTransition` whose condition held). */
  byServer?: true;
}

/**
 * Whether what a server-completed step waits for holds now, from the wizard's facts (the
 * sandbox reads its own SIMULATED devices and tariff switches).
 */
export type WizardConditions = (waitingFor: WaitingFor, facts: WizardFacts) => boolean;

interface WizardRecord {
  readonly wizardId: string;
  readonly template: string;
  readonly definition: WizardTemplate;
  readonly facts: WizardFacts;
  /** The answered steps, in order; the current step is the one after the last. */
  answers: Answer[];
}

/** The facts the server knows: what the wizard started with, then each answer's, in order. */
function knownFacts(record: WizardRecord): WizardFacts {
  return Object.assign({}, record.facts, ...record.answers.map((answer) => answer.facts)) as WizardFacts;
}

/** The current step: the first after the last answered one whose condition holds. */
function currentStep(record: WizardRecord): TemplateStep | undefined {
  const steps = record.definition.steps;
  const last = record.answers.at(-1);
  const from = last ? steps.findIndex((candidate) => candidate.id === last.stepId) + 1 : 0;
  const facts = knownFacts(record);
  return steps.slice(from).find((candidate) => candidate.when === undefined || candidate.when(facts));
}

function stateOf(record: WizardRecord): WizardState {
  const found = currentStep(record);
  const current = found ? { id: found.id, type: found.type, params: found.params, ...(found.label ? { label: found.label } : {}) } : undefined;
  return {
    wizardId: record.wizardId,
    template: record.template,
    isComplete: current === undefined,
    isRewindable: record.definition.isRewindable,
    currentStep: current ? { ...current, params: { ...current.params } } : null,
    completedSteps: record.answers.map((answer) => answer.stepId),
  };
}

function conflict(message: string, record: WizardRecord, details: Record<string, unknown> = {}): OnflexError {
  const currentStepId = currentStep(record)?.id ?? null;
  return new OnflexError("conflict", message, { retryable: false, details: { currentStepId, ...details } });
}

const isServerCompleted = (candidate: WizardStep): boolean => candidate.type === WAIT_FOR_TRANSITION_STEP;

/** The sandbox's wizard operations; all state lives in this instance's Maps. */
export function createWizardSimulation(conditions: WizardConditions = () => false) {
  const wizards = new Map<string, WizardRecord>();
  const startsByKey = new Map<string, { fingerprint: string; wizardId: string }>();
  let created = 0;

  /** Moves past every current server-completed step whose condition holds now, as the platform does on its own. */
  function settle(record: WizardRecord): WizardRecord {
    for (let current = currentStep(record); current && isServerCompleted(current); current = currentStep(record)) {
      const waitingFor = own(current.params, "waitingFor") as WaitingFor;
      if (!conditions(waitingFor, knownFacts(record))) break;
      record.answers.push({ stepId: current.id, fingerprint: "", facts: {}, byServer: true });
    }
    return record;
  }

  function find(wizardId: string): WizardRecord {
    const record = wizards.get(wizardId);
    if (!record) throw new OnflexError("not_found", "There is no wizard with that id in this sandbox.", { details: { wizardId } });
    return settle(record);
  }

  return {
    start(input: WizardStartInput, callOptions?: CallOptions): unknown {
      const key = callOptions?.idempotencyKey;
      const fingerprint = canonicalJson(input);
      const seen = key === undefined ? undefined : startsByKey.get(key);
      if (seen) {
        // A retry of the same start gets the same wizard; the same key on a different start is a client bug.
        if (seen.fingerprint === fingerprint) return stateOf(find(seen.wizardId));
        throw new OnflexError("conflict", "That idempotency key was already used to start a different wizard.", { retryable: false });
      }
      const definition = TEMPLATES.get(input.template);
      if (!definition) {
        throw new OnflexError("not_found", `There is no wizard template "${input.template}" in the sandbox.`, { details: { template: input.template } });
      }
      if (definition.garbled) return { wizardId: 42, template: input.template, currentStep: "teleport", completedSteps: null };
      const record: WizardRecord = { wizardId: `sbx-wiz-${++created}`, template: input.template, definition, facts: { ...input.facts }, answers: [] };
      wizards.set(record.wizardId, record);
      if (key !== undefined) startsByKey.set(key, { fingerprint, wizardId: record.wizardId });
      return stateOf(settle(record));
    },

    get(input: WizardGetInput): WizardState {
      return stateOf(find(input.wizardId));
    },

    answer(input: WizardAnswerInput): WizardState {
      const record = find(input.wizardId);
      const fingerprint = canonicalJson(input.facts);
      const last = record.answers.at(-1);
      // A repeat of the last answer (a retry whose first answer was lost) changes nothing,
      // even when that answer completed the wizard.
      if (last && last.stepId === input.stepId && last.fingerprint === fingerprint) return stateOf(record);
      // A step the server already moved past by itself: answering it acknowledges that, and changes nothing.
      if (record.answers.some((answer) => answer.byServer && answer.stepId === input.stepId)) return stateOf(record);
      const current = currentStep(record);
      if (!current) throw conflict("This wizard is already complete.", record);
      if (current.id !== input.stepId) {
        throw conflict(`Step "${input.stepId}" is not the current step; answer "${current.id}", or rewind first.`, record);
      }
      if (isServerCompleted(current)) {
        throw conflict(`Step "${current.id}" completes on the server; look again with get.`, record, { completesOnServer: true });
      }
      ANSWER_CHECKS.get(current.type)?.(input.facts);
      record.answers.push({ stepId: current.id, fingerprint, facts: { ...input.facts } });
      return stateOf(settle(record));
    },

    rewind(input: WizardRewindInput): WizardState {
      const record = find(input.wizardId);
      if (!record.definition.isRewindable) throw conflict("This wizard cannot go back.", record, { isRewindable: false });
      const index = record.answers.findIndex((answer) => answer.stepId === input.stepId);
      if (index < 0) throw conflict(`Step "${input.stepId}" has not been completed, so there is nothing to go back to.`, record);
      record.answers = record.answers.slice(0, index);
      return stateOf(settle(record));
    },
  };
}
