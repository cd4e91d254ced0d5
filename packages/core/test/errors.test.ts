import { describe, expect, it } from "vitest";
import { ONFLEX_ERROR_CODES, OnflexError, STATUS_FOR_ERROR_CODE, abortedError, createHttpApi, isAbortedError, serveOperation, toOnflexError, validationError } from "@onflex/core";
import type { OnboardingApi } from "@onflex/core";

describe("OnflexError helpers", () => {
  it("round-trips through JSON, as it must across a window boundary", () => {
    const error = new OnflexError("conflict", "Terms changed.", { details: { currentVersion: "v2" } });
    const copy = OnflexError.fromJSON(JSON.parse(JSON.stringify(error)) as ReturnType<OnflexError["toJSON"]>);
    expect(copy).toBeInstanceOf(OnflexError);
    expect(copy.toJSON()).toEqual({ code: "conflict", message: "Terms changed.", retryable: false, details: { currentVersion: "v2" } });
  });

  it("abortedError: a plain abort is a non-retryable cancellation, a timeout reason is a timeout, an OnflexError reason is kept", () => {
    const plain = abortedError(AbortSignal.abort());
    expect(plain).toMatchObject({ code: "network", retryable: false });
    expect(isAbortedError(plain)).toBe(true);
    expect(abortedError(AbortSignal.abort(new DOMException("late", "TimeoutError"))).code).toBe("timeout");
    const reason = new OnflexError("unauthorized", "Signed out.");
    expect(abortedError(AbortSignal.abort(reason))).toBe(reason);
    expect(isAbortedError(new OnflexError("network", "offline"))).toBe(false);
  });

  it("validationError lists each issue with its path and the validator's reason", () => {
    const error = validationError([
      { path: ["site", "postcode"], message: "Too short.", params: { reason: "too_short" } },
      { path: [], message: "Missing." },
    ]);
    expect(error.code).toBe("validation");
    expect(error.message).toContain("site.postcode: Too short.");
    expect(error.details["issues"]).toEqual([
      { path: "site.postcode", message: "Too short.", reason: "too_short" },
      { path: "", message: "Missing." },
    ]);
  });

  it("toOnflexError wraps anything thrown", () => {
    expect(toOnflexError("boom")).toMatchObject({ code: "network", message: "Something went wrong." });
    const same = new OnflexError("timeout", "slow");
    expect(toOnflexError(same)).toBe(same);
  });
});

describe("unsupported_step", () => {
  it("is a known code: not retryable by default, served as 422", () => {
    expect(ONFLEX_ERROR_CODES).toContain("unsupported_step");
    expect(new OnflexError("unsupported_step", "No flow for tariff_teleport.").retryable).toBe(false);
    expect(STATUS_FOR_ERROR_CODE.unsupported_step).toBe(422);
  });

  it("keeps its code over the wire (router → HTTP adapter) and is not retried", async () => {
    const refuse = () => Promise.reject(new OnflexError("unsupported_step", "No flow for tariff_teleport.", { details: { type: "tariff_teleport" } }));
    const api = { consents: { terms: refuse } } as unknown as OnboardingApi;
    let calls = 0;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      const url = new URL(String(input));
      const served = await serveOperation(api, { method: init?.method ?? "GET", pathname: url.pathname, query: url.searchParams, readJson: async () => undefined });
      return new Response(JSON.stringify(served.body), { status: served.status });
    }) as typeof globalThis.fetch;
    const error = await createHttpApi({ baseUrl: "https://api.onflex.test", fetch, backoff: { baseMs: 1, maxMs: 2 } })
      .consents.terms({ proposition: "limited_pause" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnflexError);
    expect(error).toMatchObject({ code: "unsupported_step", retryable: false, details: { type: "tariff_teleport", status: 422 } });
    expect(calls).toBe(1);
  });
});
