import { createPortalMessage, dispatchPortalMessage, parsePortalMessage } from "@onflex/embed";
import type { PortalHostEvent, PortalMessageInput } from "@onflex/embed";
import { describe, expect, it } from "vitest";
import { runAccountJourney } from "../../../packages/machines/test/fixtures/account.journey.js";
import { portalCallbacks } from "../src/web/journey.messages.js";

/**
 * A flow's notice from the engine to a host, through everything between: the journey's
 * `onEvent`, the portal page's relay, the wire (JSON text) and the host's parser and
 * callbacks. The flow is the test-only account flow ("Adding a flow"), which Onflex does not ship.
 */
async function relay(options: { plan?: string; looseNotices?: boolean }) {
  const heard: PortalHostEvent[] = [];
  const refused: unknown[] = [];
  const send = (input: PortalMessageInput) => {
    // As the portal page does: a message the protocol refuses is reported, and the journey goes on.
    try {
      const message = parsePortalMessage(JSON.stringify(createPortalMessage(input)));
      if (message) dispatchPortalMessage(message, { onEvent: (event) => heard.push(event) });
    } catch (error) {
      refused.push(error);
    }
  };
  await runAccountJourney({ ...options, callbacks: portalCallbacks(send) });
  return { heard: heard.filter((event) => event.type !== "step"), steps: heard.filter((event) => event.type === "step").map((event) => event.type === "step" && event.stepId), refused };
}

describe("a flow's notice, engine to host", () => {
  it("reaches the host's onEvent as a notice naming the flow and its step", async () => {
    const { heard, steps, refused } = await relay({ plan: "paid" });
    expect(heard).toEqual([{ type: "notice", flow: "account", stepId: "account", notice: { change: "created", accountId: "acct-1", plan: "paid" } }]);
    expect(steps).toEqual(["account", "address"]);
    expect(refused).toEqual([]);
  });

  it("a notice that does not match its flow's schema never leaves the page: the host hears an error event instead", async () => {
    const { heard, steps } = await relay({ plan: "platinum" });
    expect(heard).toEqual([{ type: "error", code: "invalid_response", message: expect.stringContaining('Flow "account" gave a notice') as string, stepId: "account" }]);
    expect(steps).toEqual(["account", "address"]);
  });

  it("a notice past the protocol's bounds is refused by the portal's guard, and the journey goes on", async () => {
    const { heard, steps, refused } = await relay({ plan: "x".repeat(5000), looseNotices: true });
    expect(heard).toEqual([]);
    expect(refused).toEqual([expect.objectContaining({ name: "TypeError", message: expect.stringMatching(/"notice": payload\.notice is longer than/) as string })]);
    expect(steps).toEqual(["account", "address"]);
  });
});
