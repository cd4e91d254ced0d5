import { describe, expect, it } from "vitest";
import { OnflexError, abortedError, isAbortedError, toOnflexError, validationError } from "@onflex/core";

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
