import { lazy, type ComponentType } from "react";
import type { LazyEntry } from "./step.types.js";

/**
 * A registry entry whose code is its own chunk: `lazyEntry(() => import("./x.js").then((m) => m.X))`.
 * `load()` fetches it (once) without rendering, for prefetching; once it has resolved,
 * `resolved()` gives the component so it renders without suspending.
 */
export function lazyEntry<P>(loader: () => Promise<ComponentType<P>>): LazyEntry<P> {
  let promise: Promise<ComponentType<P>> | undefined;
  let loaded: ComponentType<P> | undefined;
  const load = () => {
    promise ??= loader().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        // A failed fetch (offline for a moment) may be tried again on the next render.
        promise = undefined;
        throw error;
      },
    );
    return promise;
  };
  const component = lazy(async () => ({ default: await load() }));
  return { component, load, resolved: () => loaded };
}

/** A component or an entry, as an entry. */
export function toEntry<P>(value: ComponentType<P> | LazyEntry<P>): LazyEntry<P> {
  return typeof value === "object" && value !== null && "component" in value ? value : { component: value };
}
