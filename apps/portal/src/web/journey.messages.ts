import { AXLE_PROPOSITIONS } from "@onflex/core";
import type { JsonObject, PortalExit, PortalMessageInput } from "@onflex/embed";
import { presets, type JourneyCallbacks, type JourneyDefinition, type JourneyExit, type JourneyHostEvent } from "@onflex/machines";

/** The journey for the proposition the site offers; Smart Charging when the site names another. */
const JOURNEY_BY_PROPOSITION = new Map<string, JourneyDefinition>([
  [AXLE_PROPOSITIONS.smartCharging, presets.axleSmartCharging],
  [AXLE_PROPOSITIONS.flexLite, presets.axleFlexLite],
]);

/**
 * The journey the portal runs: the preset the host registered (`journey`, a preset's name),
 * else the proposition's. A name this build does not know falls back to the proposition's
 * journey rather than leaving the household with no page.
 */
export function journeyFor(proposition: string, journey: string | null = null): JourneyDefinition {
  const registered = journey !== null && Object.hasOwn(presets, journey) ? presets[journey as keyof typeof presets] : undefined;
  return registered ?? JOURNEY_BY_PROPOSITION.get(proposition) ?? presets.axleSmartCharging;
}

/** Details and notices are plain JSON by contract; anything else (a cycle, a class) is dropped rather than sent. */
function jsonDetails(details: object | undefined): JsonObject {
  try {
    const copy = JSON.parse(JSON.stringify(details ?? {})) as unknown;
    return typeof copy === "object" && copy !== null && !Array.isArray(copy) ? (copy as JsonObject) : {};
  } catch {
    return {};
  }
}

/** The journey's `onEvent` as a protocol message: the same type, the same fields. */
export function eventMessage(event: JourneyHostEvent): PortalMessageInput {
  switch (event.type) {
    case "step":
      return { type: "step", payload: { stepId: event.stepId, flow: event.flow, index: event.index, total: event.total } };
    case "error":
      return { type: "error", payload: { code: event.code, message: event.message, stepId: event.stepId } };
    case "open_external":
      return { type: "open_external", payload: { url: event.url, purpose: event.purpose } };
    case "notice":
      // Any flow's notice, as the flow declared it; the protocol bounds its size (NOTICE_LIMITS).
      return { type: "notice", payload: { flow: event.flow, stepId: event.stepId, notice: jsonDetails(event.notice) } };
  }
}

/** The journey's `onExit` as the `exit` payload: the same reason, step, and blocked or error details. */
export function exitPayload(exit: JourneyExit): PortalExit {
  return {
    reason: exit.reason,
    stepId: exit.stepId,
    flow: exit.flow,
    ...(exit.blocked ? { blocked: { reason: exit.blocked.reason, details: jsonDetails(exit.blocked.details) } } : {}),
    ...(exit.error
      ? { error: { code: exit.error.code, message: exit.error.message, retryable: exit.error.retryable, details: jsonDetails(exit.error.details) } }
      : {}),
  };
}

/**
 * The callbacks `<OnboardingFlow>` calls, each sent to the host as the message of the same
 * name. One addition: a session the server no longer accepts (`unauthorized`) cannot go on
 * in this page, so the host also gets `exit` with reason `failed` and that error, once, and
 * can ask its backend for a fresh link.
 */
export function portalCallbacks(send: (message: PortalMessageInput) => void): JourneyCallbacks {
  let sessionLost = false;
  return {
    onEvent(event) {
      send(eventMessage(event));
      if (event.type === "error" && event.code === "unauthorized" && !sessionLost) {
        sessionLost = true;
        send({
          type: "exit",
          payload: { reason: "failed", stepId: event.stepId, flow: null, error: { code: "unauthorized", message: event.message, retryable: false, details: {} } },
        });
      }
    },
    onComplete(completion) {
      send({ type: "completed", payload: { output: { journeyId: completion.journeyId, facts: completion.facts, steps: completion.steps } } });
    },
    onExit(exit) {
      if (sessionLost) return;
      send({ type: "exit", payload: exitPayload(exit) });
    },
  };
}
