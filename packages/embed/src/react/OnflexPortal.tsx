"use client";
import { useEffect, useRef } from "react";
import type { CSSProperties } from "react";
import { mountPortal } from "../mount.js";
import type { MountPortalOptions, PortalHandle } from "../mount.js";

export interface OnflexPortalProps extends Omit<MountPortalOptions, "url"> {
  /** The signed portal URL. Changing it loads the new link; other prop changes never reload. */
  url: string;
  className?: string;
  style?: CSSProperties;
}

// Effects that are set up, torn down and set up again in one go (StrictMode, fast refresh)
// must keep the same iframe: reloading would spend the link's one-time nonce. So teardown
// waits a microtask and is skipped if the same portal was mounted again meanwhile.
const users = new WeakMap<PortalHandle, number>();

/** The portal in an iframe; `onEvent` receives every validated message from it. */
export function OnflexPortal({ url, onEvent, onRejectedMessage, minHeight, maxHeight, title, allow, className, style }: OnflexPortalProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const onEventRef = useRef(onEvent);
  const onRejectedRef = useRef(onRejectedMessage);
  useEffect(() => {
    onEventRef.current = onEvent;
    onRejectedRef.current = onRejectedMessage;
  });

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const handle = mountPortal(element, {
      url,
      minHeight,
      maxHeight,
      title,
      allow,
      onEvent: (message) => onEventRef.current(message),
      onRejectedMessage: (rejection) => onRejectedRef.current?.(rejection),
    });
    users.set(handle, (users.get(handle) ?? 0) + 1);
    return () => {
      users.set(handle, (users.get(handle) ?? 1) - 1);
      queueMicrotask(() => {
        if (users.get(handle) === 0) handle.destroy();
      });
    };
  }, [url, minHeight, maxHeight, title, allow]);

  return <div ref={containerRef} className={className} style={style} data-scope="onflex-portal" data-part="root" />;
}
