import type { PropositionEligibility } from "@onflex/core";
import { useId } from "react";
import { useI18n } from "../provider/onflex.context.js";
import { issueMessage, propositionName } from "../shared/messages.js";

/** One card per proposition: eligible or not, and each reason in the user's words. */
export function EligibilityResults({ propositions }: { propositions: readonly PropositionEligibility[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  return (
    <ul className="onflex-stack onflex-plain-list" data-scope="eligibility" data-part="results">
      {propositions.map((item, index) => {
        const nameId = `${id}-${index}`;
        return (
          <li key={item.proposition} className="onflex-result" data-part="proposition" data-state={item.isEligible ? "eligible" : "ineligible"}>
            <h3 id={nameId}>{propositionName(i18n, item.proposition)}</h3>
            <p className="onflex-badge" data-eligible={String(item.isEligible)}>
              {t(item.isEligible ? "eligibility.status.eligible" : "eligibility.status.ineligible")}
            </p>
            {item.issues.length > 0 ? (
              <ul aria-label={`${t("eligibility.reasons")}: ${propositionName(i18n, item.proposition)}`} data-part="issues">
                {item.issues.map((issue) => (
                  <li key={issue.code} data-part="issue" data-code={issue.code}>
                    {issueMessage(i18n, issue.code)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
