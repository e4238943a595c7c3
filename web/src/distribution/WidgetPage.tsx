import { type FormEvent, useEffect, useState } from "react";
import { isApiError } from "../api/client.js";
import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { CopyButton, ErrorNotice, Field, Spinner } from "../ui/components.js";
import { fieldError } from "../ui/errors.js";
import { SaveActions } from "../ui/SaveActions.js";
import { useRotateWidgetKey, useSaveDistSettings, useTriggers, useWidgetInfo } from "./queries.js";
import { WidgetPreview } from "./WidgetPreview.js";

const USAGE = `otklik('identify', { externalId: 'c-42', email: 'anna@example.ru', language: 'ru' });
otklik('track', 'checkout_completed');
otklik('reset'); // on sign-out`;

/** The install snippet, the origins allowed to use it, key rotation and a live preview. */
export function WidgetPage() {
  const { t } = useI18n();
  const isAdmin = useCan("admin");
  const info = useWidgetInfo();
  const triggers = useTriggers();
  const saveOrigins = useSaveDistSettings();
  const rotate = useRotateWidgetKey();
  const [origins, setOrigins] = useState("");
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (info.data) setOrigins(info.data.allowedOrigins.join("\n"));
  }, [info.data]);

  if (info.isPending) return <Spinner />;
  if (info.error) return <ErrorNotice error={info.error} onRetry={() => info.refetch()} />;
  const pageTriggers = (triggers.data ?? []).filter((x) => x.rule.kind === "page");
  const list = origins
    .split(/[\n,]/)
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    saveOrigins.mutate({ allowedOrigins: list }, { onSuccess: () => setSaved(true) });
  };
  const originError = fieldError(saveOrigins.error, "allowedOrigins");
  const badField = isApiError(saveOrigins.error) ? (saveOrigins.error.field ?? "") : "";
  const badIndex = Number(/^allowedOrigins\.(\d+)/.exec(badField)?.[1] ?? -1);

  return (
    <div className="dist-widget" data-testid="widget-page">
      <section className="card">
        <h2 className="card-title">{t("dist.widget.install")}</h2>
        <p className="muted small">{t("dist.widget.installHint")}</p>
        <div className="dist-code">
          <pre data-testid="widget-snippet">{info.data.snippet}</pre>
          <CopyButton text={info.data.snippet} testId="widget-copy" />
        </div>
        <p className="muted small">{t("dist.widget.usage")}</p>
        <div className="dist-code">
          <pre>{USAGE}</pre>
        </div>
        {pageTriggers.length === 0 ? (
          <p className="notice notice-warn">{t("dist.widget.noPageTriggers")}</p>
        ) : (
          <p className="muted small">
            {t("dist.widget.pageTriggers", {
              count: pageTriggers.length,
              names: pageTriggers.map((x) => x.name).join(", "),
            })}
          </p>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">{t("dist.widget.origins")}</h2>
        <p className="muted small">{t("dist.widget.originsHint")}</p>
        <form onSubmit={submit} noValidate>
          <Field
            label={t("dist.widget.originsLabel")}
            error={originError && (badIndex >= 0 ? `${list[badIndex] ?? ""}: ${originError}` : originError)}
          >
            {(id, invalid) => (
              <textarea
                id={id}
                rows={3}
                className="mono"
                value={origins}
                disabled={!isAdmin}
                onChange={(e) => {
                  setSaved(false);
                  setOrigins(e.target.value);
                }}
                placeholder="https://shop.example"
                aria-invalid={invalid}
                spellCheck={false}
                data-testid="widget-origins"
              />
            )}
          </Field>
          {saveOrigins.error && !originError && <ErrorNotice error={saveOrigins.error} />}
          {isAdmin && (
            <SaveActions
              saved={saved}
              pending={saveOrigins.isPending}
              testId="widget-origins-save"
              className="form-actions"
            />
          )}
        </form>
        {isAdmin && (
          <div className="inset dist-rotate">
            <div>
              <strong>{t("dist.widget.key")}</strong>{" "}
              <code data-testid="widget-key">{info.data.widgetKey}</code>
              <p className="muted small">{t("dist.widget.rotateHint")}</p>
            </div>
            <button
              type="button"
              className="btn"
              disabled={rotate.isPending}
              onClick={() => window.confirm(t("dist.widget.rotateConfirm")) && rotate.mutate()}
              data-testid="widget-rotate"
            >
              {t("dist.widget.rotate")}
            </button>
            {rotate.error && <ErrorNotice error={rotate.error} />}
          </div>
        )}
      </section>

      <WidgetPreview defaultSurveyId={pageTriggers[0]?.surveyId} />
    </div>
  );
}
