import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { StepFrame } from "../step/step-frame.js";
import type { OutcomeComponentProps } from "../step/step.types.js";

/** The journey is blocked because the device's provider connects through its own app, which Onflex cannot guide yet. */
export function GuidedNotSupportedScreen({ blocked, canGoBack, back, exit }: OutcomeComponentProps) {
  const i18n = useI18n();
  const provider = typeof blocked.details["provider"] === "string" ? blocked.details["provider"] : "";
  const maker = i18n.tryT(`device.provider.${provider}`) ?? i18n.t("deviceAuth.notSupported.theMaker");
  return (
    <StepFrame rootProps={{ "data-scope": "journey", "data-part": "guided-not-supported", "data-state": "blocked" }}>
      <StepHeading viewKey="guided-not-supported">{i18n.t("deviceAuth.notSupported.heading")}</StepHeading>
      <p>{i18n.t("deviceAuth.notSupported.body", { maker })}</p>
      <div className="onflex-actions">
        {canGoBack ? <Button onClick={back}>{i18n.t("common.back")}</Button> : null}
        <Button variant="secondary" onClick={exit}>
          {i18n.t("device.unsupported.exit")}
        </Button>
      </div>
    </StepFrame>
  );
}
