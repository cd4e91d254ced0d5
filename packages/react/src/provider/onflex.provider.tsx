import type { OnboardingApi } from "@onflex/core";
import { useMemo, type ReactNode } from "react";
import { createI18n } from "../i18n/i18n.js";
import type { Messages } from "../i18n/i18n.types.js";
import type { LocaleTag } from "../i18n/locales/index.js";
import { appearanceToStyle } from "../theme/theme.js";
import type { Appearance } from "../theme/theme.types.js";
import { OnflexContext, type OnflexContextValue } from "./onflex.context.js";

export interface OnflexProviderProps {
  /** Where every flow reads and writes: `createSandboxApi()`, `createHttpApi(...)` or your own. */
  api: OnboardingApi;
  appearance?: Appearance;
  /** A BCP 47 tag; picks the catalogue and the Intl formats. Defaults to en-GB. */
  locale?: LocaleTag;
  /** Overrides for individual messages, e.g. your own product names. */
  messages?: Partial<Messages>;
  /**
   * The clock every flow below stamps consents with (`givenAt`); the device clock when
   * absent. Pass a fixed one for stories, tests and replays, as the sandbox's `clock`.
   */
  clock?: () => Date;
  className?: string;
  children?: ReactNode;
}

/**
 * Gives every Onflex component below it the API, the messages and the theme. The theme is
 * a set of CSS custom properties on this root element, read by `@onflex/react/styles.css`.
 */
export function OnflexProvider({ api, appearance, locale = "en-GB", messages, clock, className, children }: OnflexProviderProps) {
  const i18n = useMemo(() => createI18n(locale, messages), [locale, messages]);
  const value = useMemo<OnflexContextValue>(() => ({ api, i18n, clock }), [api, i18n, clock]);
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
