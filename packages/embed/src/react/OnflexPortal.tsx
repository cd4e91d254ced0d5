"use client";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import type { CSSProperties } from "react";
import type { PortalCallbacks } from "../host.callbacks.js";
import { mountPortal } from "../mount.js";
import type { MountPortalOptions, PortalHandle } from "../mount.js";

export interface OnflexPortalProps extends Omit<MountPortalOptions, "url"> {
  /** The signed portal URL. Changing it loads the new link; other prop changes never reload. */
  url: string;
  className?: string;
  style?: CSSProperties;
}

/** What a ref to `<OnflexPortal>` gives: the host → portal half of the protocol. */
export type OnflexPortalHandle = Pick<PortalHandle, "resume" | "send">;

// Effects that are set up, torn down and set up again in one go (StrictMode, fast refresh)
// must keep the same iframe: reloading would spend the link's one-time nonce. So teardown
// waits a microtask and is skipped if the same portal was mounted again meanwhile.
const users = new WeakMap<PortalHandle, number>();

const CALLBACKS = ["onEvent", "onStepChange", "onComplete", "onExit", "onReady", "onResize", "onOpenExternal", "onMessage"] as const;

/**
 * The portal in an iframe. Its callbacks have `<OnboardingFlow>`'s names (`onEvent`,
 * `onStepChange`, `onComplete`, `onExit`) plus `onReady`, `onResize` and `onOpenExternal`;
 * a ref gives `resume()` for when the user comes back from a page the portal asked to open.
 */
export const OnflexPortal = forwardRef<OnflexPortalHandle, OnflexPortalProps>(function OnflexPortal(props, ref) {
  const { url, minHeight, maxHeight, title, allow, className, style } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const handleRef = useRef<PortalHandle | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  useImperativeHandle(
    ref,
    () => ({
      resume: (payload) => handleRef.current?.resume(payload) ?? false,
      send: (message) => handleRef.current?.send(message) ?? false,
    }),
    [],
  );

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    // Each callback reads the latest props, so changing one never reloads the portal.
    const callbacks: PortalCallbacks = {};
    for (const name of CALLBACKS) {
      (callbacks as Record<string, (value: never) => void>)[name] = (value: never) => (latest.current[name] as ((value: never) => void) | undefined)?.(value);
    }
    const handle = mountPortal(element, {
      url,
      minHeight,
      maxHeight,
      title,
      allow,
      ...callbacks,
      onRejectedMessage: (rejection) => latest.current.onRejectedMessage?.(rejection),
      onUnknownMessage: (unknown) => latest.current.onUnknownMessage?.(unknown),
    });
    handleRef.current = handle;
    users.set(handle, (users.get(handle) ?? 0) + 1);
    return () => {
      users.set(handle, (users.get(handle) ?? 1) - 1);
      queueMicrotask(() => {
        if (users.get(handle) !== 0) return;
        handle.destroy();
        if (handleRef.current === handle) handleRef.current = null;
      });
    };
  }, [url, minHeight, maxHeight, title, allow]);

  return <div ref={containerRef} className={className} style={style} data-scope="onflex-portal" data-part="root" />;
});
