import { useI18n } from "../provider/onflex.context.js";

/** No programme for the home: said kindly, with what happens next. */
export function NoProgramsDetails({ zipCode }: { zipCode: string | null }) {
  const { t } = useI18n();
  return (
    <div className="onflex-stack" data-scope="enrollment" data-part="no-programs">
      <p>{zipCode ? t("enrollment.none.body", { zipCode }) : t("enrollment.none.bodyNoZip")}</p>
      <p>{t("enrollment.none.whatNext")}</p>
    </div>
  );
}
