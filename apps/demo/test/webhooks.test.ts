import { signWebhook, type WebhookPayload } from "@onflex/embed/server";
import { describe, expect, it } from "vitest";
import * as portalSandbox from "../../portal/src/server/sandbox-sites.js";
import { createDemoServer } from "../src/server/demo.server.js";
import { readHostConfig, SANDBOX_HOST_CONFIG } from "../src/server/host.config.js";

// The demo host's webhook endpoint: what a host backend does with the portal's webhooks.

const BODY = JSON.stringify({ type: "enrollment.created", timestamp: "2026-11-21T09:30:00.000Z", data: { enrollment_id: "enr_1", site_id: "voltra-hh-1", status: "PENDING" } });

function demo() {
  const seen: Array<[string, WebhookPayload]> = [];
  const server = createDemoServer({ config: SANDBOX_HOST_CONFIG, onWebhook: (id, payload) => void seen.push([id, payload]) });
  return { server, seen };
}

async function send(server: ReturnType<typeof createDemoServer>, options: { id?: string; body?: string; secret?: string; signedBody?: string; timestamp?: number } = {}) {
  const id = options.id ?? "msg_1";
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = await signWebhook({ secret: options.secret ?? SANDBOX_HOST_CONFIG.webhookSecret, id, timestamp, body: options.signedBody ?? options.body ?? BODY });
  return server.request("http://127.0.0.1:5173/api/onflex/webhooks", {
    method: "POST",
    headers: { "Content-Type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature },
    body: options.body ?? BODY,
  });
}

describe("the demo host's webhook endpoint", () => {
  it("acts on a signed message once, however often it is retried", async () => {
    const { server, seen } = demo();
    expect((await send(server)).status).toBe(204);
    expect((await send(server)).status).toBe(204);
    expect(seen).toEqual([["msg_1", JSON.parse(BODY)]]);
    expect((await send(server, { id: "msg_2" })).status).toBe(204);
    expect(seen.map(([id]) => id)).toEqual(["msg_1", "msg_2"]);
  });

  it("refuses a tampered body, another secret, an old timestamp and missing headers with a 400 and a reason", async () => {
    const { server, seen } = demo();
    const reasonOf = async (response: Response) => ({ status: response.status, reason: ((await response.json()) as { error: { reason: string } }).error.reason });
    expect(await reasonOf(await send(server, { body: BODY.replace("PENDING", "ACTIVE"), signedBody: BODY }))).toEqual({ status: 400, reason: "bad_signature" });
    expect(await reasonOf(await send(server, { secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD" }))).toEqual({ status: 400, reason: "bad_signature" });
    expect(await reasonOf(await send(server, { timestamp: Math.floor(Date.now() / 1000) - 3600 }))).toEqual({ status: 400, reason: "timestamp_too_old" });
    const bare = await server.request("http://127.0.0.1:5173/api/onflex/webhooks", { method: "POST", body: BODY });
    expect(await reasonOf(bare)).toEqual({ status: 400, reason: "missing_headers" });
    expect(seen).toEqual([]);
  });

  it("uses the portal's sandbox webhook secret unless told another", () => {
    expect(SANDBOX_HOST_CONFIG.webhookSecret).toBe(portalSandbox.SANDBOX_DEMO_WEBHOOK_SECRET);
    expect(readHostConfig({ ONFLEX_WEBHOOK_SECRET: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD" }).webhookSecret).toBe("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD");
  });
});
