import { appearanceToStyle, Button, createPlainI18nFrom, enGBAddressSearch, enGBFlow, LiveStatus, StepHeading, TextField } from "@onflex/react";
import { useLayoutEffect, useMemo, useRef, useState, type FormEvent } from "react";
import type { SiteBranding } from "../server/site.types.js";
import { appearanceFor } from "./appearance.js";
import { FIRST_STEP, JOURNEY_FLOWS, type Handoff } from "./first-screen.js";

// The parts of the catalogue <OnflexProvider> uses by default (the portal sets no locale)
// that this screen shows: the journey's frame and the address step's postcode form. Not the
// whole catalogue, nor the rest of the address step's words, which would grow this first
// chunk. They are plain `{name}` messages, so this screen formats them without the ICU parser
// the widget loads.
const i18n = createPlainI18nFrom({ ...enGBFlow, ...enGBAddressSearch }, "en-GB");
const { t } = i18n;

/**
 * The journey's first screen as the real one renders it (<OnflexProvider>'s root, the
 * progress, the address step's postcode form, the same primitives, classes, labels and
 * branding), painted with React alone: no engine, no form library, no schemas. What the user
 * does here goes into `handoff` for the real step (first-screen.ts). The shell validates
 * nothing: a submission waits, busy, and the real step checks and sends it. `inert`: the
 * copy the server puts in the page (first-screen.markup.tsx), whose form goes nowhere.
 */
export function FirstScreenShell({ branding, handoff, inert = false }: { branding: SiteBranding; handoff: Handoff; inert?: boolean }) {
  const style = useMemo(() => appearanceToStyle(appearanceFor(branding)), [branding]);
  const [busy, setBusy] = useState(handoff.submitted);
  const input = useRef<HTMLInputElement>(null);

  // The saved draft goes in as the value property, as the real form puts it, not as an
  // attribute (the markup stays the step's). The cleanup runs as the shell goes away, before
  // its field leaves the document: whether it had focus, and where the caret was.
  useLayoutEffect(() => {
    const field = input.current;
    if (field && field.value !== handoff.value) field.value = handoff.value;
    // Carrying on from the server's copy of this screen (capturePrerendered): focus and caret.
    const { focus } = handoff;
    if (field && focus && field.ownerDocument.activeElement !== field) {
      field.focus();
      if (focus.start !== null && focus.end !== null) field.setSelectionRange(focus.start, focus.end, focus.direction ?? undefined);
    }
    return () => {
      handoff.focus =
        field && field.ownerDocument.activeElement === field
          ? { start: field.selectionStart, end: field.selectionEnd, direction: field.selectionDirection }
          : null;
    };
  }, [handoff]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    handoff.submitted = true;
    setBusy(true);
  };

  return (
    <div className="onflex" data-scope="onflex" data-part="root" data-color-scheme="light" lang={i18n.locale} style={style}>
      <div data-scope="journey" data-part="root" data-state="step" className="onflex-flow">
        <nav aria-label={t("flow.progress")} data-part="progress">
          <p className="onflex-muted onflex-progress-status" data-part="progress-status">
            {t("flow.progress.status", { current: 1, total: JOURNEY_FLOWS.length })}
          </p>
          <ol className="onflex-progress">
            {JOURNEY_FLOWS.map((flow) => {
              const status = flow === FIRST_STEP.flow ? "current" : "upcoming";
              return (
                <li key={flow} data-scope="journey" data-part="step" data-state={status} aria-current={status === "current" ? "step" : undefined} data-status={status}>
                  {t(`flow.step.${flow}`)}
                </li>
              );
            })}
          </ol>
        </nav>
        <section data-scope="address" data-part="root" data-state="postcode" className="onflex-step" aria-busy={busy || undefined}>
          <StepHeading viewKey="postcode">{t("address.heading")}</StepHeading>
          <p>{t("address.intro")}</p>
          {/* The server's copy (`inert`) is a page with no script yet: there, Enter must not send the page anywhere. */}
          <form method={inert ? "dialog" : undefined} noValidate onSubmit={submit}>
            <TextField
              ref={input}
              label={t("address.postcode.label")}
              hint={t("address.postcode.hint")}
              autoComplete="postal-code"
              autoCapitalize="characters"
              spellCheck={false}
              name="postcode"
              onChange={(event) => {
                handoff.value = event.currentTarget.value;
              }}
            />
            <div className="onflex-actions">
              <Button type="submit" busy={busy}>
                {t("address.postcode.submit")}
              </Button>
            </div>
          </form>
          <LiveStatus busy={busy} />
        </section>
      </div>
    </div>
  );
}
