import { describe, expect, it } from "vitest";
import { AXLE_PROPOSITIONS, OnflexError, SANDBOX, createHttpApi } from "@onflex/core";
import type { HttpApiOptions } from "@onflex/core";
import { rejection } from "./rejection.js";

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

type Reply = Response | (() => Response | Promise<Response>) | "hang" | "hang-ignoring-signal" | Error;

/** A fake fetch answering from a script, one entry per call, recording what was sent. */
function scriptedFetch(...replies: Reply[]) {
  const seen: Seen[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), method: init?.method ?? "GET", headers: new Headers(init?.headers), body: init?.body as string | undefined });
    const reply = replies[Math.min(seen.length - 1, replies.length - 1)];
    if (reply === "hang-ignoring-signal") return new Promise<Response>(() => {});
    if (reply === "hang") {
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    }
    if (reply instanceof Error) throw reply;
    if (typeof reply === "function") return reply();
    return (reply as Response).clone();
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
const errorReply = (status: number, code: string, message = "from the server") => json({ error: { code, message, details: { hint: 1 } } }, status);

const searchResult = { postcode: "SW1A 1AA", addresses: [{ id: "a1", line1: "1 High Street", town: "London", postcode: "SW1A 1AA" }] };
const consentInput = {
  mpan: SANDBOX.mpans.domestic,
  proposition: AXLE_PROPOSITIONS.flexLite,
  termsVersion: SANDBOX.terms.limited_pause,
  givenAt: "2026-11-21T09:29:00.000Z",
};
const consentRecord = { ...consentInput, id: "c1", recordedAt: "2026-11-21T09:30:00.000Z" };

function api(fetch: typeof globalThis.fetch, options: Partial<HttpApiOptions> = {}) {
  return createHttpApi({ baseUrl: "https://api.onflex.test/", fetch, backoff: { baseMs: 1, maxMs: 5 }, ...options });
}

describe("createHttpApi: requests", () => {
  it("GET: leftovers in the query, bearer token, Accept and custom headers, no body", async () => {
    const { fetch, seen } = scriptedFetch(json(searchResult));
    const client = api(fetch, { getToken: async () => "tok-1", headers: { "X-Client": "test" } });
    expect(await client.addresses.search({ postcode: "sw1a 1aa" })).toEqual(searchResult);
    expect(seen[0]?.url).toBe("https://api.onflex.test/v1/addresses?postcode=sw1a+1aa");
    expect(seen[0]?.method).toBe("GET");
    expect(seen[0]?.headers.get("Authorization")).toBe("Bearer tok-1");
    expect(seen[0]?.headers.get("Accept")).toBe("application/json");
    expect(seen[0]?.headers.get("X-Client")).toBe("test");
    expect(seen[0]?.headers.has("Idempotency-Key")).toBe(false);
    expect(seen[0]?.body).toBeUndefined();
  });

  it("path params come from the input, encoded", async () => {
    const { fetch, seen } = scriptedFetch(json({ meters: [] }));
    await api(fetch).meters.byAddress({ addressId: "a/b c" });
    expect(seen[0]?.url).toBe("https://api.onflex.test/v1/addresses/a%2Fb%20c/meters");
  });

  it("POST: a JSON body; creates get an Idempotency-Key, the caller's when given", async () => {
    const { fetch, seen } = scriptedFetch(json(consentRecord));
    const client = api(fetch);
    await client.consents.record(consentInput, { idempotencyKey: "mine" });
    await client.consents.record(consentInput);
    expect(seen[0]?.method).toBe("POST");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual(consentInput);
    expect(seen[0]?.headers.get("Content-Type")).toBe("application/json");
    expect(seen[0]?.headers.get("Idempotency-Key")).toBe("mine");
    expect(seen[1]?.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(seen[1]?.headers.get("Idempotency-Key")).not.toBe("mine");
  });

  it("no token means no Authorization header", async () => {
    const { fetch, seen } = scriptedFetch(json(searchResult));
    await api(fetch, { getToken: () => null }).addresses.search({ postcode: "SW1A 1AA" });
    expect(seen[0]?.headers.has("Authorization")).toBe(false);
  });

  it("bad input is a validation error before any request", async () => {
    const { fetch, seen } = scriptedFetch(json(searchResult));
    const error = await rejection(api(fetch).addresses.search({ postcode: "not a postcode" }));
    expect(error.code).toBe("validation");
    expect(seen).toHaveLength(0);
  });
});

describe("createHttpApi: answers", () => {
  it.each([
    [400, "validation"],
    [401, "unauthorized"],
    [403, "unauthorized"],
    [404, "not_found"],
    [409, "conflict"],
    [422, "validation"],
    [500, "upstream"],
  ])("status %i without a readable body → %s", async (status, code) => {
    const { fetch } = scriptedFetch(new Response("<html>oops</html>", { status }));
    const error = await rejection(api(fetch, { retries: 0 }).meters.byMpan({ mpan: SANDBOX.mpans.domestic }));
    expect(error.code).toBe(code);
    expect(error.details["status"]).toBe(status);
  });

  it("an error body's code, message and details are kept", async () => {
    const { fetch } = scriptedFetch(errorReply(404, "not_found", "No meter with that MPAN."));
    const error = await rejection(api(fetch).meters.byMpan({ mpan: SANDBOX.mpans.unknown }));
    expect(error).toMatchObject({ code: "not_found", message: "No meter with that MPAN.", details: { hint: 1, status: 404 } });
  });

  it.each([
    ["malformed JSON", new Response('{"postcode": "SW1A', { status: 200 })],
    ["an empty body", new Response("", { status: 200 })],
    ["a schema mismatch", json({ postcode: "SW1A 1AA", addresses: [{ id: 1 }] })],
    ["a JSON array", json([])],
  ])("%s → invalid_response, not retried", async (_, reply) => {
    const { fetch, seen } = scriptedFetch(reply);
    const error = await rejection(api(fetch).addresses.search({ postcode: "SW1A 1AA" }));
    expect(error.code).toBe("invalid_response");
    expect(seen).toHaveLength(1);
  });
});

describe("createHttpApi: retries", () => {
  it.each([502, 503, 504])("a safe call is retried after %i and succeeds", async (status) => {
    const { fetch, seen } = scriptedFetch(errorReply(status, "upstream"), json(searchResult));
    expect(await api(fetch).addresses.search({ postcode: "SW1A 1AA" })).toEqual(searchResult);
    expect(seen).toHaveLength(2);
  });

  it("network errors are retried up to `retries` times, then surface", async () => {
    const { fetch, seen } = scriptedFetch(new TypeError("fetch failed"));
    const error = await rejection(api(fetch, { retries: 3 }).addresses.search({ postcode: "SW1A 1AA" }));
    expect(error).toMatchObject({ code: "network", retryable: true });
    expect(seen).toHaveLength(4);
  });

  it.each([
    [500, "upstream"],
    [404, "not_found"],
    [422, "validation"],
    [401, "unauthorized"],
  ])("%i is not retried", async (status, code) => {
    const { fetch, seen } = scriptedFetch(errorReply(status, code), json(searchResult));
    await expect(api(fetch).addresses.search({ postcode: "SW1A 1AA" })).rejects.toMatchObject({ code });
    expect(seen).toHaveLength(1);
  });

  it("a create is retried with the same Idempotency-Key, and a fresh token each attempt", async () => {
    let tokens = 0;
    const { fetch, seen } = scriptedFetch(new TypeError("fetch failed"), errorReply(503, "upstream"), json(consentRecord));
    const record = await api(fetch, { getToken: () => `tok-${++tokens}` }).consents.record(consentInput);
    expect(record).toEqual(consentRecord);
    const keys = seen.map((s) => s.headers.get("Idempotency-Key"));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(seen.map((s) => s.headers.get("Authorization"))).toEqual(["Bearer tok-1", "Bearer tok-2", "Bearer tok-3"]);
  });

  it("429 honours Retry-After (seconds)", async () => {
    const { fetch, seen } = scriptedFetch(json({ error: { code: "rate_limited", message: "slow down" } }, 429, { "Retry-After": "1" }), json(searchResult));
    const started = performance.now();
    await api(fetch).addresses.search({ postcode: "SW1A 1AA" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(seen).toHaveLength(2);
  });

  it("a Retry-After beyond maxRetryAfterMs is not waited for", async () => {
    const { fetch, seen } = scriptedFetch(json({ error: { code: "rate_limited", message: "later" } }, 429, { "Retry-After": "120" }));
    const error = await rejection(api(fetch).addresses.search({ postcode: "SW1A 1AA" }));
    expect(error).toMatchObject({ code: "rate_limited", details: { retryAfterMs: 120_000 } });
    expect(seen).toHaveLength(1);
  });

  it("backs off exponentially with jitter between attempts", async () => {
    const times: number[] = [];
    const { fetch } = scriptedFetch(() => {
      times.push(performance.now());
      return errorReply(503, "upstream");
    });
    await rejection(api(fetch, { retries: 2, backoff: { baseMs: 40, maxMs: 1_000 }, random: () => 1 }).addresses.search({ postcode: "SW1A 1AA" }));
    const gaps = [(times[1] ?? 0) - (times[0] ?? 0), (times[2] ?? 0) - (times[1] ?? 0)];
    // random() = 1 gives the full delay: 40 ms, then 80 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[1]).toBeGreaterThan(gaps[0] ?? 0);
  });
});

describe("createHttpApi: timeouts and cancelling", () => {
  it("each attempt times out → timeout, retried for a safe call", async () => {
    const { fetch, seen } = scriptedFetch("hang");
    const error = await rejection(api(fetch, { timeoutMs: 30, retries: 1 }).addresses.search({ postcode: "SW1A 1AA" }));
    expect(error).toMatchObject({ code: "timeout", retryable: true });
    expect(seen).toHaveLength(2);
  });

  it("times out even when fetch ignores the signal", async () => {
    const { fetch } = scriptedFetch("hang-ignoring-signal");
    const error = await rejection(api(fetch, { timeoutMs: 30, retries: 0 }).addresses.search({ postcode: "SW1A 1AA" }));
    expect(error.code).toBe("timeout");
  });

  it("the caller's abort rejects promptly and is never retried", async () => {
    const { fetch, seen } = scriptedFetch("hang-ignoring-signal");
    const controller = new AbortController();
    const started = performance.now();
    const pending = api(fetch, { timeoutMs: 10_000 }).addresses.search({ postcode: "SW1A 1AA" }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toMatchObject({ code: "network", retryable: false, details: { aborted: true } });
    expect(seen).toHaveLength(1);
  });

  it("an abort during the backoff wait stops further attempts", async () => {
    const { fetch, seen } = scriptedFetch(errorReply(503, "upstream"));
    const controller = new AbortController();
    const pending = api(fetch, { backoff: { baseMs: 5_000, maxMs: 5_000 } }).addresses.search({ postcode: "SW1A 1AA" }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ details: { aborted: true } });
    expect(seen).toHaveLength(1);
  });

  it("an already-aborted signal sends nothing", async () => {
    const { fetch, seen } = scriptedFetch(json(searchResult));
    await expect(api(fetch).addresses.search({ postcode: "SW1A 1AA" }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(OnflexError);
    expect(seen).toHaveLength(0);
  });
});

describe("createHttpApi: wizard", () => {
  const state = {
    wizardId: "sbx-wiz-1",
    template: "axle-flex-lite",
    isComplete: false,
    isRewindable: true,
    currentStep: { id: "eligibility", type: "eligibility", params: { proposition: "limited_pause" } },
    completedSteps: ["address"],
  };
  const facts = { meter: { mpan: SANDBOX.mpans.domestic } };

  it("start: POST /v1/wizards with an Idempotency-Key; get: GET /v1/wizards/{wizardId}", async () => {
    const { fetch, seen } = scriptedFetch(json(state));
    const client = api(fetch);
    await client.wizard.start({ template: "axle-flex-lite", facts: { assetModel: "x" } });
    await client.wizard.get({ wizardId: "sbx-wiz-1" });
    expect(seen[0]).toMatchObject({ method: "POST", url: "https://api.onflex.test/v1/wizards" });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ template: "axle-flex-lite", facts: { assetModel: "x" } });
    expect(seen[0]?.headers.get("Idempotency-Key")).toBeTruthy();
    expect(seen[1]).toMatchObject({ method: "GET", url: "https://api.onflex.test/v1/wizards/sbx-wiz-1", body: undefined });
  });

  it("answer: POST /v1/wizards/{wizardId}/steps/{stepId} with { facts }, and no Idempotency-Key", async () => {
    const { fetch, seen } = scriptedFetch(json(state));
    await api(fetch).wizard.answer({ wizardId: "w:1", stepId: "address.v2", facts });
    expect(seen[0]).toMatchObject({ method: "POST", url: "https://api.onflex.test/v1/wizards/w%3A1/steps/address.v2" });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ facts });
    expect(seen[0]?.headers.has("Idempotency-Key")).toBe(false);
  });

  it("rewind: POST /v1/wizards/{wizardId}/rewind with { stepId }", async () => {
    const { fetch, seen } = scriptedFetch(json(state));
    await api(fetch).wizard.rewind({ wizardId: "sbx-wiz-1", stepId: "address" });
    expect(seen[0]).toMatchObject({ method: "POST", url: "https://api.onflex.test/v1/wizards/sbx-wiz-1/rewind" });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ stepId: "address" });
    expect(seen[0]?.headers.has("Idempotency-Key")).toBe(false);
  });

  it("answer is retried after 503 (the server recognises a repeat), with the same request", async () => {
    const { fetch, seen } = scriptedFetch(errorReply(503, "upstream"), json(state));
    expect(await api(fetch).wizard.answer({ wizardId: "sbx-wiz-1", stepId: "address", facts })).toEqual(state);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.url).toBe(seen[0]?.url);
    expect(seen[1]?.body).toBe(seen[0]?.body);
  });

  it("get is retried after 502; rewind is attempted once", async () => {
    const get = scriptedFetch(errorReply(502, "upstream"), json(state));
    await api(get.fetch).wizard.get({ wizardId: "sbx-wiz-1" });
    expect(get.seen).toHaveLength(2);
    const rewind = scriptedFetch(errorReply(503, "upstream"), json(state));
    await expect(api(rewind.fetch).wizard.rewind({ wizardId: "sbx-wiz-1", stepId: "address" })).rejects.toMatchObject({ code: "upstream" });
    expect(rewind.seen).toHaveLength(1);
  });

  it("an answer that breaks the state's rules (a current step on a complete wizard) is invalid_response", async () => {
    const { fetch } = scriptedFetch(json({ ...state, isComplete: true }));
    await expect(api(fetch).wizard.get({ wizardId: "sbx-wiz-1" })).rejects.toMatchObject({ code: "invalid_response" });
  });

  it.each([".", ".."])("a step id of %j is refused before any request (a URL would resolve it as a path segment)", async (stepId) => {
    const { fetch, seen } = scriptedFetch(json(state));
    await expect(api(fetch).wizard.answer({ wizardId: "sbx-wiz-1", stepId, facts })).rejects.toMatchObject({ code: "validation" });
    await expect(api(fetch).wizard.get({ wizardId: stepId })).rejects.toMatchObject({ code: "validation" });
    expect(seen).toHaveLength(0);
  });
});
