import { EligibilityResult, PropositionId } from "@onflex/core";
import type { EligibilityResult as EligibilityResultValue } from "@onflex/core";
import * as z from "zod/mini";
import { defineFlow } from "../journey/journey.define.js";
import { eligibilityActors, eligibilityMachine } from "./eligibility.machine.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /** Which propositions the meter (and asset model) qualifies for, with the reasons for each "no". */
    eligibility: EligibilityResultValue;
    /** The charger (or other asset) model, when eligibility depends on it; usually given by the host. */
    assetModel: string;
  }
}

const EligibilityParams = z.object({
  /** The propositions to ask about; all of them when absent. */
  propositions: z.optional(z.array(PropositionId)),
  /** The journey can only go on when the meter qualifies for this one: otherwise it is blocked. */
  require: z.optional(PropositionId),
  /** The same as `require`, as a server's step names it (`{ proposition }`). */
  proposition: z.optional(PropositionId),
});
export type EligibilityParams = z.infer<typeof EligibilityParams>;

function requiredProposition(params: EligibilityParams): string | undefined {
  return params.require ?? params.proposition;
}

/** Where a journey says which asset model eligibility depends on (a host input). */
export const AssetModelFact = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/**
 * Checks eligibility from the meter. Meant to run in the background from the moment the MPAN is
 * known; a journey waits for it only at its place. Not eligible for the required proposition is
 * a blocked result with reason "ineligible" and the issues.
 */
export const eligibilityFlow = defineFlow({
  id: "eligibility",
  version: 2,
  machine: eligibilityMachine,
  implement: (deps) => ({ actors: eligibilityActors(deps.api) }),
  params: EligibilityParams,
  needs: ["meter"],
  uses: ["assetModel"],
  gives: { eligibility: EligibilityResult },
  revisitable: false,
  input: ({ facts, params }) => {
    const required = requiredProposition(params);
    return { mpan: facts.meter?.mpan ?? "", assetModel: facts.assetModel, propositions: params.propositions ?? (required ? [required] : undefined) };
  },
  result: (output, { params }) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    const proposition = requiredProposition(params);
    const answer = proposition ? output.propositions.find((item) => item.proposition === proposition) : undefined;
    if (proposition && !answer?.isEligible) {
      return { status: "blocked", reason: "ineligible", details: { proposition, issues: answer?.issues ?? [] } };
    }
    return { status: "done", facts: { eligibility: output } };
  },
});
