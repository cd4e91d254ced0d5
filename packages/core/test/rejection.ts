import { OnflexError } from "@onflex/core";
import { expect } from "vitest";

/** The OnflexError a call rejects with; fails the test when it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<OnflexError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OnflexError);
    return error as OnflexError;
  }
  throw new Error("Expected the call to reject.");
}
