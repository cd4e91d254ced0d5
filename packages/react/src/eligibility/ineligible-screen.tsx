import type { EligibilityIssue, PropositionEligibility } from "@onflex/core";
import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { propositionName } from "../shared/messages.js";
import { StepFrame } from "../step/step-frame.js";
import type { OutcomeComponentProps } from "../step/step.types.js";
import { EligibilityResults } from "./eligibility-results.js";

/** The journey is blocked because the home is not eligible: say for what, and every reason. */
export function IneligibleScreen({ blocked, canGoBack, back, exit }: OutcomeComponentProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const proposition = typeof blocked.details["proposition"] === "string" ? blocked.details["proposition"] : "";
  const issues = Array.isArray(blocked.details["issues"]) ? (blocked.details["issues"] as EligibilityIssue[]) : [];
  const result: PropositionEligibility = { proposition, isEligible: false, issues };
  return (
    <StepFrame rootProps={{ "data-scope": "journey", "data-part": "ineligible", "data-state": "blocked" }}>
      <StepHeading viewKey="ineligible">{t("eligibility.ineligible.heading", { proposition: propositionName(i18n, proposition) })}</StepHeading>
      <EligibilityResults propositions={[result]} />
      <p>{t("eligibility.ineligible.body")}</p>
      <div className="onflex-actions">
        {canGoBack ? <Button onClick={back}>{t("eligibility.changeAddress")}</Button> : null}
        <Button variant="secondary" onClick={exit}>
          {t("eligibility.exit")}
        </Button>
      </div>
    </StepFrame>
  );
}
