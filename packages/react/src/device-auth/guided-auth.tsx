import { zodResolver } from "@hookform/resolvers/zod";
import { normalisePairingCode, PairingCode } from "@onflex/core";
import type { DeviceAuthView } from "@onflex/machines";
import * as z from "zod/mini";
import { Button, StepHeading, TextField } from "../primitives/index.js";
import { useI18n } from "../provider/onflex.context.js";
import { errorMessage } from "../shared/messages.js";
import { StepFailure } from "../step/step-failure.js";
import { useDraftedForm } from "../step/use-form-draft.js";

type GuidedProps = { view: DeviceAuthView; maker: string };

/** The guided steps' status line for the frame's live region, or undefined when there is none. */
export function guidedStatus(view: DeviceAuthView, t: ReturnType<typeof useI18n>["t"], maker: string): string | undefined {
  const app = view.guided.appName ?? maker;
  if (view.step === "guideLoading") return t("deviceAuth.guided.preparing", { maker });
  if (view.step === "submittingCode") return t("deviceAuth.guided.submitting");
  if (view.step === "guidedWaiting") return t("deviceAuth.guided.waiting.status", { app });
  return undefined;
}

/**
 * A provider without an OAuth sign-in (JEDLIX, MYENERGI): the ways the platform offers (the
 * maker's app, a pairing code), the steps in the app, the code form, waiting for the maker,
 * and each way it can end, with what to do next.
 */
export function GuidedAuth({ view, maker }: GuidedProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const { guided } = view;
  const app = guided.appName ?? maker;
  const values = { app, maker, device: view.deviceLabel };
  const failure = (heading: string, body: string | null, onRetry: () => void) => (
    <>
      <StepFailure viewKey={view.step} heading={heading} onRetry={onRetry} exitLabel={t("deviceAuth.guided.exit")} onExit={view.exit}>
        {body ?? errorMessage(i18n, view.error)}
      </StepFailure>
      {guided.canChooseAgain ? (
        <div className="onflex-actions">
          <Button variant="secondary" onClick={guided.chooseAgain}>
            {t("deviceAuth.guided.chooseAgain")}
          </Button>
        </div>
      ) : null}
    </>
  );
  switch (view.step) {
    case "guideLoading":
    case "choosing":
      return (
        <>
          <StepHeading viewKey="choosing">{t("deviceAuth.guided.heading", values)}</StepHeading>
          <p>{t("deviceAuth.guided.intro", values)}</p>
          <div className="onflex-actions" data-part="guided-ways">
            {guided.ways.map((way) => (
              <Button key={way} variant={way === guided.ways[0] ? "primary" : "secondary"} onClick={() => guided.choose(way)} disabled={!guided.canChoose}>
                {t(`deviceAuth.guided.way.${way}`, values)}
              </Button>
            ))}
            <Button variant="secondary" onClick={view.exit} disabled={!view.canExit} busy={view.isLoading}>
              {t("deviceAuth.guided.exit")}
            </Button>
          </div>
        </>
      );
    case "guideFailed":
      return failure(t("deviceAuth.guided.guideFailed.heading", values), null, view.retry);
    case "appSteps":
      return (
        <>
          <StepHeading viewKey="appSteps">{t("deviceAuth.guided.app.heading", values)}</StepHeading>
          <p>{t("deviceAuth.guided.app.intro", values)}</p>
          <Steps view={view} app={app} />
          <div className="onflex-actions">
            {/* Opens in this tap: a phone or a WebView hands the link to the app only from the user's own gesture. */}
            <Button onClick={guided.openApp}>{t("deviceAuth.guided.app.open", values)}</Button>
            <Button variant="secondary" onClick={guided.appDone}>
              {t("deviceAuth.guided.app.done")}
            </Button>
          </div>
          <p>
            <a className="onflex-link" {...guided.getAppLinkProps()}>
              {t("deviceAuth.guided.app.link", values)}
            </a>
          </p>
          <OtherWays view={view} />
        </>
      );
    case "codeEntry":
    case "submittingCode":
      return <CodeForm view={view} app={app} />;
    case "submitFailed":
      return failure(t("deviceAuth.guided.submitFailed.heading"), null, view.retry);
    case "codeWrong":
      return failure(t("deviceAuth.guided.codeWrong.heading"), t("deviceAuth.guided.codeWrong.body", values), guided.editCode);
    case "pairingCodeExpired":
      return failure(t("deviceAuth.guided.codeExpired.heading"), t("deviceAuth.guided.codeExpired.body", values), guided.editCode);
    case "makerFailed":
      return failure(t("deviceAuth.guided.makerFailed.heading", values), t("deviceAuth.guided.makerFailed.body", values), view.retry);
    case "guidedWaiting":
      return (
        <>
          <StepHeading viewKey="guidedWaiting">{t("deviceAuth.guided.waiting.heading", values)}</StepHeading>
          <p>{t("deviceAuth.guided.waiting.body", values)}</p>
          <div className="onflex-actions">
            <Button onClick={guided.checkNow} disabled={!guided.canCheckNow}>
              {t("deviceAuth.guided.checkNow")}
            </Button>
          </div>
          <OtherWays view={view} />
        </>
      );
    case "stillWaiting":
      return (
        <>
          <StepHeading viewKey="stillWaiting">{t("deviceAuth.guided.stillWaiting.heading")}</StepHeading>
          <p>{t("deviceAuth.guided.stillWaiting.body", values)}</p>
          <div className="onflex-actions">
            <Button onClick={guided.checkNow}>{t("deviceAuth.guided.checkNow")}</Button>
            <Button variant="secondary" onClick={guided.keepWaiting}>
              {t("deviceAuth.guided.keepWaiting")}
            </Button>
          </div>
          <OtherWays view={view} />
        </>
      );
    default:
      return null;
  }
}

/** What the user does in the app, in order. */
function Steps({ view, app }: { view: DeviceAuthView; app: string }) {
  const { t } = useI18n();
  return (
    <ol className="onflex-stack" data-part="app-steps">
      {view.guided.steps.map((step) => (
        <li key={step}>{t(`deviceAuth.guided.step.${step}`, { app, device: view.deviceLabel })}</li>
      ))}
    </ol>
  );
}

/** The ways out of a guided screen: another way (when there is one), or leaving for now. */
function OtherWays({ view }: { view: DeviceAuthView }) {
  const { t } = useI18n();
  return (
    <div className="onflex-actions">
      {view.guided.canChooseAgain && view.guided.ways.length > 1 ? (
        <Button variant="secondary" onClick={view.guided.chooseAgain}>
          {t("deviceAuth.guided.chooseAgain")}
        </Button>
      ) : null}
      <Button variant="secondary" onClick={view.exit} disabled={!view.canExit}>
        {t("deviceAuth.guided.exit")}
      </Button>
    </div>
  );
}

/** Empty, or a code in the format once normalised (any case, spaces, with or without the hyphen). */
const codeSchema = z.object({
  code: z.string().check(
    z.refine((value) => value.trim() !== "", { message: "required" }),
    z.refine((value) => value.trim() === "" || PairingCode.safeParse(normalisePairingCode(value)).success, { message: "invalid" }),
  ),
});

/** The pairing code form: the typed code survives a reload (a draft) and a wrong code (kept in the field). */
function CodeForm({ view, app }: { view: DeviceAuthView; app: string }) {
  const { t } = useI18n();
  const { guided } = view;
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useDraftedForm<{ code: string }>("pairingCode", { resolver: zodResolver(codeSchema), defaultValues: { code: guided.code ?? "" } });
  const problem = errors.code?.message;
  const values = { app, example: guided.codeExample };
  return (
    <>
      <StepHeading viewKey="codeEntry">{t("deviceAuth.guided.code.heading")}</StepHeading>
      <p>{t("deviceAuth.guided.code.intro", values)}</p>
      <Steps view={view} app={app} />
      <form noValidate onSubmit={handleSubmit((submitted) => guided.submitCode(submitted.code))} data-part="pairing-code-form">
        <TextField
          label={t("deviceAuth.guided.code.label")}
          hint={t("deviceAuth.guided.code.hint", { ...values, minutes: guided.codeValidForMinutes ?? 10 })}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          error={problem === "required" ? t("deviceAuth.guided.code.required", values) : problem ? t("deviceAuth.guided.code.invalid", values) : undefined}
          {...register("code")}
        />
        <div className="onflex-actions">
          <Button type="submit" busy={view.isLoading} disabled={view.isLoading}>
            {t("deviceAuth.guided.code.submit")}
          </Button>
        </div>
      </form>
      <OtherWays view={view} />
    </>
  );
}
