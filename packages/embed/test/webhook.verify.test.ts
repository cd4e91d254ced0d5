import { newWebhookSecret, signWebhook, verifyWebhook, WEBHOOK_REJECTIONS } from "@onflex/embed/server";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";

// verifyWebhook against our own signer AND against the Standard Webhooks reference library
// (the npm package `standardwebhooks`), in both directions.

const NOW = Date.UTC(2026, 10, 21, 9, 30, 0);
const NOW_S = NOW / 1000;
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const now = () => NOW;

async function signed(body: string, options: { id?: string; timestamp?: number; secrets?: string[] } = {}) {
  const id = options.id ?? "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  const timestamp = options.timestamp ?? NOW_S;
  const signatures = await Promise.all((options.secrets ?? [SECRET]).map((secret) => signWebhook({ secret, id, timestamp, body })));
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signatures.join(" ") };
}

const BODY = JSON.stringify({ type: "enrollment.created", timestamp: "2026-11-21T09:30:00.000Z", data: { enrollment_id: "enr_1", status: "PENDING" } });

describe("verifyWebhook", () => {
  it("accepts a message it signed and hands back the id, the timestamp and the payload", async () => {
    const result = await verifyWebhook({ secret: SECRET, headers: await signed(BODY), body: BODY, now });
    expect(result).toEqual({ ok: true, id: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp: NOW_S, payload: JSON.parse(BODY) });
  });

  it("reads Fetch API Headers, Node's lower-case headers, capitalised keys and bytes", async () => {
    const headers = await signed(BODY);
    const bytes = new TextEncoder().encode(BODY);
    const capitalised = { "Webhook-Id": headers["webhook-id"], "Webhook-Timestamp": headers["webhook-timestamp"], "Webhook-Signature": headers["webhook-signature"] };
    for (const [h, body] of [[new Headers(headers), BODY], [headers, bytes], [capitalised, bytes.buffer]] as const) {
      expect((await verifyWebhook({ secret: SECRET, headers: h, body, now })).ok).toBe(true);
    }
  });

  it("refuses a tampered body, a wrong secret, a changed id or timestamp", async () => {
    const headers = await signed(BODY);
    expect(await verifyWebhook({ secret: SECRET, headers, body: BODY.replace("PENDING", "ACTIVE"), now })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(await verifyWebhook({ secret: SECRET, headers, body: `${BODY} `, now })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(await verifyWebhook({ secret: OTHER, headers, body: BODY, now })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(await verifyWebhook({ secret: SECRET, headers: { ...headers, "webhook-id": "msg_other" }, body: BODY, now })).toMatchObject({ reason: "bad_signature" });
    expect(await verifyWebhook({ secret: SECRET, headers: { ...headers, "webhook-timestamp": String(NOW_S + 1) }, body: BODY, now })).toMatchObject({ reason: "bad_signature" });
  });

  it("refuses timestamps outside the tolerance either way, and honours a custom one", async () => {
    const old = await signed(BODY, { timestamp: NOW_S - 301 });
    const edge = await signed(BODY, { timestamp: NOW_S - 300 });
    const future = await signed(BODY, { timestamp: NOW_S + 301 });
    expect(await verifyWebhook({ secret: SECRET, headers: old, body: BODY, now })).toMatchObject({ ok: false, reason: "timestamp_too_old", message: WEBHOOK_REJECTIONS.timestamp_too_old });
    expect((await verifyWebhook({ secret: SECRET, headers: edge, body: BODY, now })).ok).toBe(true);
    expect(await verifyWebhook({ secret: SECRET, headers: future, body: BODY, now })).toMatchObject({ ok: false, reason: "timestamp_too_new" });
    expect((await verifyWebhook({ secret: SECRET, headers: old, body: BODY, now, toleranceSeconds: 600 })).ok).toBe(true);
    expect(await verifyWebhook({ secret: SECRET, headers: edge, body: BODY, now, toleranceSeconds: 60 })).toMatchObject({ reason: "timestamp_too_old" });
  });

  it("accepts any one of several signatures (the sender rotating) and any one of several secrets (the host rotating)", async () => {
    const both = await signed(BODY, { secrets: [OTHER, SECRET] });
    expect(both["webhook-signature"].split(" ")).toHaveLength(2);
    expect((await verifyWebhook({ secret: SECRET, headers: both, body: BODY, now })).ok).toBe(true);
    expect((await verifyWebhook({ secret: OTHER, headers: both, body: BODY, now })).ok).toBe(true);
    const onlyNew = await signed(BODY, { secrets: [OTHER] });
    expect((await verifyWebhook({ secret: [SECRET, OTHER], headers: onlyNew, body: BODY, now })).ok).toBe(true);
    expect(await verifyWebhook({ secret: [SECRET], headers: onlyNew, body: BODY, now })).toMatchObject({ reason: "bad_signature" });
    // Unknown versions are skipped, not fatal; a v1 entry after them still counts.
    const mixed = { ...onlyNew, "webhook-signature": `v1a,AAAA v2,xyz ${onlyNew["webhook-signature"]}` };
    expect((await verifyWebhook({ secret: OTHER, headers: mixed, body: BODY, now })).ok).toBe(true);
  });

  it("names missing and malformed headers, and a body that is not a JSON object", async () => {
    const headers = await signed(BODY);
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"] as const) {
      const { [name]: _dropped, ...rest } = headers;
      expect(await verifyWebhook({ secret: SECRET, headers: rest, body: BODY, now })).toMatchObject({ reason: "missing_headers" });
      expect(await verifyWebhook({ secret: SECRET, headers: { ...headers, [name]: "  " }, body: BODY, now })).toMatchObject({ reason: "missing_headers" });
    }
    expect(await verifyWebhook({ secret: SECRET, headers: { ...headers, "webhook-timestamp": "12.5" }, body: BODY, now })).toMatchObject({ reason: "malformed_headers" });
    expect(await verifyWebhook({ secret: SECRET, headers: { ...headers, "webhook-id": "msg 1" }, body: BODY, now })).toMatchObject({ reason: "malformed_headers" });
    expect(await verifyWebhook({ secret: SECRET, headers: { ...headers, "webhook-signature": "v1,not base64!" }, body: BODY, now })).toMatchObject({ reason: "bad_signature" });
    const list = await signed("[1,2]");
    expect(await verifyWebhook({ secret: SECRET, headers: list, body: "[1,2]", now })).toMatchObject({ reason: "malformed_body" });
  });

  it("throws for a secret that is not base64, without quoting it", async () => {
    const headers = await signed(BODY);
    await expect(verifyWebhook({ secret: "whsec_not*base64", headers, body: BODY, now })).rejects.toThrow(/whsec_ followed by standard base64/);
    await expect(verifyWebhook({ secret: "whsec_not*base64", headers, body: BODY, now })).rejects.not.toThrow(/not\*base64/);
    await expect(verifyWebhook({ secret: [], headers, body: BODY, now })).rejects.toThrow(/at least one secret/);
  });

  it("makes fresh secrets the reference library accepts", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newWebhookSecret()).not.toBe(secret);
    expect(() => new Webhook(secret)).not.toThrow();
  });
});

describe("against the Standard Webhooks reference library", () => {
  const id = fc.stringMatching(/^msg_[A-Za-z0-9_-]{1,40}$/);
  const body = fc.jsonValue().map((data) => JSON.stringify({ type: "enrollment.created", timestamp: "2026-11-21T09:30:00.000Z", data }));
  const secret = fc.uint8Array({ minLength: 24, maxLength: 64 }).map((bytes) => `whsec_${Buffer.from(bytes).toString("base64")}`);

  it("verifies what the reference library signs", async () => {
    await fc.assert(
      fc.asyncProperty(id, body, secret, async (msgId, payload, key) => {
        const at = new Date();
        const signature = new Webhook(key).sign(msgId, at, payload);
        const headers = { "webhook-id": msgId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
        const result = await verifyWebhook({ secret: key, headers, body: payload });
        expect(result).toMatchObject({ ok: true, id: msgId, payload: JSON.parse(payload) });
      }),
      { numRuns: 60 },
    );
  });

  it("signs what the reference library verifies, and both refuse the same tampering", async () => {
    await fc.assert(
      fc.asyncProperty(id, body, secret, fc.nat(), async (msgId, payload, key, position) => {
        const timestamp = Math.floor(Date.now() / 1000);
        const headers = { "webhook-id": msgId, "webhook-timestamp": String(timestamp), "webhook-signature": await signWebhook({ secret: key, id: msgId, timestamp, body: payload }) };
        expect(new Webhook(key).verify(payload, headers)).toEqual(JSON.parse(payload));
        const at = position % payload.length;
        const tampered = payload.slice(0, at) + String.fromCharCode(payload.charCodeAt(at) ^ 1) + payload.slice(at + 1);
        expect(() => new Webhook(key).verify(tampered, headers)).toThrow();
        expect(await verifyWebhook({ secret: key, headers, body: tampered })).toMatchObject({ ok: false, reason: "bad_signature" });
      }),
      { numRuns: 60 },
    );
  });
});
