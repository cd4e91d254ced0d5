import { ConsentRecord, PropositionId } from "@onflex/core";
import type { ConsentRecord as ConsentRecordValue } from "@onflex/core";
import * as z from "zod/mini";
import { defineFlow } from "../journey/journey.define.js";
import { consentActions, consentActors, consentMachine } from "./consent.machine.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /** The stored consent: terms version, when the user agreed (ISO-8601 UTC) and when it was recorded. */
    consent: ConsentRecordValue;
  }
}

const ConsentParams = z.object({ proposition: PropositionId });
export type ConsentParams = z.infer<typeof ConsentParams>;

/** Shows a proposition's terms and records the user's agreement; declining exits with "declined". */
export const consentFlow = defineFlow({
  id: "consent",
  version: 2,
  machine: consentMachine,
  implement: (deps) => ({ actors: consentActors(deps.api), actions: consentActions(deps.clock) }),
  params: ConsentParams,
  needs: ["meter"],
  gives: { consent: ConsentRecord },
  input: ({ facts, params }) => ({ mpan: facts.meter?.mpan ?? "", proposition: params.proposition }),
  result: (output) => (output ? { status: "done", facts: { consent: output } } : { status: "exited", reason: "declined" }),
});
