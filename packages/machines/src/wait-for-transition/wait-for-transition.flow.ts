import { WaitForTransitionParams } from "@onflex/core";
import type { WaitForTransitionParams as WaitForTransitionParamsValue } from "@onflex/core";
import { defineFlow } from "../journey/journey.define.js";
import { waitForTransitionActions, waitForTransitionActors, waitForTransitionMachine } from "./wait-for-transition.machine.js";

export type { WaitForTransitionParamsValue as WaitForTransitionFlowParams };

/**
 * A step the server completes by itself (the wizard's `waitForTransition`, Kraken's
 * WaitForTransition / WaitForLiveIntegration): shows what it waits for (`params.waitingFor`) and
 * looks again until the server has moved on. It gives no facts and is never answered
 * (`completedByServer`), so it runs only from the server step source, which gives it the
 * wizard and step to watch; Back steps over it (`revisitable: false`). A reload or a return
 * hours later resumes the same wait.
 */
export const waitForTransitionFlow = defineFlow({
  id: "waitForTransition",
  version: 1,
  machine: waitForTransitionMachine,
  implement: (deps) => ({ actors: waitForTransitionActors(deps.api), actions: waitForTransitionActions(deps.clock) }),
  params: WaitForTransitionParams,
  needs: [],
  gives: {},
  revisitable: false,
  completedByServer: true,
  input: ({ params, serverStep }) => ({ wizardId: serverStep?.wizardId ?? null, stepId: serverStep?.stepId ?? "waitForTransition", waitingFor: params.waitingFor }),
  result: (output) => (output ? { status: "done", facts: {} } : { status: "exited", reason: "user_closed" }),
});
