import { useI18n } from "../provider/onflex.context.js";

/** Shown while a step's code loads (or the server picks the next step): announced, and shaped like a step. */
export function StepSkeleton() {
  const { t } = useI18n();
  const label = t("flow.loading");
  return (
    <div className="onflex-step onflex-skeleton" role="status" aria-label={label} aria-busy="true" data-scope="journey" data-part="skeleton">
      <span className="onflex-visually-hidden">{label}</span>
      <div className="onflex-skeleton-line" data-size="heading" aria-hidden="true" />
      <div className="onflex-skeleton-line" aria-hidden="true" />
      <div className="onflex-skeleton-line" data-size="short" aria-hidden="true" />
    </div>
  );
}
