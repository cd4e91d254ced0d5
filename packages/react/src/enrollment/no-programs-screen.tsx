import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { StepFrame } from "../step/step-frame.js";
import type { OutcomeComponentProps } from "../step/step.types.js";
import { NoProgramsDetails } from "./no-programs.js";

/** The journey is blocked because no programme is offered for the home (reason "no_programs"). */
export function NoProgramsScreen({ blocked, canGoBack, back, exit }: OutcomeComponentProps) {
  const { t } = useI18n();
  const zip = blocked.details["zipCode"];
  return (
    <StepFrame rootProps={{ "data-scope": "journey", "data-part": "no-programs", "data-state": "blocked" }}>
      <StepHeading viewKey="no-programs">{t("enrollment.none.heading")}</StepHeading>
      <NoProgramsDetails zipCode={typeof zip === "string" && /^\d{5}$/.test(zip) ? zip : null} />
      <div className="onflex-actions">
        {canGoBack ? <Button onClick={back}>{t("common.back")}</Button> : null}
        <Button variant="secondary" onClick={exit}>
          {t("enrollment.none.exit")}
        </Button>
      </div>
    </StepFrame>
  );
}
