import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { PortalBoot } from "../shared/boot.types.js";
import { PortalFrame } from "./first-screen.frame.js";
import { firstScreenOf, handOver, handoffFrom, type FirstScreen, type Handoff, type Prerendered } from "./first-screen.js";
import { FirstScreenShell } from "./first-screen.shell.js";
import { loadPortalFlow, type PortalFlowComponent } from "./flow.load.js";
import { progressFor, readProgressNow, type ServerProgress } from "./progress.storage.js";

interface Loaded {
  progress: ServerProgress;
  /** Null when the saved journey opens on another screen. */
  firstScreen: FirstScreen | null;
  handoff: Handoff | null;
}

function loadedFrom(progress: ServerProgress, journey: string | null, prerendered: Prerendered | null): Loaded {
  const firstScreen = firstScreenOf(progress.storage.load(), journey);
  return { progress, firstScreen, handoff: firstScreen ? handoffFrom(firstScreen, prerendered) : null };
}

/** Calls `run` after the next frame has painted. */
function afterNextPaint(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

export interface PortalAppProps {
  boot: PortalBoot;
  /** The saved journey; `progressFor(boot)` (read once per page) by default. */
  progress?: Promise<ServerProgress>;
  /** Fetches the flow; the portal.flow chunk by default. */
  loadFlow?: () => Promise<PortalFlowComponent>;
  /** What the user did on the first screen the server sent (capturePrerendered), read just before this render. */
  prerendered?: Prerendered | null;
  /** The flow, when it has already loaded (the server's first screen stood in for the shell meanwhile). */
  initialFlow?: PortalFlowComponent | null;
}

/**
 * The branded header, then, once the saved journey is read: on the first screen, its shell
 * (first-screen.shell.tsx) at once and the flow after it has painted; anywhere else, a
 * loading status until the flow resumes the journey. The flow replaces the shell in one
 * blocking render (an ordinary update, never a transition, so no keystroke falls between the
 * value it reads and the screen it commits), and `handOver` carries on from what the user did.
 */
export function PortalApp({ boot, progress: progressPromise, loadFlow = loadPortalFlow, prerendered = null, initialFlow = null }: PortalAppProps) {
  const { branding } = boot.site;
  // Usually read already (the entry started it before React loaded): then the first render paints the screen.
  const [loaded, setLoaded] = useState<Loaded | null>(() => {
    const now = progressPromise ? undefined : readProgressNow(boot);
    return now ? loadedFrom(now, boot.journey, prerendered) : null;
  });
  const [Flow, setFlow] = useState<PortalFlowComponent | null>(() => initialFlow);
  const main = useRef<HTMLElement>(null);

  const waiting = loaded === null;
  useEffect(() => {
    if (!waiting) return;
    let cancelled = false;
    void (progressPromise ?? progressFor(boot)).then((progress) => {
      if (!cancelled) setLoaded(loadedFrom(progress, boot.journey, prerendered));
    });
    return () => {
      cancelled = true;
    };
  }, [boot, progressPromise, waiting, prerendered]);

  const onFirstScreen = loaded !== null && loaded.firstScreen !== null;
  const hasFlow = Flow !== null;
  useEffect(() => {
    if (!loaded || hasFlow) return;
    let cancelled = false;
    const start = () => {
      loadFlow().then(
        (component) => {
          if (!cancelled) setFlow(() => component);
        },
        (error: unknown) => console.error(error),
      );
    };
    if (!onFirstScreen) {
      start();
      return () => {
        cancelled = true;
      };
    }
    // The shell is all the first screen needs: the flow's code waits until it is on screen.
    const stop = afterNextPaint(start);
    return () => {
      cancelled = true;
      stop();
    };
  }, [loaded, onFirstScreen, loadFlow, hasFlow]);

  useLayoutEffect(() => {
    if (Flow && loaded?.handoff && main.current) handOver(main.current, loaded.handoff);
  }, [Flow, loaded]);

  return (
    <PortalFrame branding={branding} mainRef={main}>
      {Flow && loaded ? (
        <Flow boot={boot} progress={loaded.progress} handoff={loaded.handoff} />
      ) : loaded?.handoff ? (
        <FirstScreenShell branding={branding} handoff={loaded.handoff} />
      ) : (
        <p className="portal-loading" role="status">
          Loading…
        </p>
      )}
    </PortalFrame>
  );
}

/** Shown when the page was opened without the server's boot data (e.g. reloaded after the link was used). */
export function PortalUnavailable() {
  return (
    <main className="portal">
      <h1>This page needs a fresh link</h1>
      <p>For your security the portal opens once per link. Go back to the app and open it again.</p>
    </main>
  );
}
