import type { OnboardingApi } from "@onflex/core";
import type { ExternalOpener, FlowDeps } from "@onflex/machines";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { createI18n } from "../i18n/i18n.js";
import type { MessageOverrides, Messages } from "../i18n/i18n.types.js";
import type { LocaleTag } from "../i18n/locales/index.js";
import { appearanceToStyle } from "../theme/theme.js";
import type { Appearance } from "../theme/theme.types.js";
import { openInBrowser } from "./external.js";
import { OnflexContext, type OnflexContextValue } from "./onflex.context.js";

export interface OnflexProviderProps {
  /** Where every flow reads and writes: `createSandboxApi()`, `createHttpApi(...)` or your own. */
  api: OnboardingApi;
  appearance?: Appearance;
  /**
   * A BCP 47 tag; picks the Intl formats, and the built-in catalogue (en-GB, en-US) when no
   * `catalogue` is given. Defaults to en-GB.
   */
  locale?: LocaleTag;
  /**
   * The locale's complete messages, for a language that is not built in:
   * `import { deDE } from "@onflex/react/locales/de-DE"` (or `esUS` from `…/locales/es-US`),
   * imported statically or with `import()` before rendering. Without it a German or Spanish
   * locale reads in British English (with a warning in development); a server renders the
   * language given here, synchronously.
   */
  catalogue?: Messages;
  /** Overrides for individual messages (e.g. your own product names), and your own steps' messages. */
  messages?: MessageOverrides;
  /**
   * The clock every flow below stamps consents with (`givenAt`); the device clock when
   * absent. Pass a fixed one for stories, tests and replays, as the sandbox's `clock`.
   */
  clock?: () => Date;
  /**
   * Opens another site's page for a flow that sends the user away (a maker's sign-in): a popup
   * in an iframe, a redirect at the top level, the system browser from a WebView. Called inside
   * the user's click. Defaults to a new browser tab (`openInBrowser`).
   */
  openExternal?: ExternalOpener;
  className?: string;
  children?: ReactNode;
}

/**
 * Gives every Onflex component below it the API, the messages and the theme. The theme is
 * a set of CSS custom properties on this root element, read by `@onflex/react/styles.css`.
 */
export function OnflexProvider({ api, appearance, locale = "en-GB", catalogue, messages, clock, openExternal, className, children }: OnflexProviderProps) {
  const i18n = useMemo(() => createI18n(locale, messages, catalogue), [locale, messages, catalogue]);
  // The clock and opener are read through refs, so the dependencies (and every machine bound
  // with them) change only with the API, not with a host's inline closures.
  const clockRef = useRef(clock);
  const openRef = useRef(openExternal);
  useEffect(() => {
    clockRef.current = clock;
    openRef.current = openExternal;
  });
  const deps = useMemo<FlowDeps>(
    () => ({
      api,
      clock: () => (clockRef.current ? clockRef.current() : new Date()),
      openExternal: (request) => (openRef.current ?? openInBrowser)(request),
    }),
    [api],
  );
  const value = useMemo<OnflexContextValue>(() => ({ api, i18n, clock, deps }), [api, i18n, clock, deps]);
  const style = useMemo(() => appearanceToStyle(appearance), [appearance]);
  return (
    <OnflexContext.Provider value={value}>
      <div
        className={className ? `onflex ${className}` : "onflex"}
        data-scope="onflex"
        data-part="root"
        data-color-scheme={appearance?.colorScheme ?? "light"}
        lang={i18n.locale}
        style={style}
      >
        {children}
      </div>
    </OnflexContext.Provider>
  );
}
