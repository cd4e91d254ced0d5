import { toOnflexError } from "@onflex/core";
import type { FlowError, PartProps } from "./shared.types.js";

/** Whatever an actor rejected with, as the JSON form of an OnflexError. */
export function toFlowError(value: unknown): FlowError {
  return toOnflexError(value).toJSON();
}

export function partProps(scope: string, part: string, state: string): PartProps {
  return { "data-scope": scope, "data-part": part, "data-state": state };
}

/** Event payloads come from views and hosts; anything that is not a string counts as empty. */
export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
