import { Button, StepHeading } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { StepFrame } from "../step/step-frame.js";
import type { OutcomeComponentProps } from "../step/step.types.js";
import { UnsupportedDeviceDetails, unsupportedFromDetails } from "./unsupported-device.js";

/** The journey is blocked because no device the home has can be connected: say why and what to do. */
export function UnsupportedDeviceScreen({ blocked, canGoBack, back, exit }: OutcomeComponentProps) {
  const { t } = useI18n();
  return (
    <StepFrame rootProps={{ "data-scope": "journey", "data-part": "unsupported-device", "data-state": "blocked" }}>
      <StepHeading viewKey="unsupported-device">{t("device.unsupported.heading")}</StepHeading>
      <UnsupportedDeviceDetails unsupported={unsupportedFromDetails(blocked.details)} />
      <div className="onflex-actions">
        {canGoBack ? <Button onClick={back}>{t("common.back")}</Button> : null}
        <Button variant="secondary" onClick={exit}>
          {t("device.unsupported.exit")}
        </Button>
      </div>
    </StepFrame>
  );
}
