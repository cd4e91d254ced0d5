import type { SerializedOnflexError } from "@onflex/core";

/**
 * Errors live in context as plain JSON so a persisted snapshot can carry them; views read
 * `code` to pick a message and `retryable` to offer a retry.
 */
export type FlowError = SerializedOnflexError;

/** Attributes a view spreads on a part so styling and tests can find it. */
export interface PartProps {
  "data-scope": string;
  "data-part": string;
  "data-state": string;
}

/** What every connect function needs from an actor: its snapshot and a way to send. */
export type Send<TEvent> = (event: TEvent) => void;
