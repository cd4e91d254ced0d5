import { PORTAL_PROTOCOL_VERSION } from "@onflex/embed";
import { OnflexPortal } from "@onflex/embed/react";
import type { OnflexPortalHandle } from "@onflex/embed/react";
import { act, cleanup, render, screen } from "@testing-library/react";
import { createRef, StrictMode } from "react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

const URL_A = "https://portal.example/embed?v=2&nonce=aaaaaaaaaaaaaaaaaaaaaa";
const URL_B = "https://portal.example/embed?v=2&nonce=bbbbbbbbbbbbbbbbbbbbbb";
const ready = { source: "onflex-portal", version: PORTAL_PROTOCOL_VERSION, type: "ready", payload: { siteId: "s1" } };

const flushTeardown = () => act(async () => {});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

// The iframe has no ARIA role; its title is its accessible name.
const portalFrame = () => screen.getByTitle("Onflex onboarding") as HTMLIFrameElement;

describe.each([
  ["StrictMode", (node: ReactNode) => <StrictMode>{node}</StrictMode>],
  ["plain", (node: ReactNode) => <>{node}</>],
])("<OnflexPortal> (%s)", (_mode, wrap) => {
  it("creates the iframe once and keeps it through the double mount", async () => {
    const createElement = vi.spyOn(document, "createElement");
    render(wrap(<OnflexPortal url={URL_A} />));
    await flushTeardown();
    expect(screen.getAllByTitle("Onflex onboarding")).toHaveLength(1);
    expect(createElement.mock.calls.filter(([tag]) => tag === "iframe")).toHaveLength(1);
    expect(portalFrame().src).toBe(URL_A);
  });

  it("delivers messages to the latest callbacks without reloading the iframe", async () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const { rerender } = render(wrap(<OnflexPortal url={URL_A} onReady={(m) => first.push(m)} />));
    await flushTeardown();
    const frame = portalFrame();
    rerender(wrap(<OnflexPortal url={URL_A} onReady={(m) => second.push(m)} minHeight={400} />));
    await flushTeardown();
    expect(portalFrame()).toBe(frame);
    expect(frame.style.height).toBe("400px");
    window.dispatchEvent(new MessageEvent("message", { origin: "https://portal.example", source: frame.contentWindow, data: ready }));
    expect(first).toEqual([]);
    expect(second).toEqual([ready.payload]);
  });

  it("a ref's resume() posts to the portal's iframe, and does nothing once unmounted", async () => {
    const ref = createRef<OnflexPortalHandle>();
    const { unmount } = render(wrap(<OnflexPortal ref={ref} url={URL_A} />));
    await flushTeardown();
    const postMessage = vi.spyOn(portalFrame().contentWindow!, "postMessage");
    expect(ref.current?.resume({ url: "myapp://back?code=1" })).toBe(true);
    expect(postMessage).toHaveBeenCalledWith({ source: "onflex-host", version: PORTAL_PROTOCOL_VERSION, type: "resume", payload: { url: "myapp://back?code=1" } }, "https://portal.example");
    const handle = ref.current!;
    unmount();
    await flushTeardown();
    expect(handle.resume()).toBe(false);
  });

  it("loads the new link when the url changes", async () => {
    const { rerender } = render(wrap(<OnflexPortal url={URL_A} />));
    await flushTeardown();
    rerender(wrap(<OnflexPortal url={URL_B} />));
    await flushTeardown();
    expect(screen.getAllByTitle("Onflex onboarding")).toHaveLength(1);
    expect(portalFrame().src).toBe(URL_B);
  });

  it("removes the iframe and its listener on unmount", async () => {
    const onReady = vi.fn();
    const { unmount } = render(wrap(<OnflexPortal url={URL_A} onReady={onReady} title="Energy programme" />));
    await flushTeardown();
    const frame = screen.getByTitle("Energy programme") as HTMLIFrameElement;
    const source = frame.contentWindow;
    unmount();
    await flushTeardown();
    expect(screen.queryByTitle("Energy programme")).toBeNull();
    expect(frame.isConnected).toBe(false);
    window.dispatchEvent(new MessageEvent("message", { origin: "https://portal.example", source, data: ready }));
    expect(onReady).not.toHaveBeenCalled();
  });
});
